"""Where socialvalue keeps its data: one folder, SOCIALVALUE_HOME.

Everything the pipeline writes lives under that folder (default: `data/` inside the project,
git-ignored): the DuckDB warehouse, Dagster's run history, the drop folders, the landed copies of
every file received, the published site and the funder extracts.

In the shared deployment (deploy/README.md; SOCIALVALUE_POSTGRES_URL set) the folder is on storage
every machine mounts, Dagster's instance is deploy/dagster.yaml (PostgreSQL) and council spend is
in the shared warehouse (warehouse/lake.py); nothing else changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# Every Dagster process (CLI, `dagster dev`, `dg dev`) must share one run history, and DuckDB allows
# one writer per file: a pool of 1 makes Dagster queue warehouse writers instead of failing them.
DAGSTER_YAML = """\
# Written by socialvalue. Runs and event logs persist in this folder.
concurrency:
  pools:
    default_limit: 1
    granularity: op
  runs:
    max_concurrent_runs: 4
# A run whose worker died is marked failed, and its pool slots freed, by the daemon.
run_monitoring:
  enabled: true
  free_slots_after_run_end_seconds: 30
telemetry:
  enabled: false
# One event log database for every run: the default, a new SQLite file a run, costs each run
# seconds of schema creation, connections and fsyncs (the demo: 78-86 s -> 58-60 s).
event_log_storage:
  module: dagster.core.storage.event_log
  class: ConsolidatedSqliteEventLogStorage
  config:
    base_dir:
      env: DAGSTER_HOME
"""


# The shared deployment's instance (deploy/README.md): storage in PostgreSQL, a run queue with
# limits. It is used instead of DAGSTER_YAML when SOCIALVALUE_POSTGRES_URL is set.
SHARED_DAGSTER_YAML = PROJECT_ROOT / "deploy" / "dagster.yaml"
WRITTEN_BY_US = "# Written by socialvalue"
SHARED_MARK = "# Written by socialvalue for the shared deployment"


def shared_mode() -> bool:
    """True in the shared deployment: SOCIALVALUE_POSTGRES_URL names its PostgreSQL. Unset (the
    default), everything stays on this machine and no service is needed."""
    return bool(os.environ.get("SOCIALVALUE_POSTGRES_URL"))


def dagster_yaml() -> str:
    """The Dagster instance configuration for the mode in force."""
    return SHARED_DAGSTER_YAML.read_text() if shared_mode() else DAGSTER_YAML


@dataclass(frozen=True)
class Paths:
    """The folders and files under one SOCIALVALUE_HOME."""

    home: Path

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"

    def has_warehouse(self) -> bool:
        """Whether there is a warehouse to read: the DuckDB file, or in the shared deployment
        always (its spend is in the shared warehouse; the file is made when first written)."""
        return shared_mode() or self.warehouse.exists()

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster"

    @property
    def inbox(self) -> Path:
        """Drop folders watched by the sensors: inbox/<dataset>[/<council>]/."""
        return self.home / "inbox"

    @property
    def landing(self) -> Path:
        """An archive of every file received, one copy per content hash."""
        return self.home / "landing"

    @property
    def refused(self) -> Path:
        """Files the pipeline refused, each with its error report beside it."""
        return self.home / "refused"

    @property
    def site(self) -> Path:
        return self.home / "site"

    @property
    def extracts(self) -> Path:
        return self.site / "extracts"

    @property
    def config(self) -> Path:
        """An analyst's own council profiles and configuration, overriding the shipped ones."""
        return self.home / "config"

    @property
    def tmp(self) -> Path:
        return self.home / "tmp"

    def create(self) -> Paths:
        for folder in (self.home, self.dagster_home, self.inbox, self.landing, self.refused,
                       self.config / "councils", self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
        file = self.dagster_home / "dagster.yaml"
        # Written when missing, and rewritten when the mode changes (a file of ours written for
        # the other mode); a file an operator wrote is left as it is.
        if not file.exists() or _ours_for_other_mode(file.read_text()):
            file.write_text(dagster_yaml())
        return self


def _ours_for_other_mode(text: str) -> bool:
    return text.startswith(WRITTEN_BY_US) and text.startswith(SHARED_MARK) != shared_mode()


def check_thresholds() -> dict[str, float]:
    """Quarantine-rate thresholds for the asset checks: `config/checks.yaml` in the data folder
    may set `quarantine_rate: {warn: 0.02, error: 0.10}` (shares of rows read)."""
    import yaml

    wanted = {"warn": 0.02, "error": 0.10}
    file = paths().config / "checks.yaml"
    if file.exists():
        given = (yaml.safe_load(file.read_text()) or {}).get("quarantine_rate") or {}
        wanted.update({k: float(v) for k, v in given.items() if k in wanted})
    return wanted


def paths() -> Paths:
    """The data folder named by SOCIALVALUE_HOME, or `data/` in the project."""
    home = os.environ.get("SOCIALVALUE_HOME") or str(PROJECT_ROOT / "data")
    return Paths(Path(home).expanduser().resolve())


def configure_environment() -> Paths:
    """Point Dagster at the data folder's run history and write the project's `.env`.

    `dagster dev` and `dg dev` read `.env` from the project root, so the UI shows the same runs as
    the command line without anyone setting DAGSTER_HOME by hand.
    """
    p = paths().create()
    os.environ["SOCIALVALUE_HOME"] = str(p.home)
    os.environ["DAGSTER_HOME"] = str(p.dagster_home)
    env_file = PROJECT_ROOT / ".env"
    wanted = f"SOCIALVALUE_HOME={p.home}\nDAGSTER_HOME={p.dagster_home}\n"
    if p.home == (PROJECT_ROOT / "data").resolve() and (
        not env_file.exists() or env_file.read_text() != wanted
    ):
        env_file.write_text(wanted)
    return p
