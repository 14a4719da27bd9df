"""Data quality: per feed, when it last loaded, how many rows were quarantined and why, and
which files were refused."""

from __future__ import annotations

import pandas as pd

from dashboards.site import figures, summaries, tables
from dashboards.site import formatting as f
from dashboards.site.file_facts import FULL_MESSAGE, rule_meaning
from dashboards.site.model import Chart, Page, Section
from dashboards.site.pages import Context, reasons_text


def feed_label(dataset: str, scope) -> str:
    return f"{f.humanise(dataset)}: {scope}" if not f.blank(scope) else f.humanise(dataset)


def build(ctx: Context) -> Page:
    w = ctx.warehouse
    feeds = w.feeds.assign(reasons_text=w.feeds["quarantine_reasons"].map(reasons_text)) \
        if len(w.feeds) else w.feeds.assign(reasons_text=[])
    sections = [
        Section("feeds", "Every feed", [tables.feeds(feeds, "Feeds: what arrived, what is due, "
                                                            "what was held back")] if len(feeds)
                else [], intro="A feed is one council's spend, one partnership's outcome "
                               "returns, or one register or reference dataset. Late: the "
                               "latest period loaded is before the one now due."),
        Section("quarantine", "Rows quarantined, and why", quarantine_blocks(ctx)),
        Section("refused", "Files refused", [refused_table(ctx)],
                intro="A file is refused (nothing loaded) when it cannot be read as the "
                      "dataset it claims to be: no header, a required column missing, or dates "
                      "outside the period it reports on."),
        Section("loads", "Last load per feed", [loads_table(ctx)]),
    ]
    late = int((feeds["status"] != "ok").sum()) if len(feeds) else 0
    return Page(path="quality.html", title="Data quality", nav="quality",
                lede=f"{len(feeds)} feeds, {late} not up to date. Rows that break a rule are "
                     "not loaded and not lost: they wait in quarantine with the rule they "
                     "broke.", sections=[s for s in sections if s.blocks])


def quarantine_blocks(ctx: Context) -> list:
    rows = ctx.warehouse.quarantine
    if rows.empty:
        return [tables.build("Quarantined rows", [("Feed", lambda r: tables.text(""))], [],
                             partnership=None, year=None)]
    rows = rows.assign(feed=[feed_label(d, s) for d, s in zip(rows["dataset"], rows["scope"],
                                                              strict=True)])
    counts = rows.groupby(["feed", "rule"]).size().rename("n").reset_index()
    chart = Chart(
        id="quarantine", title="Quarantined rows by feed and rule broken",
        figure=figures.to_json(figures.stacked_counts(counts, y="feed", stack="rule",
                                                      axis_title="rule failures")),
        table=tables.build("Rule failures on quarantined rows, by feed", [
            ("Feed", lambda r: tables.text(r["feed"], header=True)),
            ("Rule", lambda r: tables.text(r["rule"])),
            ("Failures", lambda r: tables.number(r["n"])),
        ], tables.records(counts), partnership=None, year=None),
        summaries=summaries.quarantine(counts, len(rows.drop_duplicates(
            ["dataset", "scope", "source_file", "source_row"]))),
        alt="Stacked horizontal bars: for each feed, the quarantined rows by the rule they "
            "broke.", unit="rows")
    detail = tables.build("Each quarantined row", [
        ("Feed", lambda r: tables.text(r["feed"], header=True)),
        ("Period", lambda r: tables.text(r["period"])),
        ("File", lambda r: tables.text(r["source_file"])),
        ("Row", lambda r: tables.number(r["source_row"])),
        ("Column", lambda r: tables.text(r["column"])),
        ("Rule", lambda r: tables.text(r["rule"])),
        ("What is wrong", lambda r: tables.text(rule_meaning(r["rule"]))),
    ], tables.records(rows), partnership=None, year=None)
    detail.notes.append("The values in the file are not shown here: a row can hold personal "
                        "data. To fix a row, correct the file and load it again; `socialvalue "
                        "quarantine` lists the same rows with the values as published.")
    return [chart, detail]


def refused_table(ctx: Context):
    rows = ctx.warehouse.refused
    table = tables.build("Files refused", [
        ("Feed", lambda r: tables.text(feed_label(r["dataset"], r["scope"]), header=True)),
        ("File", lambda r: tables.text(r["file_name"])),
        ("Why", lambda r: tables.text(r["message"])),  # the kind of refusal (file_facts)
        ("When", lambda r: tables.text(f.when(r["started_at"]))),
    ], tables.records(rows), partnership=None, year=None)
    in_folders = int(pd.to_numeric(ctx.warehouse.feeds.get("files_refused", pd.Series()),
                                   errors="coerce").fillna(0).sum())
    table.notes.append(f"{len(rows)} files refused on loading; {in_folders} files waiting in the "
                       f"refused folders of the drop-folder feeds; {FULL_MESSAGE}."
                       if len(rows) or in_folders else "No file has been refused.")
    return table


def loads_table(ctx: Context):
    return tables.build("Loads per feed", [
        ("Feed", lambda r: tables.text(feed_label(r["dataset"], r["scope"]), header=True)),
        ("Loads", lambda r: tables.number(r["loads"])),
        ("Last load", lambda r: tables.text(f.when(r["last_load_at"]))),
        ("Last status", lambda r: tables.text(r["last_status"])),
        ("Last file", lambda r: tables.text(r["last_load_file"])),
        ("Refused", lambda r: tables.number(r["refused"])),
    ], tables.records(ctx.warehouse.last_loads), partnership=None, year=None)
