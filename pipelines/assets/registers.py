"""The reference data around the partnerships: the registers of partnerships and partners,
measure catalogues, the price index, imperative evidence, self-assessments and 360Giving grants.

Each asset loads the newest file received for it (per framework edition for catalogues, per
funder for grants); a new file replaces what the last one loaded.
"""

import dagster as dg

from loading.contract import LoadSummary
from pipelines.load_metadata import fail_if_refused, loaded_metadata, quarantine_metadata
from pipelines.newest import LoadConfig, load_every_scope
from pipelines.partitions import partnerships as partnership_partitions
from pipelines.resources import Warehouse
from sources.catalogue import MEASURE_CATALOGUE
from sources.grants.reader import grants_reader
from sources.imperative_evidence import IMPERATIVE_EVIDENCE
from sources.inputs import INPUTS
from sources.partners import PARTNERS
from sources.partnerships import PARTNERSHIPS
from sources.price_index import PRICE_INDEX
from sources.self_assessment import SELF_ASSESSMENT
from sources.tabular import TableDataset, table_reader

REFERENCE = {"group_name": "reference", "kinds": {"duckdb"}, "pool": "warehouse"}


@dg.asset(key=["staging", "partnerships"], **REFERENCE)
def partnerships(context: dg.AssetExecutionContext, config: LoadConfig, warehouse: Warehouse):
    """One row per partnership between a council and VCSE partners: its slug, name, lead
    council, commissioning route, dates and contract value. Each partnership becomes a partition
    of the outcome returns."""
    summaries = _load(context, warehouse, PARTNERSHIPS, config)
    with warehouse.writer() as con:
        ids = [r[0] for r in con.execute(
            "select distinct partnership_id from staging.partnerships order by 1").fetchall()]
    new = [i for i in ids
           if not context.instance.has_dynamic_partition(partnership_partitions.name, i)]
    if new:
        context.instance.add_dynamic_partitions(partnership_partitions.name, new)
    yield from _results(summaries, {"partnerships": len(ids), "new_partitions": len(new)})


# Partners belong to partnerships in the register, and evidence to partners: the checks on each
# read the register before it, so a run loading several loads them in this order.
@dg.asset(key=["staging", "partners"], deps=[dg.AssetKey(["staging", "partnerships"])],
          **REFERENCE)
def partners(context: dg.AssetExecutionContext, config: LoadConfig, warehouse: Warehouse):
    """One row per organisation in each partnership: org-id.guide identifier, role, legal form,
    VCSE status (which the legal form decides), registered postcode and asset lock."""
    yield from _results(_load(context, warehouse, PARTNERS, config))


@dg.asset(key=["staging", "measure_catalogue"], **REFERENCE)
def measure_catalogue(context: dg.AssetExecutionContext, config: LoadConfig,
                      warehouse: Warehouse):
    """Outcome measures of each framework edition loaded (a user's own licensed catalogue, or
    the illustrative one): theme, unit, financial proxy and its price year, licence, and the
    deadweight, attribution, displacement, drop-off, benefit years and discount schedule."""
    yield from _results(_load(context, warehouse, MEASURE_CATALOGUE, config))


@dg.asset(key=["staging", "price_index"], **REFERENCE)
def price_index(context: dg.AssetExecutionContext, config: LoadConfig, warehouse: Warehouse):
    """A price index by year, restating proxies and inputs in one price year."""
    yield from _results(_load(context, warehouse, PRICE_INDEX, config))


@dg.asset(key=["staging", "imperative_evidence"], deps=[dg.AssetKey(["staging", "partners"])],
          **REFERENCE)
def imperative_evidence(context: dg.AssetExecutionContext, config: LoadConfig,
                        warehouse: Warehouse):
    """Each partner's evidence against the social value imperatives, per period and field (pay,
    surplus reinvested, local employment and spend, open book, co-production ...), with the
    document it comes from."""
    yield from _results(_load(context, warehouse, IMPERATIVE_EVIDENCE, config))


@dg.asset(key=["staging", "self_assessments"], **REFERENCE)
def self_assessments(context: dg.AssetExecutionContext, config: LoadConfig,
                     warehouse: Warehouse):
    """Each partnership's own scores (0-5) against the nine principles and five correctives."""
    yield from _results(_load(context, warehouse, SELF_ASSESSMENT, config))


@dg.asset(key=["staging", "grants"], **REFERENCE)
def grants(context: dg.AssetExecutionContext, config: LoadConfig, warehouse: Warehouse):
    """Grants published to the 360Giving Data Standard, per funder: who funded whom, how much,
    when and where, each with the grant as a 360Giving object for re-publication."""
    reader = grants_reader(warehouse.paths().tmp)
    summaries = load_every_scope(context, warehouse, "grants", lambda landed: reader,
                                 config.force)
    yield from _results(summaries)


@dg.asset(key=["staging", "inputs"], deps=[dg.AssetKey(["staging", "partners"])], **REFERENCE)
def inputs(context: dg.AssetExecutionContext, config: LoadConfig, warehouse: Warehouse):
    """What went into each partnership besides its lead council's payments and 360Giving grants:
    money from any funder, in-kind support at its stated value, staff and volunteers' time
    (hours x a stated hourly rate), each with its contributor, dates, source document and
    evidence grade."""
    yield from _results(_load(context, warehouse, INPUTS, config))


def _load(context: dg.AssetExecutionContext, warehouse: Warehouse, dataset: TableDataset,
          config: LoadConfig) -> list[LoadSummary]:
    reader = table_reader(dataset, warehouse.paths().tmp)
    return load_every_scope(context, warehouse, dataset.target.dataset, lambda landed: reader,
                            config.force)


def _results(summaries: list[LoadSummary], extra: dict | None = None):
    yield dg.MaterializeResult(metadata={**loaded_metadata(summaries),
                                         **quarantine_metadata(summaries), **(extra or {})})
    fail_if_refused(summaries)
