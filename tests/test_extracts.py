"""Funder extracts as `socialvalue demo` publishes them (site/extracts/, built by the
publish/funder_extracts asset in the build_and_publish run), checked against the warehouse marts
they were built from: the workbook opened with openpyxl, the Parquet files with DuckDB and
pyarrow, the data package with frictionless, the grants with the 360Giving schema."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from basics.duck import records
from dashboards.extracts import giving360
from dashboards.extracts.dictionary import BY_NAME, TABLES
from dashboards.extracts.spec import BadSpec, Spec, dump, from_dict
from dashboards.suppression import SYMBOL, Policy, counts_people
from warehouse.connection import read_only

PARTNERSHIPS = ["croydon-community", "leicestershire-childrens", "oldham-social-prescribing",
                "plymouth-complex-needs"]
POLICY = Policy()  # the demo has no config/publication.yaml: the default thresholds 5 and 10
# A workbook number holds 15 significant digits (Excel's precision), CSV and Parquet all 17.
XLSX = {"rel": 1e-14, "abs": 0}
HIDDEN = "[c]"   # a hidden value in the workbook (c in CSV, null in Parquet)


@pytest.fixture(scope="module")
def site(demo_home: Path) -> Path:
    return demo_home / "site"


@pytest.fixture(scope="module")
def marts(demo_home: Path):
    """The demo's warehouse marts, read once, as lists of rows."""
    with read_only(demo_home / "warehouse.duckdb") as con:
        yield {
            "accounts": records(con, "select * from marts.partnership_accounts"),
            "social_value": records(con, "select * from marts.social_value"),
            "inputs": records(con, "select * from marts.partnership_inputs"),
            "cost_per_outcome": records(con, "select * from marts.cost_per_outcome"),
            "loads": records(con, "select load_id, dataset, scope from meta.loads"),
            "grants": records(con, """
                select distinct p.partnership_id, g.grant_id from staging.grants g
                join staging.partners p on p.org_id = g.recipient_org_id and p.role <> 'council'
                join staging.partnerships pt using (partnership_id)
                where g.funder_org_id is distinct from pt.lead_council_org_id"""),
        }


def folder(site: Path, partnership: str) -> Path:
    return site / "extracts" / partnership


def code_names(book) -> dict[str, dict[str, str]]:
    """Per sheet, each plain heading's code name, from the workbook's own data dictionary
    (columns: table, column, heading, ...)."""
    out: dict[str, dict[str, str]] = {}
    for table, column, heading, *_ in list(book["data_dictionary"].iter_rows(
            values_only=True))[1:]:
        out.setdefault(table, {})[heading] = column
    return out


def sheet_rows(path: Path, sheet: str) -> list[dict]:
    """A table sheet's records keyed by code name (the sheet's headings are plain words)."""
    book = load_workbook(path, read_only=True)
    names = code_names(book)[sheet]
    rows = list(book[sheet].iter_rows(values_only=True))
    header = [names[h] if h in names else h.rsplit("[", 1)[-1].rstrip("]") for h in rows[0]]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


def account_rows(path: Path) -> list[dict]:
    """The accounts sheet reads down (a row per figure, a column per record, the code name
    last): its records keyed by code name."""
    rows = list(load_workbook(path, read_only=True)["accounts"].iter_rows(values_only=True))
    records_ = [{} for _ in rows[0][1:-1]]
    for row in rows[1:]:
        for i, value in enumerate(row[1:-1]):
            records_[i][row[-1]] = value
    return records_


def csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def line_key(row: dict) -> tuple:
    return (row["partnership_id"], row["partner_org_id"], row["quarter_key"], row["measure_code"])


# The index the dashboards link from, and the files it names.

def test_the_index_lists_each_partnerships_extract_and_every_file_in_it(site):
    index = json.loads((site / "extracts" / "index.json").read_text())
    assert index["sample_data"] is True and index["built_at"]
    assert [e["partnership_id"] for e in index["extracts"]] == PARTNERSHIPS
    for entry in index["extracts"]:
        pid = entry["partnership_id"]
        assert entry["folder"] == f"extracts/{pid}/"
        listed = {f["path"]: f for f in entry["files"]}
        on_disk = {f"extracts/{pid}/{p.name}" for p in folder(site, pid).iterdir()}
        assert on_disk | {f"extracts/{pid}.zip"} == set(listed)
        for path, f in listed.items():
            assert (site / path).stat().st_size == f["bytes"]
        formats = {f["format"] for f in entry["files"]}
        assert formats == {"csv", "parquet", "xlsx", "json", "yaml", "md", "zip"}
        tables = {f["table"] for f in entry["files"] if f["format"] in ("csv", "parquet")}
        assert tables == set(BY_NAME)
        assert all(f["table"] is None for f in entry["files"]
                   if f["format"] not in ("csv", "parquet"))
        with zipfile.ZipFile(site / "extracts" / f"{pid}.zip") as z:
            assert sorted(z.namelist()) == sorted(f"{pid}/{p.name}"
                                                  for p in folder(site, pid).iterdir())
            csv_file = folder(site, pid) / "accounts.csv"
            assert z.read(f"{pid}/accounts.csv") == csv_file.read_bytes()
    assert not [p for p in (site / "extracts").iterdir() if p.name.startswith(".")]


# Figures: the files say what the marts say.

@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_workbook_accounts_equal_the_accounts_mart(site, marts, partnership):
    book = folder(site, partnership) / f"{partnership}.xlsx"
    sheets = load_workbook(book, read_only=True).sheetnames
    assert sheets == ["readme", *[t.name for t in TABLES]]
    (row,) = account_rows(book)
    (mart,) = [a for a in marts["accounts"] if a["partnership_id"] == partnership]
    for column in ("inputs_gbp", "council_spend_gbp", "grants_gbp", "gross_value_gbp",
                   "net_impact_gbp", "net_value_gbp", "present_value_gbp",
                   "present_value_low_gbp", "present_value_high_gbp", "sroi_low",
                   "sroi_central", "sroi_high"):
        assert row[column] == pytest.approx(float(mart[column]), **XLSX), column
    # The evidence shares where they tell nothing new; where, times the value, they would give
    # a withheld count back (Croydon's and Plymouth's), withheld and flagged.
    if partnership in ("croydon-community", "plymouth-complex-needs"):
        assert row["grades_suppressed"] is True and row["value_share_grade_c"] == HIDDEN
    else:
        assert row["grades_suppressed"] is False
        assert row["value_share_grade_c"] == pytest.approx(float(mart["value_share_grade_c"]),
                                                           **XLSX)
    assert row["value_suppressed"] is False and row["detail_suppressed"] is False
    assert row["weakest_evidence_grade"] == mart["weakest_evidence_grade"]
    assert row["imperatives_met"] == mart["imperatives_met"]
    assert row["beneficiaries"] == int(mart["beneficiaries"])  # hundreds: never hidden
    assert row["price_base_year"] == mart["price_base_year"] and row["sample_data"] is True


@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_workbook_outcome_lines_equal_the_social_value_mart(site, marts, partnership):
    rows = sheet_rows(folder(site, partnership) / f"{partnership}.xlsx", "social_value")
    lines = {line_key(m): m for m in marts["social_value"] if m["partnership_id"] == partnership}
    assert len(rows) == len(lines)
    for row in rows:
        mart = lines[line_key(row)]
        if row["value_suppressed"]:
            assert row["present_value_gbp"] == HIDDEN and row["gross_value_gbp"] == HIDDEN
        else:
            assert row["present_value_gbp"] == pytest.approx(mart["present_value_gbp"], **XLSX)
            assert row["present_value_low_gbp"] == pytest.approx(mart["present_value_low_gbp"],
                                                                 **XLSX)
        if row["beneficiaries_suppressed"]:
            assert row["beneficiaries"] == HIDDEN
        else:
            assert row["beneficiaries"] == mart["beneficiaries"]
        assert row["evidence_grade"] == mart["evidence_grade"]
        assert row["counted"] == mart["counted"]


def test_parquet_tables_equal_the_marts_read_with_duckdb(site, demo_home):
    files = str(site / "extracts" / "*" / "{}.parquet")
    con = duckdb.connect()
    con.execute(f"attach '{demo_home / 'warehouse.duckdb'}' as w (read_only)")
    compared = con.execute(f"""
        select count(*), count(m.partnership_id),
               max(abs(p.present_value_gbp - m.present_value_gbp))
                   filter (where not p.value_suppressed),
               count(*) filter (where p.value_suppressed and p.present_value_gbp is not null),
               max(abs(p.net_impact_gbp - m.net_impact_gbp)) filter (where not p.value_suppressed)
        from read_parquet('{files.format("social_value")}') p
        left join w.marts.social_value m
          using (partnership_id, partner_org_id, quarter_key, measure_code)""").fetchall()[0]
    lines = con.execute("select count(*) from w.marts.social_value").fetchall()[0][0]
    assert compared == (lines, lines, 0.0, 0, 0.0)
    inputs = con.execute(f"""
        select (select sum(amount_base_gbp) from read_parquet('{files.format("inputs")}')),
               (select sum(amount_base_gbp)::double from w.marts.partnership_inputs)""").fetchall()
    assert inputs[0][0] == pytest.approx(inputs[0][1], abs=0.005)
    sroi = con.execute(f"""
        select count(*) filter (where p.sroi_central = m.sroi_central
                                  and p.present_value_gbp = m.present_value_gbp
                                  and p.inputs_gbp = m.inputs_gbp::double), count(*)
        from read_parquet('{files.format("accounts")}') p
        join w.marts.partnership_accounts m using (partnership_id, financial_year)""").fetchall()
    assert sroi == [(4, 4)]
    per_unit = con.execute(f"""
        select count(*) from read_parquet('{files.format("cost_per_outcome")}') p
        join w.marts.cost_per_outcome m using (partnership_id, financial_year, measure_code)
        where not p.quantity_suppressed and p.cost_per_unit_gbp is distinct from
              m.cost_per_unit_gbp""").fetchall()
    assert per_unit == [(0,)]


def test_parquet_columns_are_typed_and_carry_their_units(site):
    table = pq.read_table(folder(site, "oldham-social-prescribing") / "social_value.parquet")
    types = {f.name: str(f.type) for f in table.schema}
    assert types["beneficiaries"] == "int64" and types["present_value_gbp"] == "double"
    assert types["period_start"] == "date32[day]" and types["counted"] == "bool"
    unit = table.schema.field("present_value_gbp").metadata[b"unit"].decode()
    assert unit == "GBP, 2026 prices"
    about = json.loads(table.schema.metadata[b"socialvalue"])
    assert about["sample_data"] is True and about["table"] == "social_value"


# Safe publication: small numbers of people stay hidden.

@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_small_counts_of_people_are_suppressed_in_every_format(site, marts, partnership):
    here = folder(site, partnership)
    lines = {line_key(m): m for m in marts["social_value"] if m["partnership_id"] == partnership}
    published = {line_key(r): r for r in csv_rows(here / "social_value.csv")}
    parquet = {line_key(r): r for r in
               pq.read_table(here / "social_value.parquet").to_pylist()}
    book = {line_key(r): r for r in sheet_rows(here / f"{partnership}.xlsx", "social_value")}
    for key, mart in lines.items():
        limit = POLICY.sensitive_threshold if mart["sensitive_cohort"] else POLICY.threshold
        people = counts_people_declared(mart["counts"])
        small = 0 < (mart["beneficiaries"] or 0) < limit or (
            people and 0 < (mart["quantity"] or 0) < limit)
        row = published[key]
        if small:  # primary suppression
            assert row["beneficiaries"] == SYMBOL and row["beneficiaries_suppressed"] == "true"
            assert book[key]["beneficiaries"] == HIDDEN
            assert parquet[key]["beneficiaries"] is None
            assert parquet[key]["beneficiaries_suppressed"] is True
            if people:
                assert row["quantity"] == SYMBOL and row["present_value_gbp"] == SYMBOL
                assert parquet[key]["gross_value_gbp"] is None
        if row["beneficiaries"] != SYMBOL and row["beneficiaries"]:
            assert not 0 < int(row["beneficiaries"]) < limit
        if mart["beneficiaries"] == 0:
            assert row["beneficiaries"] == "0"  # a true zero is not hidden


def counts_people_declared(counts: str | None) -> bool:
    import pandas as pd

    return bool(counts_people(pd.Series([counts])).iloc[0])


@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_no_hidden_count_can_be_worked_out_from_a_published_total(site, partnership):
    rows = csv_rows(folder(site, partnership) / "social_value.csv")
    totals = {(r["financial_year"], r["measure_code"]): r for r in
              csv_rows(folder(site, partnership) / "cost_per_outcome.csv")}
    (account,) = csv_rows(folder(site, partnership) / "accounts.csv")
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["financial_year"], r["measure_code"]), []).append(r)
    for key, members in groups.items():
        hidden = sum(r["beneficiaries"] == SYMBOL for r in members)
        assert hidden != 1 or totals[key]["beneficiaries"] == SYMBOL, key
    in_account = [r for r in rows if r["counted"] == "true" and r["is_harm"] == "false"]
    hidden = sum(r["beneficiaries"] == SYMBOL for r in in_account)
    assert hidden != 1 or account["beneficiaries"] == SYMBOL


def test_the_demo_extracts_do_hide_cells(site):
    """The sample has small counts: an extract that hid nothing would be wrong."""
    package = json.loads((folder(site, "leicestershire-childrens") / "datapackage.json")
                         .read_text())
    assert package["suppression"]["cells_hidden"]["social_value"] > 0
    assert package["suppression"]["symbol"] == SYMBOL


# The package, the grants, the dictionary and the provenance.

@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_the_data_package_validates_with_frictionless(site, partnership):
    import frictionless

    report = frictionless.validate(str(folder(site, partnership) / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert len(report.tasks) == len(TABLES)


def test_frictionless_validate_on_the_command_line_passes(site):
    done = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate",
                           "datapackage.json"], cwd=folder(site, "plymouth-complex-needs"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]


def test_frictionless_refuses_a_package_whose_data_breaks_its_schema(site, tmp_path):
    import shutil

    import frictionless

    copy = tmp_path / "x"
    shutil.copytree(folder(site, "oldham-social-prescribing"), copy)
    text = (copy / "accounts.csv").read_text().splitlines()
    cells = text[1].split(",")
    cells[text[0].split(",").index("inputs_gbp")] = "lots"
    (copy / "accounts.csv").write_text("\n".join([text[0], ",".join(cells)]) + "\n")
    assert not frictionless.validate(str(copy / "datapackage.json")).valid


@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_grants_are_republished_valid_360giving(site, marts, partnership):
    data = json.loads((folder(site, partnership) / "grants-360giving.json").read_text())
    assert giving360.problems(data) == []
    expected = sorted(g["grant_id"] for g in marts["grants"] if g["partnership_id"] == partnership)
    assert sorted(g["id"] for g in data["grants"]) == expected
    assert sorted(r["grant_id"] for r in csv_rows(folder(site, partnership) / "grants.csv")) == (
        expected)
    assert all(g["id"].startswith("360G-") for g in data["grants"])
    assert data["description"].startswith("Sample data")


def test_the_360giving_check_refuses_a_grant_missing_a_required_field(site):
    data = json.loads((folder(site, "oldham-social-prescribing") / "grants-360giving.json")
                      .read_text())
    del data["grants"][0]["title"]
    data["grants"][1]["awardDate"] = "25/09/2024"
    found = giving360.problems(data)
    assert any("grants/0" in p and "'title'" in p for p in found)
    assert any(p.startswith("grants/1/awardDate") for p in found)
    with pytest.raises(giving360.InvalidGrants):
        giving360.write(data, Path("/nonexistent/never-written.json"))


def test_every_column_is_in_the_dictionary_and_the_table_schema(site):
    here = folder(site, "croydon-community")
    dictionary = csv_rows(here / "data_dictionary.csv")
    described = {(d["table"], d["column"]): d for d in dictionary}
    package = json.loads((here / "datapackage.json").read_text())
    schemas = {r["name"]: r["schema"] for r in package["resources"]}
    for table in TABLES:
        with (here / f"{table.name}.csv").open(encoding="utf-8") as f:
            header = next(csv.reader(f))
        assert header == [fl["name"] for fl in schemas[table.name]["fields"]]
        for column in header:
            d = described[(table.name, column)]
            assert d["meaning"] and d["unit"] and d["type"], (table.name, column)
    assert described[("accounts", "present_value_gbp")]["unit"] == "GBP, 2026 prices"
    assert described[("social_value", "beneficiaries")]["suppressed_as"] == (
        "c where beneficiaries_suppressed is true")
    assert schemas["social_value"]["missingValues"] == ["", "c"]


@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_the_extract_records_the_loads_and_sample_data_it_was_built_from(site, marts,
                                                                        partnership):
    here = folder(site, partnership)
    versions = csv_rows(here / "data_versions.csv")
    loads = {m["load_id"]: m for m in marts["loads"]}
    assert versions and all(v["load_id"] in loads for v in versions)
    returns = {m["load_id"] for m in marts["loads"]
               if m["dataset"] == "outcomes" and m["scope"] == partnership}
    assert returns <= {v["load_id"] for v in versions}
    assert not any(v["dataset"] == "outcomes" and v["scope"] != partnership for v in versions)
    assert all(v["sample_data"] == "true" for v in versions)
    spec = (here / "extract.yaml").read_text()
    assert all(v["load_id"] in spec for v in versions)
    package = json.loads((here / "datapackage.json").read_text())
    assert package["sample_data"] is True and package["sample_notice"].startswith("Sample data")
    assert package["load_ids"] == sorted({v["load_id"] for v in versions})
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    readme = dict(load_workbook(here / f"{partnership}.xlsx", read_only=True)["readme"]
                  .iter_rows(values_only=True))
    assert readme["Sample data"].startswith("Sample data")
    assert "creativecommons.org/licenses/by/4.0" in readme["Licence"]
    assert all(r["sample_data"] == "true" for r in csv_rows(here / "accounts.csv"))
    method = (here / "method.md").read_text()
    for heading in ("## Formulas", "## Financial proxies: sources and licences",
                    "## Suppression rule applied", "## Licence", "## Data versions"):
        assert heading in method
    assert "CC0-1.0" in method  # the sample catalogue's licence


@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_the_workbook_reads_as_people_read_it(site, partnership):
    """Plain headings (code names in the dictionary), the accounts as label and value, [c] as
    text with a note where a value is hidden, so SUM adds the published values only."""
    book = load_workbook(folder(site, partnership) / f"{partnership}.xlsx")
    lines = book["social_value"]
    header = [c.value for c in lines[1]]
    assert "Social value, cautious (£, 2026 prices)" in header
    assert not [h for h in header if re.fullmatch(r"[a-z0-9_]+", h or "")], header
    accounts = book["accounts"]
    figures = {row[-1]: row for row in accounts.iter_rows(min_row=2, values_only=True)}
    assert figures["sroi_central"][0] == "SROI, central (£ per £1)"
    assert accounts.max_column == 3 and accounts.max_row == len(BY_NAME["accounts"].columns) + 1
    hidden = [c for row in lines.iter_rows(min_row=2) for c in row if c.value == HIDDEN]
    if partnership == "leicestershire-childrens":
        assert hidden
    for cell in hidden:
        assert cell.comment is not None and "confidential" in cell.comment.text
    assert not [c for row in lines.iter_rows(min_row=2) for c in row if c.value == SYMBOL]
    column = header.index("Social value, central (£, 2026 prices)") + 1
    values = [r[0].value for r in lines.iter_rows(min_row=2, min_col=column, max_col=column)]
    assert all(isinstance(v, float | int) or v in (HIDDEN, None) for v in values)
    readme = dict(book["readme"].iter_rows(values_only=True))
    assert "[c]" in readme["Shorthand"]


@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_the_zip_opens_on_a_readme_that_says_what_each_file_is(site, partnership):
    with zipfile.ZipFile(site / "extracts" / f"{partnership}.zip") as z:
        readme = z.read(f"{partnership}/README.md").decode()
    assert f"`{partnership}.xlsx`" in readme and "[c]" in readme
    for table in TABLES:
        assert f"`{table.name}`" in readme
    if partnership == "croydon-community":
        assert "Sample data" in readme


def test_no_workbook_cell_is_a_formula(site):
    for partnership in PARTNERSHIPS:
        book = load_workbook(folder(site, partnership) / f"{partnership}.xlsx")
        for sheet in book.worksheets:
            assert not [c.coordinate for row in sheet.iter_rows() for c in row
                        if c.data_type == "f"], (partnership, sheet.title)


# The specification file.

def test_a_specification_survives_the_round_trip():
    spec = Spec(partnerships=("a-b", "c"), financial_years=("2024-25",), funder="GB-CHC-1",
                formats=("csv",), name="mine", built_from=("load-1",))
    import yaml

    again = from_dict(yaml.safe_load(dump(spec)))
    assert again == spec and again.built_from == ("load-1",)
    assert Spec(partnerships=("a", "b")).folder == "a--b"


@pytest.mark.parametrize("given, message", [
    ({"partnerships": []}, "at least one partnership"),
    ({"partnerships": ["Oldham Council"]}, "not a partnership slug"),
    ({"partnerships": ["a"], "financial_years": ["2024-26"]}, "not a financial year"),
    ({"partnerships": ["a"], "formats": ["pdf"]}, "formats must be"),
    ({"partnerships": ["a"], "partnership": ["b"]}, "unknown keys"),
    ({"partnerships": ["a"], "version": 2}, "version"),
])
def test_a_bad_specification_is_refused_saying_why(given, message):
    with pytest.raises(BadSpec, match=message):
        from_dict(given)
