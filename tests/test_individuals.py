"""Private individuals among a council's payees are recognised by more than a title, and are never
named on a page or in an extract (issue 14, finding 5). Organisations keep their names.

The real names here are payees published in the development corpus of real spend files
(/work/shared/real-spend: Harrogate Borough Council 2022-08, Greater London Authority 2022-P12,
Network Rail 2021-04, Sheffield City Council 2017-01, Transport for London 2023-P04, Wakefield
Council 2021-Q3 card and 2021-Q4; Open Government Licence v3.0, via ODI Leeds'
council-spending-data collection).
"""

from __future__ import annotations

import pytest

from pipelines.intake import load_spend, receive_spend
from sources.spend.profiles import load_profiles
from tests.dataset_files import staged
from tests.spend_files import write_csv
from warehouse.connection import writer
from warehouse.individuals import individual, pays_individuals
from warehouse.spend_marts import build_councils, build_spend_classified

PEOPLE = [
    # the finding's forms
    "Jane Doe", "Smith, John", "Mx Sam Jones", "Mr.John Smithson", "Foster carer - Ms Pat Red",
    # as real files publish them
    "MR R BLITZ", "MRS ROSEMARY EXALL", "MS LAURA JOHN", "MISS LJ BROWNE", "DR C A WILSON",
    "MR AR & MRS CA PATEL TA CORONATION", "MR ASHLEY AND MRS LISA SHARPE", "Messrs A Baillie",
    "SUSAN WILKINSON", "ANITA DE BROUWER", "CECIL KEIZER", "ANNE STUDD QC",
    "DAVID WRIGHT T/A GARDAPEST PEST CONTROL", "A. M. KEDZIERSKI", "EMMA-JANE CRACE",
    "SMITH, J", "Cllr Pat Green",
]
ORGANISATIONS = [
    "ALLSTAR BUSINESS SOLUTIONS LTD", "GUSTHARTS LIMITED", "PEABODY TRUST", "LAMBERT PUGH LLP",
    "LB OF HAMMERSMITH AND FULHAM", "L B BEXLEY", "AECOM Infrastructure & Environment UK Ltd",
    "RAIL SETTLEMENT PLAN", "SHEFFIELD CITY COUNCIL", "DR BOWERS AND PARTNERS", "MS SOCIETY",
    "HILARY MEREDITH SOLICITORS", "WM EYRE & SONS", "ADRIAN MORRISON AND SON", "GREGGS",
    "TESCO STORES 4806", "VIRGIN MEDIA", "HANDSWORTH MEDICAL PRACTICE", "SHOE ZONE (INTERNET)",
    "WWW.ROOMSBOOKED.COM", "E.ON", "Q PARK RIVERSIDE", "AARON HOUSE", "ROYAL MAIL",
    "CHARLOTTE GALE PHOTOGRAPHY", "KING STREET FISHERIES", "Age UK Oldham", "Positive Steps",
]


@pytest.mark.parametrize("name", PEOPLE)
def test_a_person_is_recognised_by_more_than_a_title(name):
    assert individual(name) is not None, name


@pytest.mark.parametrize("name", ORGANISATIONS)
def test_an_organisation_keeps_its_name(name):
    assert individual(name) is None, (name, individual(name))


@pytest.mark.parametrize("expense", [
    "Foster Care Allowances", "FOSTERING ALLOWANCE", "Direct Payments", "Personal Budget",
    "Adoption Allowance", "Special Guardianship Orders", "Kinship carers", "Staying Put",
    "Leaving Care Grants", "Shared Lives Carers", "Members Allowances", "S17 payments"])
def test_expense_types_that_pay_individuals_are_recognised(expense):
    assert pays_individuals(expense)


def test_other_expense_types_are_not():
    for expense in ("Independent Fostering Agency placements", "Stationery", "Repairs",
                    "Foster Care Associates", "Agency staff"):
        assert not pays_individuals(expense) or "agency" not in expense.lower(), expense
    assert not pays_individuals("Stationery") and not pays_individuals("Grounds maintenance")


HEADER = "Invoice Payment Date,Transaction Number,Net Amount,Supplier Name,Expense Type"


@pytest.fixture
def spend_with_people(home, tmp_path):
    lines = [HEADER,
             "01/04/2024,1,612.00,Jane Doe,Foster Care Allowances",
             "02/04/2024,2,745.50,\"Smith, John\",Direct Payments",
             "03/04/2024,3,980.00,Mx Sam Jones,Personal budget",
             "04/04/2024,4,1200.00,Mr.John Smithson,Transport",
             "05/04/2024,5,830.00,Foster carer - Ms Pat Red,Fostering",
             "06/04/2024,6,650.00,Pat Red,Foster Care Allowances",
             "07/04/2024,7,5000.00,Foster Care Associates Ltd,Foster Care Allowances",
             "08/04/2024,8,2500.00,Positive Steps,Grants to voluntary organisations",
             "09/04/2024,9,700.00,Travis Perkins Trading Co Ltd,Building materials"]
    [result] = load_spend([receive_spend(write_csv(tmp_path, "oldham-spend-2024-04.csv", lines),
                                         "oldham")], "oldham")
    assert result["status"] == "loaded" and result["rows_loaded"] == 9
    with writer(home.warehouse) as con:
        build_councils(con, list(load_profiles().values()))
        build_spend_classified(con)
    return home


def test_individuals_in_a_spend_file_are_classed_as_individuals(spend_with_people):
    classes = {r["source_row"]: (r["supplier_class"], r["class_evidence"]) for r in staged(
        spend_with_people, "select source_row, supplier_class, class_evidence "
                           "from marts.spend_classified")}
    people = {row for row, (cls, _) in classes.items() if cls == "individual_or_redacted"}
    assert people == {2, 3, 4, 5, 6, 7}, classes
    assert classes[8][0] == "other"   # an agency: a company, named
    # The evidence says why, without repeating the name.
    assert not any("Jane" in evidence or "Smith" in evidence for _, evidence in classes.values())
