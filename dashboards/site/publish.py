"""Publishing the site: every page built from one read of the warehouse, written into a
temporary folder inside `site/`, then swapped into place, so a reader never sees a half-built
site. `site/extracts/` belongs to the funder extracts and is never touched.

plotly.js is copied once, from the installed plotly package, to `site/assets/`: every page
loads it from there, so the site needs no network and no page carries 4 MB of script.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import plotly

from dashboards import account_figures, disclosure
from dashboards.publication import SAMPLE_NOTICE, publication_policy
from dashboards.site.data import Warehouse, read_warehouse
from dashboards.site.extracts import read_index
from dashboards.site.model import Link, Page
from dashboards.site.pages import (
    Context,
    comparison,
    council,
    council_path,
    downloads,
    method,
    partnership,
    partnership_path,
    quality,
)
from dashboards.site.render import SiteInfo, environment, render
from dashboards.site.verdict import behind

STATIC = Path(__file__).with_name("static")
METHOD = Path(__file__).resolve().parents[2] / "docs" / "method.md"
RESERVED = frozenset({"extracts"})   # the funder extracts' folder: not ours to replace
MANIFEST = ".dashboards.json"        # what the last publication wrote, to remove what it drops
SWAP_ORDER = ("assets", "partnerships", "councils")   # then the pages, index.html last


@dataclass
class Published:
    """What a publication wrote."""

    site: Path
    pages: list[str]
    charts: int
    suppressed_cells: int
    sample_data: bool
    bytes: int
    seconds: float
    extracts_linked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def index(self) -> Path:
        return self.site / "index.html"


def plotly_js() -> Path:
    """The plotly.js bundle that ships with the installed plotly package."""
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def build_pages(con: duckdb.DuckDBPyConnection, config: Path, site: Path,
                now: datetime | None = None, method_file: Path = METHOD
                ) -> tuple[list[Page], SiteInfo]:
    """Every page of the site, from one read of the warehouse."""
    now = now or datetime.now(UTC)
    policy = publication_policy(config)
    warehouse = withheld_accounts(read_warehouse(con), _scenario_lines(con), policy)
    ctx = Context(warehouse, policy, read_index(site), now, config)
    pages = [comparison.build(ctx)]
    pages += [partnership.build(ctx, pid) for pid in ctx.partnership_ids]
    pages += [council.build(ctx, c) for c in ctx.council_ids]
    pages += [quality.build(ctx), method.build(ctx, method_file), downloads.build(ctx)]
    info = SiteInfo(
        partnerships=[Link(ctx.names.get(p, p), partnership_path(p))
                      for p in ctx.partnership_ids],
        councils=[Link(ctx.council_name(c), council_path(c)) for c in ctx.council_ids],
        sample_data=warehouse.sample_data, sample_notice=SAMPLE_NOTICE, basis=ctx.basis,
        policy=policy.describe(), built_at=now.strftime("%Y-%m-%d %H:%M UTC"),
        overdue=overdue_notice(warehouse.feeds))
    return pages, info


def withheld_accounts(warehouse: Warehouse, scenario_lines: pd.DataFrame,
                      policy) -> Warehouse:
    """The warehouse with every account's £ figures (each year's, the whole life's, and each
    named scenario's and tornado move's) withheld where the disclosure plan says they would
    tell something new about people (`dashboards.account_figures`): every page reads them from
    here, so none publishes one."""
    lines = warehouse.lines
    plan = disclosure.plan(lines, policy) if len(lines) else None
    return dataclasses.replace(
        warehouse,
        accounts=account_figures.withhold_accounts(warehouse.accounts, lines, plan),
        whole_life=account_figures.withhold_accounts(warehouse.whole_life, lines, plan),
        scenarios=account_figures.withhold_scenarios(warehouse.scenarios, scenario_lines,
                                                     lines, plan))


def _scenario_lines(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each counted line's value in each named scenario and tornado move (none before the
    accounts' marts are built)."""
    built = con.execute("select count(*) from information_schema.tables where table_schema = "
                        "'marts' and table_name = 'scenario_lines'").fetchall()[0][0]
    return con.execute("select * from marts.scenario_lines").df() if built else pd.DataFrame(
        columns=[*account_figures.LINE_KEY, "kind", "assumption", "variant",
                 "present_value_gbp"])


def overdue_notice(feeds) -> str:
    """The banner's words when any feed is behind the period now due, or has no data or a
    refused file waiting: how many of how many, and the worst."""
    if feeds is None or feeds.empty:
        return ""
    late = feeds[feeds["status"] != "ok"]
    if late.empty:
        return ""
    worst, most = "", 0
    for r in late.to_dict("records"):
        gap = behind(r["dataset"], r["latest_period"], r["due_period"])
        if gap and gap[0] > most:
            most, worst = gap[0], f"{gap[0]} {gap[1]} behind"
    return (f"{len(late)} of {len(feeds)} feeds are overdue or incomplete"
            + (f", the furthest {worst}" if worst else "")
            + ". Figures for the latest periods are missing until they arrive.")


def write_site(site: Path, pages: list[Page], info: SiteInfo) -> list[str]:
    """Render `pages` into a fresh folder beside the live site, then swap it in."""
    site.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=".build-", dir=site))
    try:
        env = environment()
        for page in pages:
            target = build / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(page, info, env), encoding="utf-8")
        assets = build / "assets"
        assets.mkdir(exist_ok=True)
        for file in STATIC.iterdir():
            if file.is_file():
                shutil.copyfile(file, assets / file.name)
        shutil.copyfile(plotly_js(), assets / "plotly.min.js")
        (build / MANIFEST).write_text(json.dumps(sorted(p.name for p in build.iterdir())))
        return swap(build, site)
    finally:
        shutil.rmtree(build, ignore_errors=True)


def swap(build: Path, site: Path) -> list[str]:
    """Move everything in `build` into `site`: files replaced atomically, folders renamed into
    place; what the previous publication wrote and this one did not is removed."""
    names = [p.name for p in build.iterdir() if p.name not in RESERVED]
    if any(n in RESERVED for n in os.listdir(build)):
        raise ValueError(f"a page may not be written to {sorted(RESERVED)}")
    previous = _manifest(site)
    order = [n for n in SWAP_ORDER if n in names] + sorted(
        (n for n in names if n not in SWAP_ORDER and n != "index.html"), key=str) + (
        ["index.html"] if "index.html" in names else [])
    trash = Path(tempfile.mkdtemp(prefix=".old-", dir=site))
    try:
        for name in order:
            source, target = build / name, site / name
            if source.is_dir():
                if target.exists():
                    os.rename(target, trash / name)
                os.rename(source, target)
            else:
                os.replace(source, target)
        for name in previous - set(names) - RESERVED:
            stale = site / name
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            elif stale.exists():
                stale.unlink()
    finally:
        shutil.rmtree(trash, ignore_errors=True)
    return order


def _manifest(site: Path) -> set[str]:
    try:
        return {str(n) for n in json.loads((site / MANIFEST).read_text())}
    except (OSError, ValueError, TypeError):
        return set()


def site_bytes(site: Path) -> int:
    """The size of the dashboards (the extracts not included)."""
    return sum(p.stat().st_size for p in site.rglob("*")
               if p.is_file() and "extracts" not in p.relative_to(site).parts[:1])


def publish_site(con: duckdb.DuckDBPyConnection, config: Path, site: Path,
                 now: datetime | None = None) -> Published:
    """Build every page from the warehouse and publish the site into `site`."""
    started = time.perf_counter()
    pages, info = build_pages(con, config, site, now)
    return finish(site, pages, info, started)


def finish(site: Path, pages: list[Page], info: SiteInfo, started: float) -> Published:
    """Write pages built earlier (e.g. under a warehouse connection since released)."""
    write_site(site, pages, info)
    linked = read_index(site)
    return Published(
        site=site, pages=[p.path for p in pages], charts=sum(len(p.charts) for p in pages),
        suppressed_cells=sum(p.suppressed_cells for p in pages), sample_data=info.sample_data,
        bytes=site_bytes(site), seconds=time.perf_counter() - started,
        extracts_linked=len(linked.extracts),
        problems=[linked.problem] if linked.problem else [])
