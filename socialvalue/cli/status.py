"""`socialvalue status` and `socialvalue quarantine`: what is loaded, and what was held back."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from socialvalue.cli.output import console, escape, guarded, plain, pounds, print_json


def status(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """What the warehouse holds: per dataset and council or partnership, rows, amounts, files and
    the last load."""
    from basics.settings import configure_environment
    from warehouse.connection import read_only
    from warehouse.status import current_holdings

    with guarded(verbose):
        p = configure_environment()
        if not p.has_warehouse():
            holdings = []
        else:
            # Every dataset's declaration says where its rows are (reading them imports the
            # readers and their schemas: only when there is a warehouse to look in).
            from sources.datasets import datasets

            with read_only(p.warehouse) as con:
                holdings = current_holdings(con, [d.target for d in datasets()])
    if as_json:
        print_json({"warehouse": str(p.warehouse), "datasets": holdings})
        return
    if not holdings:
        console.print(f"Nothing loaded yet in {p.warehouse}. Try: socialvalue demo")
        return
    table = Table(title=f"Loaded in {p.warehouse}", title_justify="left")
    for heading in ("dataset", "council / partnership", "periods", "files", "rows loaded",
                    "amount loaded", "quarantined", "refused files", "last load"):
        table.add_column(heading)
    for h in holdings:
        periods = (h["first_label"] if h["first_label"] == h["last_label"]
                   else f"{h['first_label']} to {h['last_label']}")
        table.add_row(h["dataset"], plain(h["scope"]), plain(periods), str(h["files"]),
                      str(h["rows_loaded"]),
                      pounds(h["amount_loaded"]), str(h["rows_quarantined"]),
                      str(h["files_refused"] or 0), f"{h['last_loaded_at']:%Y-%m-%d %H:%M}")
    console.print(table)


def quarantine(
    load: str | None = typer.Option(None, "--load", help="Only rows of this load id."),
    scope: str | None = typer.Option(None, "--scope", help="Only this council or partnership."),
    dataset: str | None = typer.Option(None, "--dataset", help="Only this dataset, e.g. spend."),
    limit: int = typer.Option(50, help="Show at most this many rows."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """The quarantine report: every row held back, the rules it broke and its values as
    published."""
    from basics.duck import records
    from basics.settings import configure_environment
    from warehouse.connection import read_only

    with guarded(verbose):
        p = configure_environment()
        with read_only(p.warehouse) as con:
            rows = records(con, """
                select dataset, scope, period, source_file, source_row, failures, amount, record,
                       load_id
                from meta.quarantine
                where (? is null or load_id = ?) and (? is null or scope = ?)
                  and (? is null or dataset = ?)
                order by dataset, scope, source_file, source_row limit ?""",
                [load, load, scope, scope, dataset, dataset, limit])
    if as_json:
        for r in rows:
            r["record"] = json.loads(r["record"])
        print_json({"rows": rows})
        return
    table = Table(title="Quarantined rows", title_justify="left", show_lines=True)
    for heading in ("file", "row", "column", "rule", "value as published", "amount"):
        table.add_column(heading)
    for r in rows:
        for f in r["failures"]:
            table.add_row(plain(r["source_file"]), str(r["source_row"]), plain(f["column"]),
                          f"{escape(f['rule'])}\n[dim]{escape(f['message'])}[/]",
                          plain(_published(f)), pounds(r["amount"]))
    console.print(table)


def _published(failure: dict) -> str:
    if failure["column"] == "line":  # the whole line, read on its own
        return "(the whole line: --json shows its cells)"
    return failure["raw_value"] or "(blank)"
