"""Who is a VCSE: payees matched to the registers (identifier, then name, then a similar name),
classed by the register's legal form, and only where no register speaks by words in the name.

The registers are the fixtures of tests/fixtures/registers/; each spend line below names one
case of the issue: spelling variants of one charity, a charity that is also a company, a
dissolved charity, a council-owned company, a name that matches nothing.
"""

from __future__ import annotations

import duckdb
import pytest

from sources.spend.profiles import load_profiles
from tests.dataset_files import staged
from tests.spend_files import load, write_csv
from tests.test_vcse_registers import FIXTURES, load_fixtures, load_register
from warehouse.connection import writer
from warehouse.marts import with_macros
from warehouse.registers.coverage import build_vcse_coverage
from warehouse.registers.fuzzy import THRESHOLD, _best
from warehouse.registers.names import name_key_sql
from warehouse.spend_marts import build_councils, build_spend_classified

HEADER = "Payment Date,Transaction Number,Supplier Name,Net Amount,Charity Number,Company Number"
# payee as the council wrote it, charity number, company number, amount
APRIL = [
    ("Change, Grow, Live", "", "", "1000.00"),                   # spelling variants of one charity
    ("CHANGE GROW LIVE LTD", "", "", "2000.00"),
    ("Change Grow Lve", "", "", "3000.00"),                      # a typing slip: fuzzy
    ("CGL", "", "3861209", "4000.00"),                           # charitable company, by number
    ("British Red Cross Society", "", "", "5000.00"),            # no VCSE word in the name
    ("Brookfold Youth Music Project", "", "", "600.00"),         # removed on 2023-03-31
    ("Brookfold Facilities Management Ltd", "", "", "7000.00"),  # a council's own company
    ("Rykneld Homes Ltd", "", "", "800.00"),                     # an ALMO: non-profit company
    ("Harbour Trust Investments Limited", "", "", "900.00"),     # "trust", but a company
    ("Zyxwv Quantum Widgets Ltd", "", "", "1100.00"),            # matches nothing
    ("Peabody Trust", "", "", "1200.00"),                        # housing association
    ("Ferncliffe Community Energy Ltd", "", "", "1300.00"),      # community benefit society
    ("Kelvin Community Larder", "SC099901", "", "1400.00"),      # Scottish charity, by number
    ("Oak Counselling Services", "", "", "1500.00"),             # Northern Irish charity
    ("Oldham Metropolitan Borough Council", "", "", "1600.00"),  # a council, as a provider
    ("Mr J Smith", "", "", "1700.00"),                           # a person: never matched by name
    ("Brookfold Court RTM Company Limited", "", "", "1800.00"),  # limited by guarantee only
    ("Sunnyside Befrienders CIC", "", "", "1900.00"),            # on no register: words only
]


def spend_file(folder, month: str, rows) -> object:
    day = f"02/{month[5:]}/{month[:4]}"
    return write_csv(folder, f"oldham-spend-{month}.csv", [HEADER] + [
        f'{day},{9000 + i},"{name}",{amount},{charity},{company}'
        for i, (name, charity, company, amount) in enumerate(rows)])


def build(home) -> dict[str, dict]:
    with writer(home.warehouse) as con:
        build_councils(con, list(load_profiles().values()))
        build_spend_classified(con)
    return {(r["beneficiary"], str(r["payment_date"])): r for r in staged(
        home, "select * from marts.spend_classified")}


@pytest.fixture
def classified(home, tmp_path):
    load_fixtures(home)
    assert load(home, spend_file(tmp_path, "2024-04", APRIL), "oldham").status == "loaded"
    got = build(home)
    return {name: got[(name, "2024-04-02")] for name, *_ in APRIL}


def judged(row) -> tuple[str, str]:
    return row["supplier_class"], row["class_basis"]


def test_spelling_variants_of_one_charity_all_match_its_register_entry(classified):
    for name in ("Change, Grow, Live", "CHANGE GROW LIVE LTD", "Change Grow Lve"):
        row = classified[name]
        assert judged(row) == ("vcse", "matched"), name
        assert row["register_identifier"] == "1079327"
    assert classified["Change, Grow, Live"]["register_match"] == "name"
    assert classified["Change Grow Lve"]["register_match"] == "similar name"
    assert 90 <= classified["Change Grow Lve"]["register_match_score"] < 100
    assert "score" in classified["Change Grow Lve"]["class_evidence"]


def test_a_charity_that_is_also_a_company_is_a_charity_by_its_company_number(classified):
    row = classified["CGL"]
    assert judged(row) == ("vcse", "matched")
    assert (row["register_identifier"], row["register_match"]) == ("1079327", "identifier")
    assert "company number in the spend file" in row["class_evidence"]
    assert "equally good" not in row["class_evidence"]  # one organisation, two registers


def test_a_charity_without_a_telling_word_is_found_on_the_register(classified):
    row = classified["British Red Cross Society"]
    assert judged(row) == ("vcse", "matched")
    assert row["register_identifier"] == "220949"
    assert "2026-11-30" in row["class_evidence"]  # the extract's own date
    assert str(row["register_date"]) == "2026-11-30"


def test_a_dissolved_charity_counts_only_for_what_it_was_paid_before_removal(home, tmp_path):
    load_fixtures(home)
    before = [("Brookfold Youth Music Project", "", "", "250.00")]
    load(home, spend_file(tmp_path, "2023-03", before), "oldham")
    load(home, spend_file(tmp_path, "2024-04", APRIL), "oldham")
    got = build(home)
    paid_before = got[("Brookfold Youth Music Project", "2023-03-02")]
    paid_after = got[("Brookfold Youth Music Project", "2024-04-02")]
    assert judged(paid_before) == ("vcse", "matched")
    assert judged(paid_after) == ("other", "unknown")
    assert "removed 2023-03-31" in paid_after["class_evidence"]
    assert "not on the register when paid" in paid_after["class_evidence"]


def test_council_owned_companies_are_not_vcse(classified):
    own = classified["Brookfold Facilities Management Ltd"]
    assert judged(own) == ("other", "matched")
    almo = classified["Rykneld Homes Ltd"]  # a non-profit provider, but a company: undetermined
    assert judged(almo) == ("other", "unknown")
    assert "this legal form does not show VCSE status" in almo["class_evidence"]
    council = classified["Oldham Metropolitan Borough Council"]
    assert judged(council) == ("public_body", "matched")


def test_the_register_overrides_words_in_the_name(classified):
    row = classified["Harbour Trust Investments Limited"]
    assert judged(row) == ("other", "matched")
    assert "private limited company" in row["class_evidence"]


def test_a_name_that_matches_nothing_is_unknown_and_words_are_the_fallback(classified):
    assert judged(classified["Zyxwv Quantum Widgets Ltd"]) == ("other", "unknown")
    assert classified["Zyxwv Quantum Widgets Ltd"]["register_identifier"] is None
    assert judged(classified["Sunnyside Befrienders CIC"]) == ("vcse", "inferred")
    guarantee = classified["Brookfold Court RTM Company Limited"]
    assert judged(guarantee) == ("other", "unknown")


def test_every_register_speaks(classified):
    expected = {
        "Peabody Trust": "Regulator of Social Housing's registered providers",
        "Ferncliffe Community Energy Ltd": "FCA Mutuals Public Register",
        "Kelvin Community Larder": "Scottish Charity Register (OSCR)",
        "Oak Counselling Services": "Charity Commission for Northern Ireland register",
        "Brookfold Facilities Management Ltd": "Companies House basic company data",
    }
    for name, register in expected.items():
        assert classified[name]["register_name"] == register, name
        assert classified[name]["class_basis"] == "matched", name


def test_a_persons_name_is_never_classed_by_a_register_name(home, tmp_path):
    load_fixtures(home)
    path = FIXTURES / "BasicCompanyData-2026-11-01-part1_2.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    person = lines[1].replace('"! LTD"', '"MR J SMITH LIMITED"').replace("08209948", "08209950")
    part = tmp_path / "BasicCompanyData-2026-11-01-part2_2.csv"
    part.write_text("\n".join([lines[0], person]) + "\n", encoding="utf-8")
    load_register(home, "companies", part)
    load(home, spend_file(tmp_path, "2024-04", APRIL), "oldham")
    row = build(home)[("Mr J Smith", "2024-04-02")]
    assert judged(row) == ("individual_or_redacted", "inferred")
    assert "not used: the name reads as a person's" in row["class_evidence"]


def test_partners_and_grant_recipients_are_matched_and_lend_their_ids(home, tmp_path):
    load_fixtures(home)
    with writer(home.warehouse) as con:
        con.execute("insert into staging.partners values ('p1', 'GB-CHC-220949', "
                    "'Red Cross (Oldham)', 'member', 'charity', true, null, true, null, 'f', "
                    "'h', 2, 'l', now())")
        con.execute("insert into staging.grants (grant_id, title, description, currency, "
                    "amount_awarded, award_date, recipient_org_id, recipient_org_name, "
                    "funder_org_id, funder_org_name, publisher, grant_json, source_file, "
                    "file_hash, source_row, load_id, loaded_at) values ('360G-x-1', 't', 'd', "
                    "'GBP', 10, '2024-01-01', 'GB-SC-SC099902', 'Highland Hostel', 'GB-CHC-1', "
                    "'F', 'f', '{}', 'g', 'h', 2, 'l', now())")
    rows = [("Red Cross (Oldham)", "", "", "500.00"), ("Highland Hostel", "", "", "700.00")]
    load(home, spend_file(tmp_path, "2024-04", rows), "oldham")
    got = build(home)
    red_cross = got[("Red Cross (Oldham)", "2024-04-02")]
    assert judged(red_cross) == ("vcse", "matched")
    assert "org id of the partner of this name" in red_cross["class_evidence"]
    hostel = got[("Highland Hostel", "2024-04-02")]
    assert (judged(hostel), hostel["register_identifier"]) == (("vcse", "matched"), "SC099902")
    assert "360Giving grant recipient" in hostel["class_evidence"]
    matches = {r["source"]: r for r in staged(
        home, "select * from marts.organisation_matches where source <> 'spend payee'")}
    assert (matches["partner"]["identifier"], matches["partner"]["method"]) == (
        "220949", "identifier")
    assert matches["grant recipient"]["identifier"] == "SC099902"


def test_a_new_register_replaces_the_old_and_the_matches_follow(home, tmp_path):
    load_fixtures(home)
    load(home, spend_file(tmp_path, "2024-04", APRIL), "oldham")
    assert build(home)[("British Red Cross Society", "2024-04-02")]["class_basis"] == "matched"
    source = (FIXTURES / "publicextract.charity.txt").read_text(encoding="utf-8").splitlines()
    newer = tmp_path / "publicextract.charity.txt"
    newer.write_text("\n".join(line for line in source if "\t220949\t" not in line) + "\n",
                     encoding="utf-8")
    assert load_register(home, "charities_ew", newer).status == "replaced"
    row = build(home)[("British Red Cross Society", "2024-04-02")]
    assert judged(row) == ("other", "unknown")


def test_coverage_says_how_much_of_the_spend_rests_on_registers(classified, home):
    amounts = {name: float(amount) for name, *_, amount in APRIL}
    basis = {name: row["class_basis"] for name, row in classified.items()}
    vcse = {name for name, row in classified.items() if row["supplier_class"] == "vcse"}
    with writer(home.warehouse) as con:
        [row] = build_vcse_coverage(con)
    total = sum(amounts.values())
    matched = sum(a for n, a in amounts.items() if basis[n] == "matched")
    assert float(row["total_gbp"]) == pytest.approx(total)
    assert float(row["matched_gbp"]) == pytest.approx(matched)
    assert float(row["vcse_matched_gbp"]) == pytest.approx(
        sum(amounts[n] for n in vcse if basis[n] == "matched"))
    assert float(row["vcse_inferred_gbp"]) == pytest.approx(1900.0)  # the CIC on no register
    assert float(row["unknown_gbp"]) == pytest.approx(600 + 800 + 1100 + 1800)
    assert row["coverage"] == pytest.approx(matched / total)


@pytest.mark.parametrize(("written", "key"), [
    ("THE BRITISH RED CROSS SOCIETY", "british red cross society"),
    ("St Mungo’s", "st mungos"),
    ("ST MUNGO'S LTD.", "st mungos"),
    ("Change, Grow, Live Limited", "change grow live"),
    ("Age UK Oldham & District", "age uk oldham and district"),
    ("Café Céleste Catering Ltd", "cafe celeste catering"),
    ("Theatre Royal Limited", "theatre royal"),
    ("  ", None),
])
def test_names_are_reduced_to_one_key(written, key):
    con = with_macros(duckdb.connect())
    assert con.execute(f"select {name_key_sql('?')}", [written]).fetchone()[0] == key


def test_similar_names_need_the_threshold_and_the_same_digits():
    names = ["unit 5 community trust", "brookfold community larder", "brookfold commun larder"]
    assert _best(["unit 4 community trust"], [1, 2, 3], names, THRESHOLD) == []
    got = _best(["brookfold comunity larder"], [1, 2, 3], names, THRESHOLD)
    assert [(key, rid) for key, rid, _ in got] == [("brookfold comunity larder", 2)]
    assert got[0][2] == pytest.approx(98.0, abs=0.1)
    assert _best(["brookfold larder"], [1, 2, 3], names, THRESHOLD) == []
