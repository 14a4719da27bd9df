"""Drop folders: files analysts put in `inbox/` are received, then moved out of the way.

`inbox/spend/<council>/` takes a council's spend files; `inbox/outcomes/` partners' outcome
returns (each file names its partnership; a sub-folder named after a partnership makes sure of
it); `inbox/<dataset>/` each reference dataset, under the names the `ingest` command uses
(`partnerships`, `partners`, `catalogue`, `prices`, `evidence`, `self-assessment`, `grants`, and
the organisation registers `charities-ew`, `charities-scotland`, `charities-ni`, `companies`,
`mutuals`, `housing-providers`).
A file is picked up once it has not changed for a few seconds (so a copy in progress is not read
half-written). A file received is moved to `processed/` beside it; a refused file is moved to
`refused/<dataset>/<scope>/` with its error report beside it (`<name>.error.txt`), so the inbox
only ever holds what is still to do.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from socialvalue.intake import Received, receive_outcomes, receive_reference, receive_spend
from socialvalue.settings import paths
from sources.spend.profiles import load_profiles

SETTLE_SECONDS = 10
PROCESSED = "processed"
# inbox folder -> reference dataset (the folder names are the `socialvalue ingest` verbs)
REFERENCE_FOLDERS = {
    "partnerships": "partnerships", "partners": "partners", "catalogue": "measure_catalogue",
    "prices": "price_index", "evidence": "imperative_evidence",
    "self-assessment": "self_assessments", "grants": "grants",
    "charities-ew": "charities_ew", "charities-scotland": "charities_scotland",
    "charities-ni": "charities_ni", "companies": "companies", "mutuals": "mutuals",
    "housing-providers": "housing_providers",
}


@dataclass(frozen=True)
class Dropped:
    """A file found in a drop folder, ready to receive."""

    dataset: str
    scope: str | None
    path: Path


def waiting_spend(now: float | None = None, settle: float = SETTLE_SECONDS
                  ) -> tuple[list[Dropped], list[str]]:
    """Spend files ready in the inbox, and notes on folders that cannot be used."""
    inbox = paths().inbox / "spend"
    inbox.mkdir(parents=True, exist_ok=True)
    known = load_profiles()
    now = time.time() if now is None else now
    ready, notes = [], []
    for folder in sorted(p for p in inbox.iterdir() if p.is_dir()):
        files = _settled(folder, now, settle)
        if folder.name not in known:
            if files:
                notes.append(f"{folder}: no council profile {folder.name!r}; write "
                             f"{paths().config / 'councils' / (folder.name + '.yaml')}")
            continue
        ready += [Dropped("spend", folder.name, f) for f in files]
    return ready, notes


def waiting_outcomes(now: float | None = None, settle: float = SETTLE_SECONDS) -> list[Dropped]:
    """Outcome returns ready in `inbox/outcomes/` (scope: the sub-folder's partnership, if any)."""
    inbox = paths().inbox / "outcomes"
    inbox.mkdir(parents=True, exist_ok=True)
    now = time.time() if now is None else now
    ready = [Dropped("outcomes", None, f) for f in _settled(inbox, now, settle)]
    for folder in sorted(p for p in inbox.iterdir() if p.is_dir() and p.name != PROCESSED):
        ready += [Dropped("outcomes", folder.name, f) for f in _settled(folder, now, settle)]
    return ready


def waiting_reference(now: float | None = None, settle: float = SETTLE_SECONDS
                      ) -> list[Dropped]:
    """Reference files ready in their drop folders, in the order they must load (registers and
    catalogue first: later datasets are checked against them)."""
    now = time.time() if now is None else now
    ready = []
    for folder, dataset in REFERENCE_FOLDERS.items():
        inbox = paths().inbox / folder
        inbox.mkdir(parents=True, exist_ok=True)
        ready += [Dropped(dataset, None, f) for f in _settled(inbox, now, settle)]
    return ready


def receive_dropped(dropped: Dropped) -> Received:
    """Receive one dropped file and clear it from the inbox."""
    if dropped.dataset == "spend":
        received = receive_spend(dropped.path, dropped.scope)
    elif dropped.dataset == "outcomes":
        received = receive_outcomes(dropped.path, dropped.scope)
    else:
        received = receive_reference(dropped.dataset, dropped.path)
    if received.refusal:
        move_refused(dropped, received.refusal)
    else:
        move_processed(dropped.path)
    return received


def move_processed(path: Path) -> Path:
    target = _free_name(path.parent / PROCESSED / path.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(path, target)
    return target


def move_refused(dropped: Dropped, summary: dict) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = _free_name(paths().refused / dropped.dataset / (dropped.scope or "all") /
                        f"{stamp}-{dropped.path.name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(dropped.path, target)
    report = target.with_name(target.name + ".error.txt")
    report.write_text(
        f"{dropped.path.name} was refused: nothing in it was loaded.\n\n"
        f"Reason: {summary.get('message')}\n\n"
        f"Fix the file (or the council profile), then drop it into {dropped.path.parent} "
        "again.\n\n"
        f"Details:\n{json.dumps(summary, indent=2, default=str)}\n", encoding="utf-8")
    return target


def _settled(folder: Path, now: float, settle: float) -> list[Path]:
    return sorted(f for f in folder.iterdir()
                  if f.is_file() and not f.name.startswith((".", "~$"))
                  and now - f.stat().st_mtime >= settle)


def _free_name(path: Path) -> Path:
    if not path.exists():
        return path
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return path.with_name(f"{path.stem}-{stamp}{path.suffix}")
