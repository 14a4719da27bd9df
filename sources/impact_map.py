"""Social Value UK's impact map, in and out.

An impact map (the SROI guide's template) has one row per outcome: the stakeholder, the outcome
(what changes), its indicator, the quantity, the duration and start of the benefit, the financial
proxy with its value and source, and the deadweight, displacement, attribution and drop-off.
Read in (`socialvalue ingest impact-map`), each row becomes a measure of a catalogue of its own
(framework `impact-map-<partnership>`, one edition per import) and a line of the outcome return
it implies for one partner and quarter; both then load as any catalogue and return do, with
their rules. Written out (`impact_map_rows`), each partnership's measures are laid out the same
way in its funder extract.

Rates are read as shares (0.25) or percentages (25%); a value, quantity or rate that cannot be
read refuses the file with its row and column, never quoting the cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from basics.duck import ident
from basics.files import FileRefused
from sources.headers import Column
from sources.tabular import read_alone

WHAT = "impact map"
COLUMNS = (
    Column("stakeholder", ("stakeholders", "stakeholder group")),
    Column("outcome", ("outcomes", "outcome description", "intended/unintended changes",
                       "intended / unintended changes", "what changes", "description")),
    Column("indicator", ("indicators",), required=False),
    Column("quantity", ("quantity (scale)", "number")),
    Column("duration", ("duration (years)", "benefit years")),
    Column("start", ("outcomes start", "outcome start", "benefit start year"), required=False),
    Column("proxy", ("financial proxy", "proxy description"), required=False),
    Column("value", ("value £", "value (£)", "value gbp", "proxy value", "value in currency",
                     "proxy value gbp", "financial proxy value")),
    Column("proxy_source", ("source of proxy", "proxy source", "source"), required=False),
    Column("deadweight", ("deadweight %",)),
    Column("displacement", ("displacement %",)),
    Column("attribution", ("attribution %",)),
    Column("drop_off", ("drop off", "drop-off", "drop off %", "drop-off %", "dropoff")),
)
# The layout written out, as Social Value UK's template heads its columns.
EXPORT_HEADERS = ("Stakeholders", "Outcome (what changes)", "Indicator", "Quantity",
                  "Duration (years)", "Outcomes start (years after)", "Financial proxy",
                  "Value £", "Source of proxy", "Deadweight %", "Displacement %",
                  "Attribution %", "Drop off %", "Impact £")
CATALOGUE_HEADER = ("framework", "edition", "code", "theme", "outcome", "unit",
                    "proxy_value_gbp", "price_year", "source", "licence", "deadweight",
                    "attribution", "displacement", "drop_off", "benefit_years",
                    "discount_schedule", "overlaps_with", "sensitive_cohort", "counts",
                    "benefit_start_year")
RETURN_HEADER = ("partnership_id", "partner_org_id", "period", "measure_code", "quantity",
                 "unit", "beneficiaries", "evidence_grade", "target", "notes")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class ImpactMapRefused(FileRefused):
    """An impact map that cannot be read as one; the message names the row and column."""


@dataclass(frozen=True)
class MapRow:
    """One outcome of an impact map, read."""

    row: int
    stakeholder: str
    outcome: str
    indicator: str | None
    quantity: float
    duration: int
    start: int
    proxy: str | None
    value: float
    proxy_source: str | None
    deadweight: float
    displacement: float
    attribution: float
    drop_off: float

    @property
    def code(self) -> str:
        """A measure code that stays the same for the same stakeholder, outcome and indicator
        whenever the map is imported again."""
        key = "|".join(x.strip().lower() for x in (self.stakeholder, self.outcome,
                                                    self.indicator or ""))
        return "IM-" + hashlib.sha256(key.encode()).hexdigest()[:8].upper()


def read_impact_map(path: Path, scratch: Path) -> list[MapRow]:
    """The outcomes of an impact map file (CSV or XLSX), every cell checked."""
    with read_alone(path, COLUMNS, WHAT, scratch) as (con, landed):
        fields = [c.field for c in COLUMNS]
        select = ", ".join(
            f"{ident(landed.columns[f])} as {ident(f)}" if f in landed.columns
            else f"null as {ident(f)}" for f in fields)
        rows = con.execute(f"select source_row, {select} from {ident(landed.name)} "
                           "order by source_row").fetchall()
    out = []
    for source_row, *cells in rows:
        given = {f: (None if v is None or not str(v).strip() else str(v).strip())
                 for f, v in zip(fields, cells, strict=True)}
        if not any(given.values()):
            continue
        out.append(_row(path.name, source_row, given))
    if not out:
        raise ImpactMapRefused(f"{path.name}: no outcome rows below the impact map's header")
    return out


def _row(name: str, row: int, given: dict) -> MapRow:
    def fail(column: str, rule: str) -> ImpactMapRefused:
        return ImpactMapRefused(f"{name}: row {row}, column {column}: {rule}")

    def number(field: str, rule: str) -> float:
        text = (given[field] or "").replace("£", "").replace(",", "").strip()
        if not NUMBER.fullmatch(text):
            raise fail(field, rule)
        return float(text)

    def share(field: str) -> float:
        text = given[field] or ""
        percent = text.endswith("%")
        value = number(field, "not a share (0.25) or a percentage (25%)") if not percent else \
            _percent(text, lambda: fail(field, "not a percentage"))
        if not 0 <= value < 1:
            raise fail(field, "not a share from 0 up to (not including) 1 (0% to 99%)")
        return value

    def whole(field: str, low: int, rule: str, default: int | None = None) -> int:
        if given[field] is None and default is not None:
            return default
        value = number(field, rule)
        if value != int(value) or not low <= value <= 30:
            raise fail(field, rule)
        return int(value)

    for field in ("stakeholder", "outcome"):
        if given[field] is None:
            raise fail(field, f"{field} missing")
    quantity = number("quantity", "quantity missing or not a number")
    if quantity < 0:
        raise fail("quantity", "quantity below zero")
    return MapRow(
        row=row, stakeholder=given["stakeholder"], outcome=given["outcome"],
        indicator=given["indicator"], quantity=quantity,
        duration=whole("duration", 1, "duration missing or not whole years from 1 to 30"),
        start=whole("start", 0, "start not whole years from 0 to 30", default=0),
        proxy=given["proxy"], value=number("value", "proxy value missing or not £"),
        proxy_source=given["proxy_source"],
        deadweight=share("deadweight"), displacement=share("displacement"),
        attribution=share("attribution"), drop_off=share("drop_off"))


def _percent(text: str, fail) -> float:
    body = text[:-1].strip()
    if not NUMBER.fullmatch(body):
        raise fail()
    return float(body) / 100


def implied_files(rows: list[MapRow], out: Path, stem: str, *, partnership: str, partner: str,
                  period: str, price_year: int, evidence_grade: str,
                  edition: str | None = None,
                  licence: str = "as stated in the impact map") -> tuple[Path, Path]:
    """The catalogue and the outcome return an impact map implies, written under `out`:
    (catalogue file, return file)."""
    framework = f"impact-map-{partnership}"
    edition = edition or dt.date.today().isoformat()
    out.mkdir(parents=True, exist_ok=True)
    catalogue, returns = out / f"{stem}.catalogue.csv", out / f"{stem}.return.csv"
    codes = [r.code for r in rows]
    repeated = {c for c in codes if codes.count(c) > 1}
    if repeated:
        first = next(r.row for r in rows if r.code in repeated)
        raise ImpactMapRefused(f"{stem}: row {first}: the same stakeholder, outcome and "
                               "indicator on more than one row")
    with catalogue.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CATALOGUE_HEADER)
        for r in rows:
            source = "; ".join(x for x in (r.proxy, r.proxy_source) if x) or "impact map"
            w.writerow([framework, edition, r.code, "social", f"{r.stakeholder}: {r.outcome}",
                        r.indicator or "", f"{r.value:.2f}", price_year, source,
                        licence, r.deadweight, r.attribution,
                        r.displacement, r.drop_off, r.duration, "standard", "", "false",
                        "people", r.start])
    with returns.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(RETURN_HEADER)
        for r in rows:
            # An impact map counts the stakeholders who change: they are the beneficiaries.
            people = f"{r.quantity:.0f}" if r.quantity == int(r.quantity) else ""
            w.writerow([partnership, partner, period.replace("-Q", " Q"), r.code,
                        f"{r.quantity:g}", r.indicator or "", people, evidence_grade, "",
                        f"impact map row {r.row}"])
    return catalogue, returns
