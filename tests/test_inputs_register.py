"""The inputs register: loaded like the other datasets, every row loaded or quarantined with the
rule it broke, time valued as hours x rate, amounts reconciling to the penny."""

from __future__ import annotations

import json
from decimal import Decimal

import duckdb
from typer.testing import CliRunner

from pipelines.intake.drop_folders import REFERENCE_FOLDERS
from socialvalue.cli import app

HEADER = ("input_id,partnership_id,partner_org_id,contributor,contributor_org_id,kind,"
          "description,amount_gbp,hours,hourly_rate_gbp,rate_source,start_date,end_date,source,"
          "evidence_grade")
ROWS = [
    # loaded: money; in-kind; volunteer time valued 500 x 12.60 = 6,300.00
    "I1,oldham-social-prescribing,GB-CHC-9914307,Oldham CCG,,money,set-up,12000.00,,,,"
    "2023-10-01,2024-03-31,award letter,A",
    "I2,oldham-social-prescribing,,Oldham Council,,In-Kind,rooms,3000,,,,01/04/2024,,lease,B",
    "I3,oldham-social-prescribing,,Volunteers,,volunteer time,befriending,,500,12.60,RLW 2024,"
    "2024-04-01,2024-09-30,rota,C",
    # quarantined: an amount that is not hours x rate (500 x 12.60 = 6,300.00)
    "I4,oldham-social-prescribing,,Volunteers,,volunteer time,x,100.00,500,12.60,,2024-04-01,,"
    "rota,C",
    # quarantined: a partnership the register does not list, a grade E, a partner unknown
    "I5,no-such-partnership,,X,,money,,5.00,,,,2024-04-01,,letter,E",
    "I6,oldham-social-prescribing,GB-CHC-0000000,X,,money,,7.50,,,,2024-04-01,,letter,B",
    # quarantined: time without hours; end before start
    "I7,oldham-social-prescribing,,Staff,,staff time,x,,,25.00,,2024-04-01,,timesheet,B",
    "I8,oldham-social-prescribing,,Y,,money,,9.00,,,,2024-04-01,2024-03-01,letter,B",
]


def cli(*args: str):
    out = CliRunner().invoke(app, list(args))
    return out.exit_code, out.stdout


def test_the_register_loads_time_at_hours_x_rate_and_quarantines_the_rest(home, sample, tmp_path):
    for verb, path in (("partnerships", "registers/partnerships.csv"),
                       ("partners", "registers/partners.csv")):
        assert cli("ingest", verb, str(sample / path), "--no-build")[0] == 0
    path = tmp_path / "inputs.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n")
    code, out = cli("ingest", "inputs", str(path), "--json", "--no-build")
    [result] = json.loads(out)["files"]
    assert result["status"] == "loaded"
    assert (result["rows_read"], result["rows_loaded"], result["rows_quarantined"]) == (8, 3, 5)
    # £ read = loaded + quarantined: I4 at its worth (6,300), I7 without hours counts in rows
    assert result["amount_loaded"] == "21300.00"
    assert result["amount_quarantined"] == "6321.50"  # 6,300 + 5 + 7.50 + 9
    assert result["quarantine_reasons"] == {
        "amount_is_hours_x_rate": 1, "dates_in_order": 1, "evidence_grade_known": 1,
        "hours_readable": 1, "partner_in_register": 1, "partnership_in_register": 1}
    assert "checks_failed" in result
    assert "inputs: 62.5% of the rows read were quarantined" in result["checks_failed"]
    assert "dagster" not in result["checks_failed"].lower()
    assert code == 0
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        rows = con.execute("select input_id, kind, amount_gbp, hours, hourly_rate_gbp "
                           "from staging.inputs order by input_id").fetchall()
    assert rows == [("I1", "money", Decimal("12000.00"), None, None),
                    ("I2", "in-kind", Decimal("3000.00"), None, None),
                    ("I3", "volunteer time", Decimal("6300.00"), 500.0, Decimal("12.60"))]


def test_the_inputs_folder_is_a_drop_folder():
    assert REFERENCE_FOLDERS["inputs"] == "inputs"
