"""`socialvalue ingest`: load files into the warehouse through the Dagster jobs."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from socialvalue.cli.output import console, guarded, pounds, print_json, progress_bars

app = typer.Typer(help="Load files into the warehouse (each load is a Dagster run).",
                  no_args_is_help=True)

JsonOption = typer.Option(False, "--json", help="Print one JSON object on stdout.")
VerboseOption = typer.Option(False, "--verbose", "-v", help="Show details of errors and runs.")


@app.command("spend")
def spend(
    paths: list[Path] = typer.Argument(..., help="Spend files (CSV or XLSX) as published."),
    council: str = typer.Option(..., "--council", "-c", help="The council's slug, e.g. oldham."),
    period: str | None = typer.Option(None, help="The period the files report on, e.g. 2024-04 "
                                      "or 2024-25-Q1; by default from the file name or dates."),
    as_json: bool = JsonOption,
    verbose: bool = VerboseOption,
) -> None:
    """Load councils' Transparency Code spend files (payments over £500)."""
    from socialvalue.intake import load_spend, receive_spend

    with guarded(verbose), progress_bars(not as_json):
        received = [receive_spend(p, council, period) for p in paths]
        results = load_spend(received, council, verbose)
    show(results, as_json)
    if any(r["status"] in ("refused", "failed") for r in results):
        raise typer.Exit(1)


def show(results: list[dict], as_json: bool) -> None:
    if as_json:
        print_json({"files": results})
        return
    table = Table(title="Files received", title_justify="left")
    for heading in ("file", "period", "status", "rows read", "loaded", "quarantined",
                    "amount loaded", "amount quarantined"):
        table.add_column(heading, justify="right" if heading not in ("file", "status") else "left")
    for r in results:
        table.add_row(Path(r["path"]).name, r.get("period_label") or "", _status(r["status"]),
                      str(r["rows_read"] or 0), str(r["rows_loaded"] or 0),
                      str(r["rows_quarantined"] or 0), pounds(r.get("amount_loaded")),
                      pounds(r.get("amount_quarantined")))
    console.print(table)
    for r in results:
        if r.get("message"):
            console.print(f"[bold]{Path(r['path']).name}[/]: {r['message']}", highlight=False)
        if r.get("quarantine_reasons"):
            reasons = ", ".join(f"{rule} x{n}" for rule, n in r["quarantine_reasons"].items())
            console.print(f"[bold]{Path(r['path']).name}[/] quarantined: {reasons} "
                          f"(see: socialvalue quarantine --load {r['load_id']})", highlight=False)


def _status(status: str) -> str:
    colour = {"loaded": "green", "replaced": "green", "already_loaded": "cyan",
              "refused": "red", "failed": "red", "superseded": "yellow"}.get(status, "white")
    return f"[{colour}]{status}[/]"
