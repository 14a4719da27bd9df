"""Impact maps in Social Value UK's layout: imported from the command line as the catalogue and
the outcome return they imply, valued as computed by hand here.

The map (price index 2024 = 100; proxies in 2024 prices):
    row 2: older people, less lonely: 10 people, £1,000, deadweight 20%, attribution 25%,
           1 year from the year of the outcome: 10 x 1,000 x 0.8 x 0.75 = £6,000.00
    row 3: carers, better wellbeing: 5 people, £2,000, no adjustments, 2 years starting one year
           after the outcome (Green Book, 3.5%): 10,000 / 1.035 + 10,000 / 1.035^2 = £18,996.94
    present value £24,996.94
"""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from socialvalue.cli import app

MAP = """Stakeholders,Intended/unintended changes,Indicator,Quantity,Duration,Outcomes start,Financial proxy,Value £,Source,Deadweight %,Displacement %,Attribution %,Drop off %,Impact
Older people,Less lonely,UCLA loneliness score improved,10,1,0,Cost of a befriending service,"£1,000.00",a published study,20%,0%,25%,0%,
Carers,Better wellbeing,WEMWBS up 3 points,5,2,1,Wellbeing valuation,2000,a survey,0,0,0,0,
"""  # noqa: E501


def cli(*args: str):
    out = CliRunner().invoke(app, list(args))
    return out.exit_code, out.output


@pytest.fixture
def registers(home, sample, tmp_path):
    for verb, path in (("partnerships", sample / "registers/partnerships.csv"),
                       ("partners", sample / "registers/partners.csv")):
        assert cli("ingest", verb, str(path), "--no-build")[0] == 0
    prices = tmp_path / "prices.csv"
    prices.write_text("year,index,source\n2024,100,test\n")
    assert cli("ingest", "prices", str(prices), "--no-build")[0] == 0
    return home


def test_an_impact_map_becomes_a_catalogue_and_a_return_valued_by_hand(registers, tmp_path):
    path = tmp_path / "befriending-map.csv"
    path.write_text(MAP)
    code, out = cli("ingest", "impact-map", str(path), "--partnership",
                    "oldham-social-prescribing", "--partner", "GB-CHC-9914307", "--period",
                    "2024-25-Q1", "--licence", "CC0-1.0", "--json")
    assert code == 0, out
    files = json.loads(out)["files"]
    assert [(f["status"], f["rows_loaded"], f["rows_quarantined"]) for f in files] == [
        ("loaded", 2, 0), ("loaded", 2, 0)]
    code, out = cli("accounts", "--json", "--whole-life")
    [account] = json.loads(out)["partnerships"]
    assert account["present_value_gbp"] == 24996.94
    assert account["gross_value_gbp"] == 20000.00 and account["beneficiaries"] == 15
    # Out again, in the same layout, in the partnership's funder extract.
    extract = registers.extracts / "oldham-social-prescribing" / "impact_map.csv"
    with extract.open(newline="", encoding="utf-8") as f:
        rows = {r["stakeholder"]: r for r in csv.DictReader(f)}
    older = rows["Older people"]
    assert (older["outcome"], older["indicator"], older["quantity"], older["duration"],
            older["start"], older["value"], older["deadweight"], older["attribution"],
            older["drop_off"]) == ("Less lonely", "UCLA loneliness score improved", "10.0", "1",
                                   "0", "1000.0", "0.2", "0.25", "0.0")
    assert float(older["impact_gbp"]) == pytest.approx(6000.00)
    assert rows["Carers"]["start"] == "1"
    # Imported again (its proxies' licence unstated, so no longer re-published): the same
    # measures (codes from stakeholder, outcome and indicator), a newer
    # edition, nothing counted twice.
    code, out = cli("ingest", "impact-map", str(path), "--partnership",
                    "oldham-social-prescribing", "--partner", "GB-CHC-9914307", "--period",
                    "2024-25-Q1", "--json")
    [account] = json.loads(cli("accounts", "--json", "--whole-life")[1])["partnerships"]
    assert account["present_value_gbp"] == 24996.94
    with extract.open(newline="", encoding="utf-8") as f:
        assert {r["stakeholder"]: r["value"] for r in csv.DictReader(f)}["Older people"] == ""


def test_a_map_with_an_unreadable_rate_is_refused_naming_row_and_column(registers, tmp_path):
    path = tmp_path / "map.csv"
    path.write_text(MAP.replace("20%,0%,25%", "twenty,0%,25%"))
    code, out = cli("ingest", "impact-map", str(path), "--partnership",
                    "oldham-social-prescribing", "--partner", "GB-CHC-9914307", "--period",
                    "2024-25-Q1")
    assert code == 1
    assert "map.csv: row 2, column deadweight" in out and "twenty" not in out
    assert "Traceback" not in out
