"""Every figure is decided in a mart: the pages and extracts read marts as they stand, and the
financial year has one rule, the `financial_year` macro (warehouse/sql/marts/_macros.sql)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from basics.duck import records, table_exists
from basics.settings import Paths
from dashboards.extracts.tables import QUERIES
from dashboards.site import data
from socialvalue.cli import app
from warehouse.connection import read_only, writer
from warehouse.marts import MARTS_SQL, with_macros

ROOT = Path(__file__).resolve().parents[1]
PAGE_QUERIES = {name: sql for name, sql in vars(data).items()
                if name.endswith("_SQL") and isinstance(sql, str)}
# What reshapes rows: a mart's work, not a reader's.
RESHAPING = re.compile(r"\bgroup\s+by\b|\bover\s*\(|\bjoin\b|\bunion\b|\bqualify\b", re.I)
# A financial year worked out from a date's month, anywhere but in the macro.
FY_RULE = re.compile(r"year\([^)]*-\s*interval\s+'?3'?\s+months?|month\([^)]*\)\s*<\s*4", re.I)


@pytest.mark.parametrize("name", sorted(PAGE_QUERIES) + [f"extract {n}" for n in QUERIES])
def test_the_pages_and_extracts_read_marts_as_they_stand(name):
    sql = QUERIES[name.removeprefix("extract ")] if name.startswith("extract ") \
        else PAGE_QUERIES[name]
    if "marts." not in sql:
        return  # the record of loads and the registers as loaded (data quality, references)
    assert len(set(re.findall(r"\bmarts\.\w+", sql))) == 1, sql
    assert not RESHAPING.search(sql), sql


def test_the_financial_year_has_one_rule():
    sources = [p for folder in ("warehouse", "dashboards", "pipelines", "sources", "socialvalue")
               for p in (ROOT / folder).rglob("*") if p.suffix in (".py", ".sql")]
    elsewhere = [str(p.relative_to(ROOT)) for p in sources
                 if p.name != "_macros.sql" and FY_RULE.search(p.read_text(encoding="utf-8"))]
    assert elsewhere == []
    assert FY_RULE.search((MARTS_SQL / "_macros.sql").read_text())


@pytest.mark.parametrize(("day", "year"), [("2024-03-31", "2023-24"), ("2024-04-01", "2024-25"),
                                           ("2000-01-15", "1999-00"), ("2099-12-31", "2099-00")])
def test_the_macro_names_the_year_april_to_march(day, year):
    con = with_macros(duckdb.connect())
    assert con.execute("select financial_year(?::date)", [day]).fetchone()[0] == year


def test_every_mart_file_creates_the_mart_it_is_named_for():
    for path in MARTS_SQL.glob("*.sql"):
        if path.name.startswith("_"):
            continue
        text = path.read_text()
        creates = re.findall(r"create\s+or\s+replace\s+table\s+marts\.(\w+)", text, re.I)
        # a few (account.sql, outcome_lines.sql ...) are queries their Python wrapper places
        assert creates in ([path.stem], []), path.name


@pytest.mark.slow
def test_a_warehouse_without_the_marts_a_build_now_writes_gets_them(demo_home, tmp_path,
                                                                   monkeypatch):
    """A warehouse built before the pages' summaries were marts: publishing builds them first,
    instead of showing pages without them."""
    home = Paths(tmp_path / "home")
    shutil.copytree(demo_home, home.home)
    monkeypatch.setenv("SOCIALVALUE_HOME", str(home.home))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with read_only(home.warehouse) as con:
        before = records(con, "select * from marts.spend_suppliers order by all")
    with writer(home.warehouse) as con:
        for table in ("spend_suppliers", "partnership_measures", "cost_per_outcome_cohorts"):
            con.execute(f"drop table marts.{table}")
    out = CliRunner().invoke(app, ["publish"])
    assert out.exit_code == 0, out.output
    with read_only(home.warehouse) as con:
        assert records(con, "select * from marts.spend_suppliers order by all") == before
        for table in ("partnership_measures", "cost_per_outcome_cohorts"):
            assert table_exists(con, f"marts.{table}")
