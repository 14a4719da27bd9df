"""Downloads: every partnership's funder extract, file by file."""

from __future__ import annotations

from dashboards.site import formatting as f
from dashboards.site.model import Page, Section
from dashboards.site.pages import Context
from dashboards.site.pages.partnership import downloads


def build(ctx: Context) -> Page:
    sections = [Section(f"extract-{i}", ctx.names.get(pid, pid), [downloads(ctx, pid)])
                for i, pid in enumerate(ctx.partnership_ids, start=1)]
    built = ctx.extracts.built_at
    return Page(path="downloads.html", title="Downloads: funder extracts", nav="downloads",
                lede="Impact extracts for funders and social investors, one set per "
                     "partnership: the accounts, outcomes, inputs and imperatives as CSV, "
                     "spreadsheet, Parquet and a data package, with small numbers suppressed "
                     "as on these pages." + (f" Built {f.when(built)} (UTC)." if built else ""),
                sections=sections, notes=[ctx.extracts.problem] if ctx.extracts.problem else [])
