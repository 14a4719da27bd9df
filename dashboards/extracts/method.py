"""What an extract says about itself: its licence and publisher, the method note (formulas, proxy
sources and licences, assumptions, the suppression rule applied) and the workbook's readme sheet.

`config/publication.yaml` may set the extract's licence and publisher:

    extracts:
      licence: {name: OGL-UK-3.0, title: Open Government Licence v3.0,
                path: https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/}
      publisher: {name: Oldham Council, identifier: GB-LAE-OLD}

Default: CC BY 4.0, published by "socialvalue".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from dashboards.extracts.dictionary import Table
from dashboards.extracts.safety import PREFIX, TRIGGERS
from dashboards.extracts.spec import Spec
from dashboards.extracts.tables import OPEN_LICENCES
from dashboards.publication import SAMPLE_NOTICE
from dashboards.suppression import SYMBOL, Policy
from warehouse.individuals import INDIVIDUAL_LABEL, REDACTED_LABEL

CC_BY = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
         "path": "https://creativecommons.org/licenses/by/4.0/"}


class BadExtractSettings(ValueError):
    """The `extracts` settings in config/publication.yaml cannot be used."""


@dataclass(frozen=True)
class Settings:
    """The licence an extract is published under and who publishes it."""

    licence: dict
    publisher: dict

    @property
    def licence_text(self) -> str:
        return f"{self.licence.get('title') or self.licence['name']} ({self.licence['path']})"


def load_settings(config: Path) -> Settings:
    file = config / "publication.yaml"
    given = {}
    if file.exists():
        given = (yaml.safe_load(file.read_text()) or {}).get("extracts") or {}
    licence = {**CC_BY, **(given.get("licence") or {})} if given.get("licence") else CC_BY
    if not licence.get("name") or not licence.get("path"):
        raise BadExtractSettings(f"{file}: extracts.licence needs a name and a path (its URL)")
    publisher = given.get("publisher") or {"name": "socialvalue"}
    if not publisher.get("name"):
        raise BadExtractSettings(f"{file}: extracts.publisher needs a name")
    return Settings(licence, publisher)


@dataclass(frozen=True)
class About:
    """The facts an extract's notes are made of."""

    spec: Spec
    names: list[str]
    built_at: dt.datetime
    sample: bool
    assumptions: dict
    policy: Policy
    settings: Settings
    rows: dict[str, int]
    suppressed: dict[str, int]
    tables: list[Table]
    measures: pd.DataFrame
    versions: pd.DataFrame

    @property
    def title(self) -> str:
        return "Funder impact extract: " + "; ".join(self.names)

    @property
    def base_year(self):
        return self.assumptions.get("price_base_year")

    @property
    def selection(self) -> str:
        years = ", ".join(self.spec.financial_years) or "every financial year reported"
        funder = (f"; grants of funder {self.spec.funder} only" if self.spec.funder
                  else "; grants of every funder other than the lead council")
        return f"{', '.join(self.spec.partnerships)}; {years}{funder}"


def suppression_rule(policy: Policy) -> str:
    return (policy.describe() + " In this extract the counts of people are the beneficiaries "
            "and the quantity of every measure whose catalogue says it counts people, households "
            "or tenancies, or says nothing (the `counts` column of the measures table: only "
            "`not people` is published as reported). The lines hidden are the same as on the "
            "dashboards, chosen so that no total published here or on the dashboards (the "
            "account's social value, cautious and generous, and beneficiaries per partnership "
            "and year; the quantity and beneficiaries per measure and year in "
            "cost_per_outcome; the dashboards' quarter, theme and partner figures) lets a hidden "
            "count be worked out; a measure's year is hidden where it would. Where a line's "
            "count of people is hidden, so are its £ values (quantity = gross value / proxy "
            "would give it away), its variance and achievement against target, and any cost per "
            f"unit or beneficiary resting on it. The account's other £ figures (gross value, "
            "net impact and net value, harms, overlaps, the shares of the value on each grade "
            "of evidence) are sums of the same counts times other factors: each is published "
            "only where the figures already published fix it, and otherwise withheld to protect "
            "small numbers of people (`detail_suppressed`, `grades_suppressed`). Where a "
            "measure's whole year is small beside too few other measures, the account's own "
            "social value would give it back: the social value and SROIs are then withheld "
            "too (`value_suppressed`). "
            f"A hidden cell reads '{SYMBOL}' in CSV and XLSX "
            "(never 0 or blank) and is null in Parquet; its `_suppressed` column says true.")


def formula_rule() -> str:
    starts = ", ".join(repr(t) for t in TRIGGERS)
    return (f"In CSV and XLSX files, text beginning with {starts} starts with an added "
            f"apostrophe ({PREFIX}) so that no spreadsheet runs it as a formula; the text as "
            "published follows the apostrophe. Parquet and JSON files hold text as published.")


def personal_data_rule() -> str:
    return ("No personal data leaves the warehouse: outcome figures are per partner, quarter and "
            f"measure (never per person); a beneficiary the council redacted reads "
            f"{REDACTED_LABEL} and one that is a private individual (a person's name, a sole "
            f"trader, a payment such as a foster care allowance or direct payment) reads "
            f"'{INDIVIDUAL_LABEL}', each keeping its amount; partners' free-text notes are left "
            "out; grants to individuals are not re-published, and organisations' contact "
            "names, emails and telephone numbers are removed from the 360Giving grants.")


def readme(about: About) -> list[tuple[str, str]]:
    """The workbook's first sheet: what the extract is, and what to know before using it."""
    lines = [("Title", about.title)]
    if about.sample:
        lines.append(("Sample data", SAMPLE_NOTICE))
    lines += [
        ("Built", about.built_at.isoformat(timespec="seconds")),
        ("Selection", about.selection),
        ("Money", f"GBP. Base-year figures are in {about.base_year} prices; columns ending "
                  "_gbp are pounds, 'as paid' where the dictionary says so."),
        ("Licence", about.settings.licence_text),
        ("Publisher", about.settings.publisher["name"]),
        ("Suppression", suppression_rule(about.policy)),
        ("Cells hidden", _hidden(about.suppressed)),
        ("Formula safety", formula_rule()),
        ("Personal data", personal_data_rule()),
        ("Method", "method.md beside this workbook: formulas, assumptions, proxy sources and "
                   "licences. The data_dictionary sheet gives every column's meaning, unit and "
                   "type."),
        ("Built from", f"{len(about.versions)} files (loads) listed in the data_versions sheet; "
                       "extract.yaml rebuilds this extract: socialvalue extract --spec "
                       "extract.yaml"),
    ]
    lines += [(f"Sheet {t.name}", f"{t.title}: {about.rows.get(t.name, 0)} rows; each is "
               f"{t.row}." + "".join(" " + n for n in t.notes)) for t in about.tables]
    return lines


def zip_readme(about: About, name: str) -> str:
    """README.md: what a funder who unzips the extract finds, file by file, before opening
    any of it."""
    lines = [f"# {about.title}", ""]
    if about.sample:
        lines += [f"**{SAMPLE_NOTICE}**", ""]
    lines += [
        f"Built {about.built_at.isoformat(timespec='seconds')} by socialvalue. Selection: "
        f"{about.selection}. Licence: {about.settings.licence_text}.", "",
        "## Start here", "",
        f"- `{name}.xlsx`: every table as a sheet, for reading in a spreadsheet. The readme "
        "sheet comes first; the accounts sheet reads down, one figure per row; hidden values "
        "read `[c]` (confidential, with a note on the cell).",
        "- `method.md`: how every figure is made, the assumptions and the sources of the "
        "proxy values.", "",
        "## The tables (CSV and Parquet, one file each)", "",
        "The same tables for loading into other systems: headers are code names, explained in "
        "`data_dictionary.csv`; hidden values read `c` in CSV and are empty (null) in Parquet, "
        "with a `..._suppressed` column saying so.", "",
        "| table | what one row is | rows |", "|---|---|---:|",
        *(f"| `{t.name}` | {t.row} | {about.rows.get(t.name, 0)} |" for t in about.tables), "",
        "## Other files", "",
        "- `datapackage.json`: a Frictionless Data Package describing every CSV (check it with "
        "`frictionless validate datapackage.json`).",
        "- `grants-360giving.json` (when there are grants): the partners' grants in the "
        "360Giving Data Standard.",
        "- `extract.yaml`: rebuilds this extract: `socialvalue extract --spec extract.yaml`.",
        "", f"Small numbers: {suppression_rule(about.policy)}", "",
        f"Spreadsheet safety: {formula_rule()}", ""]
    return "\n".join(lines)


def method_note(about: About) -> str:
    """method.md: how every figure was made, with the assumptions and sources in force."""
    a = about.assumptions
    parts = [f"# {about.title}", ""]
    if about.sample:
        parts += [f"> **{SAMPLE_NOTICE}**", ""]
    parts += [
        f"Built {about.built_at.isoformat(timespec='seconds')} by socialvalue. Selection: "
        f"{about.selection}. Licence: {about.settings.licence_text}. Publisher: "
        f"{about.settings.publisher['name']}.", "",
        "## Tables", "",
        "| table | rows | one row is |", "|---|---:|---|",
        *(f"| {t.name} | {about.rows.get(t.name, 0)} | {t.row} |" for t in about.tables), "",
        "Every column's meaning, unit and type is in `data_dictionary` (CSV, Parquet, the "
        "workbook's sheet and the Table Schemas of `datapackage.json`).", "",
        "## Formulas", "",
        f"All money is GBP, restated in {about.base_year} prices (the base year) with the price "
        "index: `proxy (base) = proxy x index[base year] / index[proxy's price year]`.", "",
        "- Gross value (year one): `quantity x proxy (base)`.",
        "- Net impact (year one): `gross x (1 - deadweight) x (1 - displacement) x "
        "(1 - attribution)`.",
        "- Value in benefit year k: `net x (1 - drop_off)^(k - 1)`, k = 1 .. benefit_years; net "
        "value is their sum, undiscounted.",
        "- Present value: `sum of value in year k x DF(k - 1)`, DF(t) the HM Treasury Green Book "
        f"discount factor ({a.get('discounting', 'see docs/method.md')}). "
        f"{_sentence(a.get('benefit_timing', ''))}",
        f"- Sensitivity: {a.get('sensitivity_description', '')} (factors worse "
        f"{a.get('sensitivity_worse')}, better {a.get('sensitivity_better')}, cap "
        f"{a.get('sensitivity_cap')}).",
        "- SROI ratio = present value / inputs, for the low, central and high cases. Inputs are "
        "the lead council's payments to the partners and other funders' grants to them (a grant "
        "spread over its planned dates by days), in the quarters with outcome returns.",
        "- Cost per beneficiary = inputs / beneficiaries on counted lines; cost per outcome = "
        "inputs / the measure's quantity (each measure carries the whole cost: never add them).",
        "- Overlaps: when measures valuing the same change are reported by one partner for one "
        "quarter, only the largest is counted (`counted` false on the others).",
        "- Harms (negative proxies) reduce the value; their target is a ceiling.", "",
        "The full method, with a worked example, is docs/method.md in the socialvalue project.",
        "", "## Assumptions in force", "",
        *(f"- {k}: {v}" for k, v in a.items()), "",
        "## Financial proxies: sources and licences", "",
        "| measure | proxy (GBP) | price year | source | licence |", "|---|---:|---:|---|---|",
        *(f"| {m.framework} {m.edition} {m.code} ({m.outcome}, per {m.unit}) | "
          f"{'withheld' if m.proxy_withheld else m.proxy_value_gbp} | {m.price_year} | "
          f"{m.source} | {m.licence} |" for m in about.measures.itertuples()), "",
        "A proxy whose licence is not one of " + ", ".join(sorted(OPEN_LICENCES)) + " is "
        "withheld from the `measures` table (its licence does not allow re-publishing it); the "
        "values derived from it are published.", "",
        "## Suppression rule applied", "", suppression_rule(about.policy), "",
        f"Cells hidden: {_hidden(about.suppressed)}.", "",
        "## Personal data", "", personal_data_rule(), "",
        "## Formula safety", "", formula_rule(), "",
        "## Licence", "",
        f"This extract: {about.settings.licence_text}. Its figures derive from the lead "
        "councils' published spend (under the licence each council publishes it under, usually "
        "the Open Government Licence v3.0), 360Giving grants (under each funder's licence; "
        "`grants-360giving.json` keeps them as published, less personal data), the partners' "
        "outcome returns and the measure catalogues listed above (each under its own licence).",
        "", "## Data versions", "",
        f"Built from {len(about.versions)} files; each one's name, SHA-256 and load id is in "
        "`data_versions`. `extract.yaml` holds the selection and those load ids: "
        "`socialvalue extract --spec extract.yaml` builds the same extract again and says which "
        "loads have been replaced since.", "",
    ]
    return "\n".join(parts)


def _sentence(text: str) -> str:
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else ""


def _hidden(suppressed: dict[str, int]) -> str:
    shown = [f"{name} {n}" for name, n in suppressed.items() if n]
    return ", ".join(shown) if shown else "none"
