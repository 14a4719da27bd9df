"""The newest catalogue edition is chosen by its stated date or version numbers, never as text
(as text, '2025.9' sorts after '2025.10')."""

from __future__ import annotations

import duckdb
import pytest

from basics.duck import records
from tests.test_accounts import fill
from warehouse.accounts.assumptions import Assumptions
from warehouse.accounts.social_value import build_social_value
from warehouse.marts import with_macros


def newest_first(editions: list[str]) -> list[str]:
    con = with_macros(duckdb.connect())
    return [e for (e,) in con.execute(
        "select e from unnest(?) t(e) order by edition_order(e) desc, e desc", [editions]
    ).fetchall()]


def test_versions_by_their_numbers():
    assert newest_first(["2025.9", "2025.10", "2024.12", "2025.1"]) == [
        "2025.10", "2025.9", "2025.1", "2024.12"]
    assert newest_first(["v2", "v10", "v9.1"]) == ["v10", "v9.1", "v2"]


def test_dates_as_dates_whatever_their_form():
    assert newest_first(["30/09/2025", "2025-10-01", "March 2026", "1 February 2025"]) == [
        "March 2026", "2025-10-01", "30/09/2025", "1 February 2025"]


def insert_edition(con, edition: str, proxy: float) -> None:
    con.execute("""
        insert into staging.measure_catalogue by name
        select * replace (? as edition, ?::decimal(18,2) as proxy_value_gbp)
        from staging.measure_catalogue where code = 'WB' and edition = '1'""", [edition, proxy])


@pytest.mark.parametrize("older, newer", [("2025.9", "2025.10"), ("30/09/2025", "2025-10-01")])
def test_the_accounts_value_a_measure_with_its_newest_edition(older, newer):
    con = duckdb.connect()
    fill(con)
    insert_edition(con, newer, 1600)  # 1,600 in 2023 prices -> 2,500 in 2025 prices
    insert_edition(con, older, 9999)
    build_social_value(con, Assumptions())
    wb = records(con, """select distinct measure_edition, proxy_value_base_gbp
                         from marts.social_value where measure_code = 'WB'""")
    assert wb == [{"measure_edition": newer, "proxy_value_base_gbp": pytest.approx(2500)}]
