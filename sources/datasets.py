"""Every dataset the warehouse holds, each declared once (loading/datasets.py says what a
declaration holds).

The Dagster assets and checks, the drop folders under inbox/, the reference sensor's run
requests and the `socialvalue ingest` commands are made from this list, in this order (registers
and catalogues before what is checked against them).

More datasets can be declared outside the project: SOCIALVALUE_DATASETS names Python modules
(comma-separated, importable from where socialvalue runs), and every `Dataset` a module defines
at its top level is added after these. Such a module holds the declaration, its reader and its
Pandera schema; the staging table is made from the reader's typed rows at the first load.
"""

from __future__ import annotations

import importlib
import os
from functools import cache

from loading.datasets import COUNCIL_MONTH, PARTNERSHIP_QUARTER, WHOLE_SCOPE, Dataset
from sources.catalogue import MEASURE_CATALOGUE, catalogue_scope
from sources.grants.reader import TARGET as GRANTS_TARGET
from sources.grants.reader import grants_reader, grants_scope
from sources.imperative_evidence import IMPERATIVE_EVIDENCE
from sources.inputs import INPUTS
from sources.outcomes.reader import TARGET as OUTCOMES_TARGET
from sources.partners import PARTNERS
from sources.partnerships import PARTNERSHIPS
from sources.price_index import PRICE_INDEX
from sources.registers import REGISTERS
from sources.registers.companies import part_scope
from sources.self_assessment import SELF_ASSESSMENT
from sources.spend.reader import TARGET as SPEND_TARGET
from sources.tabular import TableDataset, scoped_by, table_reader

EXTRA = "SOCIALVALUE_DATASETS"
REGISTER_HELP = "The register as downloaded (unzipped), in its published layout."


class DatasetsUnreadable(RuntimeError):
    """A module named in SOCIALVALUE_DATASETS cannot be imported, or declares a dataset whose
    name, verb, drop folder or table another dataset has."""


def table(dataset: TableDataset, **declared) -> Dataset:
    """The declaration of a dataset read as a table (sources/tabular.py); a file replaces the
    whole dataset unless `scope_of` says otherwise."""
    declared.setdefault("scope_of", scoped_by(dataset))
    return Dataset(dataset.target.dataset, target=dataset.target,
                   reader=lambda scratch: table_reader(dataset, scratch), **declared)


SPEND = Dataset(
    "spend", "spend", SPEND_TARGET, partitioned=COUNCIL_MONTH, scope_name="council",
    description="Payments over £500 published by each council under the Local Government "
    "Transparency Code: one row per valid payment line, with the file, row and load it came "
    "from. Redacted beneficiaries stay redacted.",
    help="Load councils' Transparency Code spend files (payments over £500).")

OUTCOMES = Dataset(
    "outcomes", "outcomes", OUTCOMES_TARGET, partitioned=PARTNERSHIP_QUARTER,
    scope_name="partnership", after=("partners", "measure_catalogue"),
    description="Partners' quarterly outcome returns: per partner, quarter and measure, the "
    "quantity achieved, beneficiaries, evidence grade and target, with the file, row and load "
    "each came from.",
    help="Load partners' quarterly outcome returns (load the partners register and a measure\n"
    "catalogue first: returns are checked against them).")

PARTNERSHIPS_DATASET = table(
    PARTNERSHIPS, verb="partnerships",
    description="One row per partnership between a council and VCSE partners: its slug, name, "
    "lead council, commissioning route, dates and contract value. Each partnership becomes a "
    "partition of the outcome returns.",
    help="Load the partnerships register (replaces the last one).",
    files_help="The partnerships register.")

BUNDLED = [
    SPEND,
    OUTCOMES,
    PARTNERSHIPS_DATASET,
    table(PARTNERS, verb="partners", after=("partnerships",),
          description="One row per organisation in each partnership: org-id.guide identifier, "
          "role, legal form, VCSE status (which the legal form decides), registered postcode and "
          "asset lock.",
          help="Load the partners register (replaces the last one).",
          files_help="The partners register."),
    table(MEASURE_CATALOGUE, verb="catalogue", scope_of=catalogue_scope,
          scope_name="framework edition",
          description="Outcome measures of each framework edition loaded (a user's own licensed "
          "catalogue, or the illustrative one): theme, unit, financial proxy and its price year, "
          "licence, and the deadweight, attribution, displacement, drop-off, benefit years and "
          "discount schedule.",
          help="Load measure catalogues (each replaces the catalogue of its framework edition).",
          files_help="Measure catalogues, one framework edition per file."),
    table(PRICE_INDEX, verb="prices",
          description="A price index by year, restating proxies and inputs in one price year.",
          help="Load the price index (replaces the last one).",
          files_help="The price index (year, index)."),
    table(IMPERATIVE_EVIDENCE, verb="evidence", after=("partners",),
          description="Each partner's evidence against the social value imperatives, per period "
          "and field (pay, surplus reinvested, local employment and spend, open book, "
          "co-production ...), with the document it comes from.",
          help="Load partners' evidence against the social value imperatives (replaces the last "
          "file).",
          files_help="Imperative evidence."),
    table(SELF_ASSESSMENT, verb="self-assessment",
          description="Each partnership's own scores (0-5) against the nine principles and five "
          "correctives.",
          help="Load partnerships' self-assessments against the principles and correctives "
          "(replaces the\nlast file).",
          files_help="Self-assessment scores."),
    Dataset("grants", "grants", GRANTS_TARGET, reader=grants_reader, scope_of=grants_scope,
            scope_name="funder",
            description="Grants published to the 360Giving Data Standard, per funder: who funded "
            "whom, how much, when and where, each with the grant as a 360Giving object for "
            "re-publication.",
            help="Load 360Giving grants (a funder's new file replaces its grants).",
            files_help="360Giving grants: JSON packages or spreadsheets (CSV or XLSX)."),
    table(INPUTS, verb="inputs", after=("partners",),
          description="What went into each partnership besides its lead council's payments and "
          "360Giving grants: money from any funder, in-kind support at its stated value, staff "
          "and volunteers' time (hours x a stated hourly rate), each with its contributor, "
          "dates, source document and evidence grade.",
          help="Load the inputs register: money from any funder, in-kind support, staff and "
          "volunteers'\ntime (hours x rate), per partnership (replaces the last one; load the "
          "partnerships and\npartners registers first).",
          files_help="The inputs register (CSV or XLSX)."),
    # The open registers of organisations that say who is a voluntary, community or social
    # enterprise. Each file replaces the last one (for Companies House, the same part).
    table(REGISTERS["charities_ew"], verb="charities-ew",
          description="The Charity Commission's register of charities in England and Wales: one "
          "row per charity (and linked charity), registered or removed, with its number, name, "
          "status, dates of registration and removal, and the company number of a charitable "
          "company.",
          help="Load the Charity Commission's register of charities for England and Wales (the "
          "charity\ntable of its full extract, publicextract.charity.txt; replaces the last one).",
          files_help=REGISTER_HELP),
    table(REGISTERS["charities_scotland"], verb="charities-scotland",
          description="The Scottish Charity Register (OSCR): one row per charity, its SC number, "
          "name, status, constitutional form and dates.",
          help="Load the Scottish Charity Register (OSCR's register download; replaces the last "
          "one).",
          files_help=REGISTER_HELP),
    table(REGISTERS["charities_ni"], verb="charities-ni",
          description="The Charity Commission for Northern Ireland's register: one row per "
          "charity, its number, name, status, date registered and company number.",
          help="Load the Charity Commission for Northern Ireland's register (its charity search "
          "export;\nreplaces the last one).",
          files_help=REGISTER_HELP),
    table(REGISTERS["companies"], verb="companies",
          scope_of=scoped_by(REGISTERS["companies"], part_scope),
          scope_name="part of the register",
          description="Companies House basic company data: one row per live company, its "
          "number, name, category (private limited, limited by guarantee, community interest "
          "company, ...), status and dates; loaded per part of the register when it comes in "
          "parts.",
          help="Load Companies House basic company data (each file replaces the same part, or "
          "the whole\nregister).",
          files_help="Companies House basic company data: the one file, or its numbered parts."),
    table(REGISTERS["mutuals"], verb="mutuals",
          description="The FCA Mutuals Public Register: one row per society (co-operative, "
          "community benefit society, credit union, ...), registered or deregistered, with its "
          "dates.",
          help="Load the FCA Mutuals Public Register's society list (SocietyList.csv; replaces "
          "the last\none).",
          files_help=REGISTER_HELP),
    table(REGISTERS["housing_providers"], verb="housing-providers",
          description="The Regulator of Social Housing's registered providers: one row per "
          "provider, its registration number, designation (non-profit, profit, local "
          "authority) and corporate form.",
          help="Load the Regulator of Social Housing's list of registered providers (replaces "
          "the last\none).",
          files_help=REGISTER_HELP),
]


def datasets() -> list[Dataset]:
    """Every dataset: the bundled ones, then those of the modules SOCIALVALUE_DATASETS names."""
    return _declared(os.environ.get(EXTRA, ""))


def reference_datasets() -> list[Dataset]:
    """The datasets whose files each replace a scope whole (everything but spend and outcome
    returns), in the order they load."""
    return [d for d in datasets() if d.partitioned == WHOLE_SCOPE]


def dataset(name: str) -> Dataset:
    return next(d for d in datasets() if d.name == name)


@cache
def _declared(modules: str) -> list[Dataset]:
    found = list(BUNDLED)
    for module in filter(None, (m.strip() for m in modules.split(","))):
        try:
            imported = importlib.import_module(module)
        except Exception as err:  # whatever stops a user's module, said in one line
            raise DatasetsUnreadable(f"{EXTRA} names {module}, which cannot be imported: "
                                     f"{type(err).__name__}: {err}") from err
        found += [v for v in vars(imported).values() if isinstance(v, Dataset)]
    for attribute in ("name", "verb", "folder", "asset_key"):
        seen: dict = {}
        for d in found:
            other = seen.setdefault(getattr(d, attribute), d)
            if other is not d:
                raise DatasetsUnreadable(f"datasets {other.name} and {d.name} have the same "
                                         f"{attribute.replace('_', ' ')}: "
                                         f"{getattr(d, attribute)}")
    return found
