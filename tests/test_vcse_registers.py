"""The organisation registers load in each publisher's own layout, with lineage and quarantine.

The fixtures (tests/fixtures/registers/, see its README) are small files in the published
layouts: the Charity Commission's tab-separated extract, OSCR's and CCNI's CSV downloads (CCNI's
in Windows-1252), Companies House basic data in parts, the Mutuals Public Register's society list
with its own misspelt header, and the social housing regulator's list (also as a workbook).
Expected values are read from the fixture files with Python's csv module, not from the pipeline.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from sources.registers import REGISTERS
from sources.registers.companies import part_scope
from sources.tabular import table_reader
from tests.dataset_files import ingest, quarantined, staged
from warehouse.connection import writer
from warehouse.ingest import ingest_file

FIXTURES = Path(__file__).parent / "fixtures" / "registers"
FILES = {
    "charities_ew": ("publicextract.charity.txt", "\t", "utf-8"),
    "charities_scotland": ("CharityExport-30-Nov-2026.csv", ",", "utf-8"),
    "charities_ni": ("ccni-charity-register.csv", ",", "cp1252"),
    "companies": ("BasicCompanyData-2026-11-01-part1_2.csv", ",", "utf-8"),
    "mutuals": ("SocietyList.csv", ",", "utf-8"),
    "housing_providers": ("registered-providers.csv", ",", "utf-8"),
}


def rows_of(dataset: str) -> list[dict[str, str]]:
    name, delimiter, encoding = FILES[dataset]
    with (FIXTURES / name).open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def load_register(home, dataset: str, path: Path):
    """Load a register file straight into the warehouse (no Dagster run), as its asset does."""
    scope = part_scope(path) if dataset == "companies" else None
    with writer(home.warehouse) as con:
        return ingest_file(con, dataset, path, table_reader(REGISTERS[dataset], home.tmp), scope)


def load_fixtures(home) -> None:
    for dataset, (name, _, _) in FILES.items():
        summary = load_register(home, dataset, FIXTURES / name)
        assert summary.status == "loaded", summary.message


@pytest.mark.parametrize("dataset", FILES)
def test_every_register_loads_each_row_of_its_published_layout(home, dataset):
    name = FILES[dataset][0]
    summary = load_register(home, dataset, FIXTURES / name)
    table = REGISTERS[dataset].target.table
    assert (summary.status, summary.rows_read, summary.rows_loaded, summary.rows_quarantined) == (
        "loaded", len(rows_of(dataset)), len(rows_of(dataset)), 0)
    got = staged(home, f"select source_file, source_row, load_id from {table} order by 2")
    assert [r["source_row"] for r in got] == list(range(2, len(rows_of(dataset)) + 2))
    assert {r["source_file"] for r in got} == {name}
    assert {r["load_id"] for r in got} == {summary.load_id}


def test_the_charity_extract_is_read_as_the_commission_writes_it(home):
    load_register(home, "charities_ew", FIXTURES / FILES["charities_ew"][0])
    got = {(r["number"], r["linked_number"]): r for r in staged(
        home, "select * from staging.register_charities_ew")}
    source = {(r["registered_charity_number"], int(r["linked_charity_number"])): r
              for r in rows_of("charities_ew")}
    assert set(got) == set(source)
    cgl = got[("1079327", 0)]
    # "Integer returned as string": the company number comes without its leading zero
    assert source[("1079327", 0)]["charity_company_registration_number"] == "3861209"
    assert cgl["company_number"] == "03861209"
    removed = got[("9990101", 0)]
    assert (removed["status"], str(removed["removed_on"]), str(removed["extract_date"])) == (
        "Removed", "2023-03-31", "2026-11-30")


def test_scottish_dates_with_times_and_northern_irish_windows_1252_are_read(home):
    load_register(home, "charities_scotland", FIXTURES / FILES["charities_scotland"][0])
    load_register(home, "charities_ni", FIXTURES / FILES["charities_ni"][0])
    scot = {r["number"]: r
            for r in staged(home, "select * from staging.register_charities_scotland")}
    assert str(scot["SC099901"]["registered_on"]) == "2017-03-14"
    assert scot["SC099901"]["known_as"] == "Kelvin Larder"
    ni = {r["number"]: r for r in staged(home, "select * from staging.register_charities_ni")}
    source = {r["Reg charity number"]: r for r in rows_of("charities_ni")}
    assert ni["109902"]["name"] == source["109902"]["Charity name"] == "Ferncliffe Men’s Shed"
    # bare digits are Northern Ireland company numbers; 0 and 999999 mean none
    assert (ni["107323"]["company_number"], ni["109901"]["company_number"],
            ni["109902"]["company_number"]) == ("NI652013", None, None)


def test_companies_house_parts_are_scopes_and_quoted_names_survive(home):
    path = FIXTURES / FILES["companies"][0]
    summary = load_register(home, "companies", path)
    assert summary.scope == "part1of2"
    got = {r["number"]: r for r in staged(home, "select * from staging.register_companies")}
    source = {r[" CompanyNumber"]: r for r in rows_of("companies")}
    assert set(got) == set(source)
    assert got["IP10067R"]["name"] == source["IP10067R"]["CompanyName"]
    assert got["IP10067R"]["name"].startswith('"ARTHUR BALFOUR",')
    assert {r["part"] for r in got.values()} == {"part1of2"}


def test_a_new_part_adds_and_a_reissued_part_replaces(home, tmp_path):
    path = FIXTURES / FILES["companies"][0]
    load_register(home, "companies", path)
    lines = path.read_text(encoding="utf-8").splitlines()
    part2 = tmp_path / "BasicCompanyData-2026-11-01-part2_2.csv"
    part2.write_text("\n".join([lines[0], lines[1].replace("08209948", "08209949")]) + "\n",
                     encoding="utf-8")
    load_register(home, "companies", part2)
    reissue = tmp_path / "BasicCompanyData-2026-12-01-part1_2.csv"
    reissue.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    load_register(home, "companies", reissue)
    got = staged(home, "select part, count(*) n from staging.register_companies group by 1 "
                       "order by 1")
    assert [(r["part"], r["n"]) for r in got] == [("part1of2", 2), ("part2of2", 1)]


def test_bad_register_rows_are_quarantined_with_their_reasons_and_nothing_is_lost(home, tmp_path):
    rows = rows_of("charities_ew")
    header = list(rows[0])
    rows[0]["registered_charity_number"] = "22O949"        # a letter O for a zero
    rows[2]["charity_name"] = ""
    rows[3]["date_of_removal"] = "31/02/2023"
    rows.append(dict(rows[1]))                              # the same charity twice
    path = tmp_path / "publicextract.charity.txt"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer_ = csv.DictWriter(f, header, delimiter="\t")
        writer_.writeheader()
        writer_.writerows(rows)
    summary = load_register(home, "charities_ew", path)
    assert (summary.rows_read, summary.rows_loaded, summary.rows_quarantined) == (
        len(rows), len(rows) - 5, 5)
    assert quarantined(home, summary.load_id) == {
        2: {"number_form": "22O949"},
        3: {"number_unique": "1079327"},
        4: {"name_present": None},
        5: {"removed_on_readable": "31/02/2023"},
        len(rows) + 1: {"number_unique": "1079327"},
    }


def test_the_housing_list_loads_from_the_regulators_workbook(home, tmp_path):
    rows = rows_of("housing_providers")
    book = Workbook()
    sheet = book.active
    sheet.title = "Organisation Advanced Find View"
    sheet.append(list(rows[0]))
    for r in rows:
        sheet.append(list(r.values()))
    path = tmp_path / "List_of_registered_providers.xlsx"
    book.save(path)
    summary = load_register(home, "housing_providers", path)
    assert (summary.rows_loaded, summary.rows_quarantined) == (len(rows), 0)
    got = {r["number"]: r for r in staged(home, "select * from staging.register_housing_providers")}
    assert (got["00BP"]["designation"], str(got["4608"]["registered_on"])) == (
        "Local authority", "2013-06-06")


def test_a_file_that_is_not_the_register_is_refused_in_one_line(home, tmp_path):
    """Through `socialvalue ingest companies`' own path (a Dagster run)."""
    wrong = tmp_path / "BasicCompanyData-2026-11-01.csv"
    wrong.write_text("Supplier Name,Amount\nAcme Ltd,100\n", encoding="utf-8")
    [result] = ingest("companies", wrong)
    assert result["status"] == "refused"
    assert "no Companies House basic company data header" in result["message"]
    assert "'CompanyNumber'" in result["message"] and "\n" not in result["message"]


def test_a_register_dropped_in_its_folder_requests_its_load(home):
    """Refreshed when a new copy is dropped: the reference sensor picks each register up."""
    import dagster as dg

    from pipelines.sensors import reference_inbox
    from tests.test_drop_folders import drop, tick

    drop(home, "charities-ew", FIXTURES / FILES["charities_ew"][0])
    drop(home, "companies", FIXTURES / FILES["companies"][0])
    drop(home, "housing-providers", FIXTURES / FILES["housing_providers"][0])
    requests = tick(home, reference_inbox)
    by_dataset = {r.tags["socialvalue/dataset"]: r for r in requests}
    assert sorted(by_dataset) == ["charities_ew", "companies", "housing_providers"]
    assert by_dataset["companies"].asset_selection == [
        dg.AssetKey(["staging", "register_companies"])]
    assert (home.inbox / "companies" / "processed" / FILES["companies"][0]).exists()
