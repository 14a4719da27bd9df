"""The commissioners' dashboards: a static site published from the marts."""

import time

import dagster as dg

from dashboards.publication import BadPublicationConfig
from dashboards.site.publish import build_pages, finish
from pipelines.resources import Warehouse

# Built by its own asset; the site links to whatever its index lists (or says it is not built).
FUNDER_EXTRACTS = dg.AssetKey(["publish", "funder_extracts"])
MARTS = [dg.AssetKey(["marts", name]) for name in (
    "partnership_accounts", "social_value", "partnership_inputs", "cost_per_outcome",
    "outcomes_vs_targets", "imperative_compliance", "self_assessment", "council_spend_analysis",
    "spend_classified", "vcse_coverage", "feed_health", "councils")]


@dg.asset(key=["publish", "dashboards"], group_name="publish", deps=[FUNDER_EXTRACTS, *MARTS],
          kinds={"html"}, pool="warehouse")
def dashboards(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """The dashboards commissioners open, as static pages in `site/` (open `index.html` from a
    shared drive, or serve the folder): every partnership compared (social value and SROI with
    their ranges, cost per outcome, targets, spend to VCSE and local suppliers, imperatives,
    self-assessments), a page per partnership and per council's spend, data quality, and the
    method. Counts of people are suppressed before they reach a page."""
    paths = warehouse.paths()
    started = time.perf_counter()
    try:
        with warehouse.read_only() as con:
            pages, info = build_pages(con, paths.config, paths.site)
    except BadPublicationConfig as err:
        raise dg.Failure(description=str(err)) from err
    # The pages are written after the warehouse is released: writers need not wait for them.
    published = finish(paths.site, pages, info, started)
    for problem in published.problems:
        context.log.info(problem)
    return dg.MaterializeResult(metadata={
        "pages": len(published.pages),
        "charts": published.charts,
        "suppressed_cells": published.suppressed_cells,
        "sample_data": published.sample_data,
        "site": dg.MetadataValue.path(str(published.index)),
        "site_bytes": published.bytes,
        "seconds": round(published.seconds, 2),
        "extracts_linked": published.extracts_linked,
        "page_list": dg.MetadataValue.md("\n".join(f"- {p}" for p in published.pages)),
    })
