"""`socialvalue backfill`: reload partitions from the files already received."""

from __future__ import annotations

import typer

from socialvalue.cli.ingest import show
from socialvalue.cli.output import console, guarded, progress_bars

app = typer.Typer(help="Reload partitions from the landing archive (each run is a Dagster run).",
                  no_args_is_help=True)


@app.command("spend")
def spend(
    council: str = typer.Option(..., "--council", "-c", help="The council: its slug, register "
                                "code, GSS code or GB-LAE- id, or a profile's slug."),
    period: str | None = typer.Option(None, help="Only these months, e.g. 2024-04..2024-09; "
                                      "default: every month received."),
    force: bool = typer.Option(False, help="Reload even where the same file is loaded already "
                               "(e.g. after a change to the validation rules)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Reload a council's spend for the months given, from the files it sent."""
    from pipelines.intake import backfill_spend

    with guarded(verbose), progress_bars(not as_json):
        results = backfill_spend(council, period, force, verbose)
    if not results and not as_json:
        console.print(f"No files received for {council} in that period.")
        return
    show(results, as_json)
