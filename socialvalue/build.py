"""Bringing the marts, dashboards and extracts up to date with what is loaded.

`socialvalue build` (and `ingest` after a successful load, and `publish` before it publishes)
runs the `build_and_publish` job for the assets that are *stale*: never built, built before one
of the assets they are built from was last loaded or rebuilt, or built from one that is stale
itself. Assets built from no other asset (the councils' profiles, feed health: they read every
load) are rebuilt whenever anything else is. The checks on every loaded dataset run first, in a
run of their own: a dataset that does not reconcile (or breaks its rules) stops every mart and
page, and the last good publication stays up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

BUILD_JOB = "build_and_publish"
# What each published page or account lacks while a dataset is empty: (dataset's staging table,
# its name for people, what is missing without it).
NEEDED = (
    ("staging.council_spend", "spend", "no council pages"),
    ("staging.partnerships", "partnerships register", "no partnership pages"),
    ("staging.partners", "partners register", "no partners, so no inputs or imperatives"),
    ("staging.measure_catalogue", "measure catalogue", "outcomes not valued"),
    ("staging.price_index", "price index", "outcomes not valued"),
    ("staging.outcome_returns", "outcome returns", "no social value accounts"),
    ("staging.inputs", "inputs register", "inputs from council spend and grants only"),
    ("staging.grants", "grants", "no other funders' money in the inputs"),
)


@dataclass
class BuildReport:
    """What a build rebuilt, what it left (a check or an asset failed), and what is missing."""

    rebuilt: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    run_id: str | None = None
    error: str | None = None
    missing: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_dict(self) -> dict:
        return {"ok": self.ok, "rebuilt": self.rebuilt, "failed": self.failed,
                "run_id": self.run_id, "error": self.error, "missing": self.missing}


def stale_assets(parents: Mapping[str, Iterable[str]], built_at: Mapping[str, float | None],
                 candidates: Iterable[str]) -> set[str]:
    """The candidates that need rebuilding. `parents` maps each asset to the assets it is built
    from; `built_at` gives each asset's last materialization time (None: never)."""
    order = _topological([c for c in candidates], parents)
    stale: set[str] = set()
    for key in order:
        mine = built_at.get(key)
        ups = list(parents.get(key, ()))
        if mine is None or any(u in stale for u in ups) or any(
                (built_at.get(u) or 0) > mine for u in ups):
            stale.add(key)
    if stale:
        # Assets built from no other asset read every load (feed health, the councils): they
        # are rebuilt with the rest. What they feed is rebuilt for its own inputs, not for them.
        stale |= {k for k in order if not list(parents.get(k, ()))}
    return stale


def _topological(keys: list[str], parents: Mapping[str, Iterable[str]]) -> list[str]:
    inside, done, out = set(keys), set(), []

    def visit(key: str) -> None:
        if key in done:
            return
        done.add(key)
        for up in parents.get(key, ()):
            if up in inside:
                visit(up)
        out.append(key)

    for key in sorted(keys):
        visit(key)
    return out


def missing_line(con) -> str | None:
    """One plain line naming the datasets not loaded yet and what each leaves out; None when
    every one is loaded."""
    from basics.duck import table_exists

    gaps: dict[str, list[str]] = {}
    for table, name, effect in NEEDED:
        empty = not table_exists(con, table) or not con.execute(
            f"select exists(select 1 from {table})").fetchall()[0][0]
        if empty:
            gaps.setdefault(effect, []).append(name)
    if not gaps:
        return None
    return "Not loaded yet: " + "; ".join(
        f"{' or '.join(names)} ({effect})" for effect, names in gaps.items()) + "."


def build(everything: bool = False, publish: bool = False, verbose: bool = False,
          on_stage: Callable[[str], None] | None = None) -> BuildReport:
    """Rebuild what is stale (every asset with `everything`; the dashboards and extracts always
    with `publish`) in one `build_and_publish` run on the data folder's instance."""
    import dagster as dg

    from basics.duck import table_exists
    from basics.settings import configure_environment
    from pipelines.definitions import defs
    from pipelines.launch import dagster_instance, run_job
    from warehouse.connection import read_only
    from warehouse.marts import asset_tables

    job = defs.resolve_job_def(BUILD_JOB)
    graph = defs.resolve_asset_graph()
    candidates = sorted(job.asset_layer.selected_asset_keys)
    parents = {k.to_user_string(): [p.to_user_string() for p in graph.get(k).parent_keys]
               for k in candidates}
    with dagster_instance() as instance:
        built_at = {}
        for key in {k for ups in parents.values() for k in ups} | set(parents):
            event = instance.get_latest_materialization_event(dg.AssetKey.from_user_string(key))
            built_at[key] = event.timestamp if event else None
    report = BuildReport()
    p = configure_environment()
    if p.has_warehouse():
        with read_only(p.warehouse) as con:
            report.missing = missing_line(con)
            # A mart whose table is gone (dropped by hand, a warehouse restored from a copy, one
            # built before a table it now writes existed) is not built, whatever the run
            # history says.
            for key in parents:
                if key.startswith("marts/") and not all(
                        table_exists(con, t) for t in asset_tables(key.removeprefix("marts/"))):
                    built_at[key] = None
    wanted = set(parents) if everything else stale_assets(parents, built_at, parents)
    if publish:
        wanted |= {k for k in parents if k.startswith("publish/")}
    if not wanted:
        return report
    # The checks on every loaded dataset first, in a run of their own: a failing blocking check
    # stops every mart, not only those built from the dataset it is on.
    if on_stage:
        on_stage("checking the loaded data")
    checked = run_job(BUILD_JOB, verbose=verbose, checks_only=True)
    if not checked.success:
        report.run_id, report.error = checked.run_id, checked.error
        report.failed = sorted(wanted)
        return report
    if on_stage:
        on_stage(f"rebuilding {len(wanted)} marts and pages")
    outcome = run_job(BUILD_JOB, verbose=verbose, asset_selection=[
        dg.AssetKey.from_user_string(k) for k in sorted(wanted)])
    report.run_id = outcome.run_id
    report.error = outcome.error
    with dagster_instance() as instance:
        done = set()
        for key in wanted:
            event = instance.get_latest_materialization_event(dg.AssetKey.from_user_string(key))
            if event is not None and event.run_id == outcome.run_id:
                done.add(key)
    report.rebuilt = sorted(done)
    report.failed = sorted(wanted - done)
    return report
