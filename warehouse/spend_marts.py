"""Spend marts: each loaded payment line classed by supplier type, locality and partnership, and
what the pages and funder extracts show of it.

`marts.councils` holds the councils' profiles; `marts.spend_classified` holds one row per current
spend line with its supplier class, how sure that class is, whether the supplier is local, and
the partner (and partnership) it was paid to, each with its evidence (the rules and their order:
warehouse/sql/marts/spend_classified.sql and _classification.sql). `build_spend_summaries`
builds what the site and the extracts read of it.

Each mart is a SQL file; what it needs from Python is written first as a small temporary table:
the councils' profiles, and each payee name judged by warehouse/individuals.py (a person's name
or not, the word showing an organisation) and each redaction mark as it may be published.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

import duckdb
import pandas as pd

from basics.duck import records
from warehouse.individuals import (
    INDIVIDUAL_EXPENSES,
    INDIVIDUAL_LABEL,
    REDACTED_LABEL,
    judge_payees,
    redaction_label,
)
from warehouse.marts import build_mart, run_mart
from warehouse.registers.matching import SPEND, match_organisations, with_payee_key


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame
                ) -> Iterator[None]:
    """`frame` readable as the table `name` while the block runs."""
    con.register(name, frame)
    try:
        yield
    finally:
        con.unregister(name)


class Council(Protocol):
    """What marts.councils keeps of a council's profile (sources.spend.profiles.CouncilProfile)."""

    slug: str
    name: str
    org_id: str | None
    local_postcode_areas: Sequence[str]
    london: bool
    cadence: str
    publication_lag_days: int


def build_councils(con: duckdb.DuckDBPyConnection, profiles: Sequence[Council]) -> int:
    """Rebuild marts.councils from the councils' profiles; returns the councils."""
    frame = pd.DataFrame([{
        "council": p.slug, "name": p.name, "org_id": p.org_id,
        "local_postcode_areas": list(p.local_postcode_areas), "london": p.london,
        "cadence": p.cadence, "publication_lag_days": p.publication_lag_days,
    } for p in profiles], columns=["council", "name", "org_id", "local_postcode_areas", "london",
                                   "cadence", "publication_lag_days"])
    with _registered(con, "_profiles", frame):
        return build_mart(con, "councils")


def build_spend_classified(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Match payees to the registers (marts.organisation_matches), judge each payee name, then
    rebuild marts.spend_classified; returns lines and amounts per council and class."""
    match_organisations(con)
    names = [name for (name,) in con.execute(
        "select distinct beneficiary from staging.council_spend where beneficiary is not null"
    ).fetchall()]
    with _registered(con, "_payee_judgements", judge_payees(names)):
        with_payee_key(con)
        run_mart(con, "spend_classified", {"spend_source": SPEND,
                                           "individual_expenses": INDIVIDUAL_EXPENSES.pattern})
    return records(con, """
        select council, supplier_class, count(*) as lines, sum(amount) as amount_gbp
        from marts.spend_classified group by all order by council, supplier_class""")


def build_spend_summaries(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rebuild what the site and the funder extracts show of the spend: marts.spend_suppliers
    (each council-year's payees ranked by amount, individuals and redacted lines counted
    together, never named), marts.spend_by_month (spend per month and supplier class),
    marts.spend_redactions (redacted payments by the council's mark, as it may be published),
    marts.council_payments (the lead councils' payments to their partners, as published) and
    marts.partnership_grants (the partners' grants from other funders); returns their rows."""
    labels = pd.DataFrame({"label": [label for (label,) in con.execute(
        "select distinct coalesce(redaction_label, 'redacted') from staging.council_spend "
        "where is_redacted").fetchall()]}, dtype="string")
    labels["published"] = labels["label"].map(redaction_label).astype("string")
    published = {"redacted_label": REDACTED_LABEL, "individual_label": INDIVIDUAL_LABEL}
    counts = {"spend_suppliers": build_mart(con, "spend_suppliers", published),
              "council_payments": build_mart(con, "council_payments", published),
              "partnership_grants": build_mart(con, "partnership_grants"),
              "spend_by_month": build_mart(con, "spend_by_month")}
    with _registered(con, "_redaction_labels", labels):
        counts["spend_redactions"] = build_mart(con, "spend_redactions")
    return counts
