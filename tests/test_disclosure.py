"""Disclosure control decided by what a measure counts, as its catalogue declares it (issue 14,
finding 4; issue 16's suppression item): the declaration loads, an undeclared or unknown one is
read as people, and pages and extracts hide the same cells whatever the unit is called."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboards.extracts import suppression as extract_suppression
from dashboards.site import people
from dashboards.suppression import Policy, counts_people, suppress
from tests.dataset_files import SAMPLE, ingest, staged, table_rows, write_rows

POLICY = Policy()


def line(quarter: str, quantity: float, *, measure: str = "M1", unit: str = "person",
         counts: str | None = None, partner: str = "P1", beneficiaries: int | None = None,
         proxy: float = 100.0, theme: str = "social", sensitive: bool = False,
         counted: bool = True, harm: bool = False, grade: str = "B") -> dict:
    """One outcome line as marts.social_value holds it: every £ figure is quantity x a fixed
    multiple of the proxy, as the valuation makes it."""
    value = quantity * proxy
    return {"partnership_id": "x", "partner_org_id": partner, "partner_name": f"name {partner}",
            "partner_role": "member", "financial_year": "2024-25",
            "quarter_key": f"2024-25-{quarter}", "period": f"2024-25 {quarter}",
            "measure_code": measure, "theme": theme, "outcome": f"outcome {measure}",
            "unit": unit, "counts": counts, "quantity": quantity,
            "beneficiaries": int(quantity) if beneficiaries is None else beneficiaries,
            "target": 10.0, "evidence_grade": grade, "sensitive_cohort": sensitive,
            "is_harm": harm, "counted": counted, "excluded_reason": None,
            "valuation_note": None, "gross_value_gbp": value, "net_impact_gbp": value * 0.6,
            "net_value_gbp": value * 0.9, "present_value_gbp": value * 0.8,
            "present_value_low_gbp": value * 0.5, "present_value_high_gbp": value * 1.1}


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def page_cell(cells: pd.DataFrame, quarter: str, measure: str = "M1") -> dict:
    rows = cells[(cells["quarter_key"] == f"2024-25-{quarter}")
                 & (cells["measure_code"] == measure)]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def extract_frames(lines: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The four tables of an extract that carry counts of people, made from `lines` as the
    marts make them."""
    lines = lines.reset_index(drop=True)
    targets = lines[["partnership_id", "partner_org_id", "partner_name", "financial_year",
                     "quarter_key", "period", "measure_code", "theme", "outcome", "unit",
                     "quantity", "target", "evidence_grade"]].assign(
        target_kind="floor", variance=lines["quantity"] - lines["target"],
        achievement=lines["quantity"] / lines["target"],
        status=["met" if q >= t else "below target" for q, t in
                zip(lines["quantity"], lines["target"], strict=True)],
        target_met=lines["quantity"] >= lines["target"])
    costs = lines.groupby(["partnership_id", "financial_year", "measure_code", "theme",
                           "outcome", "unit"], as_index=False).agg(
        quantity=("quantity", "sum"), beneficiaries=("beneficiaries", "sum"),
        quarters=("quarter_key", "nunique"), sensitive_cohort=("sensitive_cohort", "any"),
        counts=("counts", "first"))
    costs["inputs_gbp"] = 50_000.0
    costs["cost_per_unit_gbp"] = costs["inputs_gbp"] / costs["quantity"]
    counted = lines[lines["counted"] & ~lines["is_harm"]]
    accounts = pd.DataFrame([{
        "partnership_id": "x", "financial_year": "2024-25",
        "beneficiaries": int(counted["beneficiaries"].sum()), "inputs_gbp": 50_000.0,
        "present_value_gbp": float(lines.loc[lines["counted"], "present_value_gbp"].sum())}])
    accounts["cost_per_beneficiary_gbp"] = accounts["inputs_gbp"] / accounts["beneficiaries"]
    return {"social_value": lines, "outcomes_vs_targets": targets, "cost_per_outcome": costs,
            "accounts": accounts}


def extract_line(out: dict, quarter: str, measure: str = "M1", partner: str = "P1") -> dict:
    rows = out["social_value"]
    rows = rows[(rows["quarter_key"] == f"2024-25-{quarter}")
                & (rows["measure_code"] == measure) & (rows["partner_org_id"] == partner)]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


# --- what a measure counts ---------------------------------------------------------------------

def test_counts_people_unless_the_catalogue_says_not():
    declared = pd.Series(["people", "households", "tenancies", "not people", None, "widgets"])
    assert counts_people(declared).tolist() == [True, True, True, False, True, True]


@pytest.mark.parametrize("unit", ["looked-after child", "service user", "care leaver"])
def test_a_unit_no_word_list_knows_is_suppressed_on_the_page(unit):
    # The finding: quantities 11 and 9 published for a unit outside the old word list (here
    # with 3 and 4 beside them; the catalogue said nothing, so it counts people).
    lines = frame(line("Q1", 3, unit=unit), line("Q2", 4, unit=unit),
                  line("Q3", 11, unit=unit), line("Q4", 9, unit=unit))
    cells = people.measure_quarters(lines, POLICY)
    assert page_cell(cells, "Q1")["quantity_suppressed"]
    assert page_cell(cells, "Q2")["quantity_suppressed"]
    assert pd.isna(page_cell(cells, "Q1")["quantity"])
    assert pd.isna(page_cell(cells, "Q1")["present_value_gbp"])


@pytest.mark.parametrize("unit", ["looked-after child", "service user"])
def test_a_unit_no_word_list_knows_is_suppressed_in_the_extract(unit):
    # The finding: quantities 3, 8, 5 in the extract.
    lines = frame(line("Q1", 3, unit=unit, beneficiaries=12),
                  line("Q2", 8, unit=unit, beneficiaries=12, sensitive=True),
                  line("Q3", 5, unit=unit, beneficiaries=12, measure="M2"),
                  line("Q4", 30, unit=unit, beneficiaries=30),
                  line("Q4", 40, unit=unit, beneficiaries=40, measure="M2"),
                  line("Q1", 35, unit=unit, beneficiaries=35, measure="M2"))
    out = extract_suppression.apply(extract_frames(lines), POLICY)
    for quarter, measure in (("Q1", "M1"), ("Q2", "M1")):
        row = extract_line(out, quarter, measure)
        assert row["quantity_suppressed"] and pd.isna(row["quantity"]), (quarter, measure)
        assert row["value_suppressed"] and pd.isna(row["present_value_gbp"])


def test_tenancies_and_households_are_hidden_with_the_people_in_them():
    # Tenancies sustained: 3 tenancies for 3 people. The beneficiaries were hidden, and the
    # quantity beside them gave the count back.
    for counts in ("tenancies", "households"):
        lines = frame(line("Q1", 3, unit="tenancy", counts=counts),
                      line("Q2", 2, unit="tenancy", counts=counts),
                      line("Q3", 20, unit="tenancy", counts=counts),
                      line("Q4", 30, unit="tenancy", counts=counts))
        out = extract_suppression.apply(extract_frames(lines), POLICY)
        row = extract_line(out, "Q1")
        assert row["beneficiaries_suppressed"] and row["quantity_suppressed"], counts
        assert pd.isna(row["quantity"]) and pd.isna(row["present_value_gbp"])
        cells = people.measure_quarters(lines, POLICY)
        assert page_cell(cells, "Q1")["quantity_suppressed"]


def test_a_measure_declared_not_people_is_published_as_reported():
    lines = frame(line("Q1", 3, unit="hour", counts="not people", beneficiaries=20),
                  line("Q2", 40, unit="hour", counts="not people", beneficiaries=25))
    cells = people.measure_quarters(lines, POLICY)
    assert page_cell(cells, "Q1")["quantity"] == 3
    assert not page_cell(cells, "Q1")["quantity_suppressed"]
    out = extract_suppression.apply(extract_frames(lines), POLICY)
    assert extract_line(out, "Q1")["quantity"] == 3


# --- the catalogue declares it -------------------------------------------------------------------

def test_the_catalogue_loads_what_each_measure_counts(home, tmp_path):
    header, rows = table_rows(SAMPLE / "catalogue" / "illustrative-2026.csv")
    at = header.index("counts")
    said = ["Households", "not_people", "", "widgets", "TENANCY", "Not People"]
    for row, word in zip(rows, said, strict=False):
        row[at] = word
    [result] = ingest("measure_catalogue", write_rows(tmp_path / "c.csv", header, rows))
    assert result["status"] == "loaded" and result["rows_quarantined"] == 0
    stored = staged(home, "select counts, counts_declared from staging.measure_catalogue "
                          "order by source_row")
    assert [(r["counts"], r["counts_declared"]) for r in stored[:6]] == [
        ("households", "Households"), ("not people", "not_people"), ("people", None),
        ("people", "widgets"), ("tenancies", "TENANCY"), ("not people", "Not People")]


def test_a_catalogue_without_the_column_counts_people_everywhere(home, tmp_path):
    header, rows = table_rows(SAMPLE / "catalogue" / "illustrative-2026.csv")
    at = header.index("counts")
    [result] = ingest("measure_catalogue", write_rows(
        tmp_path / "old.csv", header[:at] + header[at + 1:], [r[:at] + r[at + 1:] for r in rows]))
    assert result["status"] == "loaded"
    assert {r["counts"] for r in staged(home, "select counts from staging.measure_catalogue")} \
        == {"people"}


# --- secondary suppression that no published total undoes ---------------------------------------

def test_two_hidden_cells_whose_sum_is_small_take_a_third_with_them():
    # The finding: two hidden cells plus a published total give away their sum (2 + 2 = 4
    # people in Q1 and Q2 together). A third cell goes, so the hidden part is not a small count.
    lines = frame(line("Q1", 2), line("Q2", 2), line("Q3", 30), line("Q4", 40))
    cells = people.measure_quarters(lines, POLICY)
    hidden = cells[cells["quantity_suppressed"]]["quarter_key"].tolist()
    assert len(hidden) == 3 and "2024-25-Q4" not in hidden
    year_total = float(lines["quantity"].sum())
    shown = cells.loc[~cells["quantity_suppressed"], "quantity"].astype(float).sum()
    assert year_total - shown >= POLICY.threshold


def test_the_extract_keeps_the_hidden_part_of_every_total_from_being_small():
    lines = frame(line("Q1", 2, beneficiaries=2), line("Q2", 2, beneficiaries=2),
                  line("Q3", 30), line("Q4", 40))
    out = extract_suppression.apply(extract_frames(lines), POLICY)
    rows = out["social_value"]
    hidden = rows["beneficiaries_suppressed"].astype(bool)
    assert int(hidden.sum()) == 3
    assert lines.loc[hidden.to_numpy(), "beneficiaries"].sum() >= POLICY.threshold


def test_suppress_hides_the_next_smallest_until_the_hidden_sum_is_not_small():
    out = suppress(pd.DataFrame({"g": ["a"] * 4, "n": [1, 1, 1, 30]}), "n", POLICY, group=["g"])
    # three primary cells hold 3 people together: the total would say so; the 30 goes too
    assert out["n_suppressed"].tolist() == [True, True, True, True]
    out = suppress(pd.DataFrame({"g": ["a"] * 4, "n": [3, 4, 20, 30]}), "n", POLICY, group=["g"])
    assert out["n_suppressed"].tolist() == [True, True, False, False]   # 7 hidden: not small
