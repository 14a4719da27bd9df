"""The illustrative measure catalogue and price index (tables/measures.csv, price_index.csv):
the project's own values, CC0-1.0, not TOMs, HACT or HM Treasury figures."""

from dataclasses import dataclass
from pathlib import Path

from samples.table_files import flag, rows
from samples.writing import bool_text, write_csv

CATALOGUE_SOURCE = (
    "socialvalue project: illustrative value for demonstration only; "
    "replace with a licensed or official catalogue"
)
# Illustrative GDP-deflator-like index, 2024 = 100.0 (NOT HM Treasury's figures).
PRICE_INDEX_SOURCE = "illustrative; replace with HM Treasury GDP deflators (OGL)"


@dataclass(frozen=True)
class Measure:
    code: str
    theme: str
    outcome: str
    unit: str
    proxy_gbp: str
    price_year: int
    deadweight: str
    attribution: str
    displacement: str
    drop_off: str
    benefit_years: int
    discount: str
    overlaps_with: str = ""
    sensitive: bool = False
    counts: str = "people"


def _measure(row: dict[str, str]) -> Measure:
    return Measure(**{
        **row, "price_year": int(row["price_year"]),
        "benefit_years": int(row["benefit_years"]), "sensitive": flag(row["sensitive"]),
    })


MEASURES = tuple(_measure(row) for row in rows("measures.csv"))
MEASURE_BY_CODE = {m.code: m for m in MEASURES}


def write_catalogue(out: Path) -> None:
    """Write the illustrative measure catalogue and the illustrative price index."""
    write_csv(
        out / "catalogue" / "illustrative-2026.csv",
        [
            "framework", "edition", "code", "theme", "outcome", "unit", "proxy_value_gbp",
            "price_year", "source", "licence", "deadweight", "attribution", "displacement",
            "drop_off", "benefit_years", "discount_schedule", "overlaps_with",
            "sensitive_cohort", "counts",
        ],
        (
            [
                "socialvalue-illustrative", "2026.1", m.code, m.theme, m.outcome, m.unit,
                m.proxy_gbp, str(m.price_year), CATALOGUE_SOURCE, "CC0-1.0", m.deadweight,
                m.attribution, m.displacement, m.drop_off, str(m.benefit_years), m.discount,
                m.overlaps_with, bool_text(m.sensitive), m.counts,
            ]
            for m in MEASURES
        ),
    )
    write_csv(
        out / "catalogue" / "price-index.csv",
        ["year", "index", "source"],
        (
            [row["year"], row["index"], PRICE_INDEX_SOURCE] for row in rows("price_index.csv")
        ),
    )
