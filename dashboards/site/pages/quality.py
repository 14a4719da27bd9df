"""Data quality: per feed, when it last loaded, how many rows were quarantined and why, and
which files were refused."""

from __future__ import annotations

import pandas as pd

from dashboards.site import figures, summaries, tables
from dashboards.site import formatting as f
from dashboards.site.file_facts import FULL_MESSAGE, rule_meaning
from dashboards.site.model import Chart, Page, Section
from dashboards.site.pages import Context, reasons_text
from dashboards.site.words import capital, field_words, rule_words


def feed_label(dataset: str, scope) -> str:
    return f"{f.humanise(dataset)}: {scope}" if not f.blank(scope) else f.humanise(dataset)


def build(ctx: Context) -> Page:
    w = ctx.warehouse
    feeds = w.feeds.assign(reasons_text=w.feeds["quarantine_reasons"].map(reasons_text)) \
        if len(w.feeds) else w.feeds.assign(reasons_text=[])
    sections = [
        Section("feeds", "Every feed, most urgent first", [tables.feeds(
            feeds, "Feeds: what arrived, what is due, what was held back")] if len(feeds)
                else [], intro="A feed is one council's spend, one partnership's outcome "
                               "returns, or one register or reference dataset. Overdue: the "
                               "latest period loaded is before the one now due, so the "
                               "figures for the periods between are missing."),
        Section("quarantine", "Rows quarantined, and why", quarantine_blocks(ctx)),
        Section("refused", "Files refused", [refused_table(ctx)],
                intro="A file is refused (nothing loaded) when it cannot be read as the "
                      "dataset it claims to be: no header, a required column missing, or dates "
                      "outside the period it reports on."),
        Section("loads", "Last load per feed", [loads_table(ctx)]),
    ]
    late = int((feeds["status"] != "ok").sum()) if len(feeds) else 0
    return Page(path="quality.html", title="Data quality", nav="quality",
                lede=f"{len(feeds)} feeds, {late} overdue or incomplete. Rows that break a rule "
                     "are "
                     "not loaded and not lost: they wait in quarantine with the rule they broke, "
                     "and the figures they would have fed are short until a corrected file "
                     "arrives.", sections=[s for s in sections if s.blocks])


def quarantine_blocks(ctx: Context) -> list:
    rows = ctx.warehouse.quarantine
    if rows.empty:
        return [tables.build("Quarantined rows", [("Feed", lambda r: tables.text(""))], [],
                             partnership=None, year=None)]
    rows = rows.assign(feed=[feed_label(d, s) for d, s in zip(rows["dataset"], rows["scope"],
                                                              strict=True)],
                       rule_words=rows["rule"].map(rule_words))
    counts = rows.groupby(["feed", "rule_words"]).size().rename("n").reset_index()
    chart = Chart(
        id="quarantine-rules", title="Quarantined rows by feed and the rule they broke",
        figure=figures.to_json(figures.stacked_counts(counts, y="feed", stack="rule_words",
                                                      axis_title="rules broken")),
        table=tables.build("Rules broken by quarantined rows, by feed", [
            ("Feed", lambda r: tables.text(r["feed"], header=True)),
            ("Rule broken", lambda r: tables.text(r["rule_words"])),
            ("Rows", lambda r: tables.number(r["n"])),
        ], tables.records(counts), partnership=None, year=None),
        summaries=summaries.quarantine(counts.rename(columns={"rule_words": "rule"}),
                                       len(rows.drop_duplicates(
                                           ["dataset", "scope", "source_file", "source_row"]))),
        alt="Stacked horizontal bars: for each feed, the quarantined rows by the rule they "
            "broke.", unit="rows")
    held = rows.drop_duplicates(["dataset", "scope", "source_file", "source_row"])
    impact = tables.build("What is missing from which account while rows wait in quarantine", [
        ("Feed", lambda r: tables.text(r["feed"], header=True)),
        ("File and row", lambda r: tables.text(f"{r['source_file']}, row {int(r['source_row'])}"
                                               if not f.blank(r["source_row"])
                                               else r["source_file"])),
        ("What is missing", lambda r: tables.text(missing(ctx, r))),
    ], tables.records(held), partnership=None, year=None)
    detail = tables.build("Each quarantined row", [
        ("Feed", lambda r: tables.text(r["feed"], header=True)),
        ("Period", lambda r: tables.text(r["period"])),
        ("File", lambda r: tables.text(r["source_file"])),
        ("Row", lambda r: tables.number(r["source_row"])),
        ("Column", lambda r: tables.text(field_words(r["column"]))),
        # The rule's own words, never the row's message: a message may quote the file.
        ("What is wrong", lambda r: tables.text(capital(rule_meaning(r["rule"])
                                                        or rule_words(r["rule"])))),
        ("Amount", lambda r: tables.money(r["amount"]) if not f.blank(r["amount"])
         else tables.text("")),
    ], tables.records(rows), partnership=None, year=None)
    detail.notes.append("The values in the file are not shown here: a row can hold personal "
                        "data. To fix a row, correct the file and load it again; `socialvalue "
                        "quarantine` lists the same rows with the values as published and the "
                        "rules' code names.")
    return [chart, impact, detail]


def missing(ctx: Context, r: dict) -> str:
    """What a quarantined row leaves out of the published figures, in words."""
    period = f.quarter_label(r["period"]) if not f.blank(r["period"]) else "its period"
    amount = f.money(r["amount"]) if not f.blank(r["amount"]) else None
    if r["dataset"] == "outcomes":
        name = ctx.names.get(r["scope"], r["scope"])
        return (f"One outcome reported for {name}, {period}: its quantity, people and social "
                "value are not in the account, nor its result against target.")
    if r["dataset"] == "spend":
        council = ctx.council_name(r["scope"])
        led = [ctx.names.get(p, p) for p in ctx.partnerships_of(r["scope"])]
        if amount is not None and float(r["amount"]) == 0:
            return (f"A line of £0 from {council} in {period}: no money is missing from the "
                    "totals.")
        paid = f"{amount} paid" if amount else "A payment (amount unreadable)"
        text = f"{paid} by {council} in {period}: missing from the council's spend totals"
        if led:
            text += (f", and from the inputs of {', '.join(led)} if the payee is one of its "
                     "partners")
        return text + "."
    if r["dataset"] == "grants":
        grant = f"A grant of {amount}" if amount else "A grant"
        return f"{grant}: missing from the inputs of any partnership whose partner it funds."
    return (f"One row of the {f.humanise(r['dataset']).lower()}: missing from every figure "
            "that uses it.")


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
