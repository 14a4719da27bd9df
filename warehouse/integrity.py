"""What must stay true of the rows already loaded, dataset by dataset.

Validation keeps bad rows out at load time; these rules catch what can go wrong afterwards or
between datasets: a register replaced so that loaded returns now name a partner it no longer
lists, two files that together repeat a key, a date that has since turned out to be in the future
of its load. Each rule is a count of the rows that break it: zero means the rule holds.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from loading.datasets import Integrity


def _duplicates(table: str, key: str) -> str:
    return f"select coalesce(sum(n - 1), 0) from (select count(*) n from {table} group by {key})"


RULES: dict[str, list[Integrity]] = {
    "spend": [
        Integrity("future_dates", "payment date later than the day it was loaded",
                  "select count(*) from staging.council_spend "
                  "where payment_date > loaded_at::date"),
        Integrity("zero_amounts", "amount of zero",
                  "select count(*) from staging.council_spend where amount = 0"),
        Integrity("unnamed_beneficiaries", "no beneficiary and not marked as redacted",
                  "select count(*) from staging.council_spend "
                  "where beneficiary is null and not is_redacted"),
        Integrity("redacted_with_names", "a redacted line that still carries a name",
                  "select count(*) from staging.council_spend "
                  "where is_redacted and beneficiary is not null"),
    ],
    "outcomes": [
        Integrity("negative_counts", "quantity or beneficiaries below zero",
                  "select count(*) from staging.outcome_returns "
                  "where quantity < 0 or beneficiaries < 0"),
        Integrity("unknown_grades", "evidence grade not one of A-D",
                  "select count(*) from staging.outcome_returns "
                  "where evidence_grade not in ('A', 'B', 'C', 'D')"),
        Integrity("partners_not_in_register",
                  "a partner the partners register (as now loaded) does not list for the "
                  "partnership: reload the register, or the returns after it",
                  "select count(*) from staging.outcome_returns o anti join staging.partners p "
                  "on p.partnership_id = o.partnership_id and p.org_id = o.partner_org_id"),
        Integrity("measures_not_in_catalogue",
                  "a measure no loaded catalogue has (a catalogue was replaced since)",
                  "select count(*) from staging.outcome_returns o anti join "
                  "staging.measure_catalogue m on m.code = o.measure_code"),
    ],
    "partnerships": [
        Integrity("repeated_ids", "a partnership id on more than one row",
                  _duplicates("staging.partnerships", "partnership_id")),
        Integrity("ends_before_start", "end date before start date",
                  "select count(*) from staging.partnerships where end_date < start_date"),
        Integrity("negative_values", "contract value below zero",
                  "select count(*) from staging.partnerships where contract_value_gbp < 0"),
    ],
    "partners": [
        Integrity("repeated_members", "the same organisation twice in one partnership",
                  _duplicates("staging.partners", "partnership_id, org_id")),
        Integrity("partnerships_not_in_register",
                  "a partner of a partnership the partnerships register does not list",
                  "select count(*) from staging.partners p anti join staging.partnerships r "
                  "using (partnership_id)"),
    ],
    "measure_catalogue": [
        Integrity("repeated_codes", "a measure code twice in one framework edition",
                  _duplicates("staging.measure_catalogue", "catalogue, code")),
        Integrity("rates_out_of_range",
                  "deadweight, attribution, displacement or drop-off outside [0, 1)",
                  "select count(*) from staging.measure_catalogue where not ("
                  "deadweight >= 0 and deadweight < 1 and attribution >= 0 and attribution < 1"
                  " and displacement >= 0 and displacement < 1"
                  " and drop_off >= 0 and drop_off < 1)"),
        Integrity("benefit_years_out_of_range", "benefit years outside 1-30",
                  "select count(*) from staging.measure_catalogue "
                  "where benefit_years not between 1 and 30"),
    ],
    "price_index": [
        Integrity("repeated_years", "a year on more than one row",
                  _duplicates("staging.price_index", "year")),
        Integrity("index_not_positive", "an index of zero or below",
                  "select count(*) from staging.price_index where index <= 0"),
    ],
    "imperative_evidence": [
        Integrity("ends_before_start", "evidence period ending before it starts",
                  "select count(*) from staging.imperative_evidence "
                  "where period_end < period_start"),
        Integrity("partners_not_in_register",
                  "evidence for a partner the partners register does not list",
                  "select count(*) from staging.imperative_evidence e anti join staging.partners p"
                  " on p.partnership_id = e.partnership_id and p.org_id = e.partner_org_id"),
    ],
    "self_assessments": [
        Integrity("scores_out_of_range", "a score outside 0-5",
                  "select count(*) from staging.self_assessments where score not between 0 and 5"),
    ],
    "grants": [
        Integrity("repeated_ids", "a 360Giving grant id on more than one row",
                  _duplicates("staging.grants", "grant_id")),
        Integrity("negative_amounts", "amount awarded below zero",
                  "select count(*) from staging.grants where amount_awarded < 0"),
        Integrity("ids_not_360giving", "a grant id not starting 360G-",
                  "select count(*) from staging.grants where not starts_with(grant_id, '360G-')"),
    ],
    "inputs": [
        Integrity("negative_amounts", "a contribution valued below zero",
                  "select count(*) from staging.inputs where amount_gbp < 0"),
        Integrity("partnerships_not_in_register",
                  "a partnership the partnerships register (as now loaded) does not list: "
                  "reload the register, or the inputs after it",
                  "select count(*) from staging.inputs i anti join staging.partnerships p "
                  "using (partnership_id)"),
        Integrity("time_not_hours_x_rate", "time valued otherwise than hours x hourly rate",
                  "select count(*) from staging.inputs where kind in ('staff time', "
                  "'volunteer time') and amount_gbp <> round(hours * hourly_rate_gbp, 2)"),
    ],
    **{
        register: [Integrity("repeated_numbers", message,
                             _duplicates(f"staging.register_{register}", key))]
        for register, (key, message) in {
            "charities_ew": ("number, linked_number",
                             "a charity (and linked number) on more than one row"),
            "charities_scotland": ("number", "a charity number on more than one row"),
            "charities_ni": ("number, sub_number",
                             "a charity (and sub-charity number) on more than one row"),
            "companies": ("part, number", "a company number twice in one part of the register"),
            "mutuals": ("number", "a society registration number on more than one row"),
            "housing_providers": ("number",
                                  "a provider's registration number on more than one row"),
        }.items()
    },
}


def rules_of(dataset: str, declared: Sequence[Integrity] = ()) -> list[Integrity]:
    """The rules of `dataset`: those kept here, then those its declaration adds."""
    return [*RULES.get(dataset, []), *declared]


def broken_rules(con: duckdb.DuckDBPyConnection, dataset: str,
                 declared: Sequence[Integrity] = ()) -> dict[str, int]:
    """{rule name: rows breaking it} for every rule of `dataset` (zeros included)."""
    return {rule.name: int(con.execute(rule.sql).fetchone()[0])
            for rule in rules_of(dataset, declared)}
