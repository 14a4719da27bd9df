"""The reference data around the partnerships, one asset per declared dataset (sources/datasets.py):
the registers of partnerships and partners, measure catalogues, the price index, imperative
evidence, self-assessments, inputs, 360Giving grants, and the open registers of organisations that
say who is a voluntary, community or social enterprise.

Each asset loads the newest file received for each of its scopes (per framework edition for
catalogues, per funder for grants, per part of the register for Companies House data); a new
file replaces what the last one of its scope loaded.
"""

import dagster as dg

from loading.contract import LoadSummary
from loading.datasets import Dataset
from pipelines.load_metadata import fail_if_refused, loaded_metadata, quarantine_metadata
from pipelines.newest import LoadConfig, load_every_scope
from pipelines.partitions import partnerships as partnership_partitions
from pipelines.resources import Warehouse
from sources.datasets import PARTNERSHIPS_DATASET, dataset, reference_datasets

REFERENCE = {"group_name": "reference", "kinds": {"duckdb"}, "pool": "warehouse"}


def reference_spec(declared: Dataset) -> dict:
    """The asset's key, description and the assets loaded before it, as declared."""
    return {"key": list(declared.asset_key), "description": declared.description,
            "deps": [dg.AssetKey(list(dataset(name).asset_key)) for name in declared.after],
            **REFERENCE}


@dg.asset(**reference_spec(PARTNERSHIPS_DATASET))
def partnerships(context: dg.AssetExecutionContext, config: LoadConfig, warehouse: Warehouse):
    # Each partnership loaded becomes a partition of the outcome returns.
    summaries = _load(context, warehouse, PARTNERSHIPS_DATASET, config)
    with warehouse.writer() as con:
        ids = [r[0] for r in con.execute(
            "select distinct partnership_id from staging.partnerships order by 1").fetchall()]
    new = [i for i in ids
           if not context.instance.has_dynamic_partition(partnership_partitions.name, i)]
    if new:
        context.instance.add_dynamic_partitions(partnership_partitions.name, new)
    yield from _results(summaries, {"partnerships": len(ids), "new_partitions": len(new)})


def reference_asset(declared: Dataset) -> dg.AssetsDefinition:
    """The asset loading a declared dataset: the newest file of each of its scopes."""

    @dg.asset(**reference_spec(declared))
    def _asset(context: dg.AssetExecutionContext, config: LoadConfig, warehouse: Warehouse):
        yield from _results(_load(context, warehouse, declared, config))

    return _asset


# Partners belong to partnerships in the register, and evidence and inputs to partners: the
# checks on each read the register before it, so a run loading several loads them in the order
# each declaration's `after` gives.
reference_assets = [reference_asset(d) for d in reference_datasets()
                    if d is not PARTNERSHIPS_DATASET]


def _load(context: dg.AssetExecutionContext, warehouse: Warehouse, declared: Dataset,
          config: LoadConfig) -> list[LoadSummary]:
    reader = declared.reader(warehouse.paths().tmp)
    return load_every_scope(context, warehouse, declared.name, lambda landed: reader,
                            config.force)


def _results(summaries: list[LoadSummary], extra: dict | None = None):
    yield dg.MaterializeResult(metadata={**loaded_metadata(summaries),
                                         **quarantine_metadata(summaries), **(extra or {})})
    fail_if_refused(summaries)
