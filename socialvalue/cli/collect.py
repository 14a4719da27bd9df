"""`socialvalue collect`: fetch new files from councils' portals and load them."""

from __future__ import annotations

import typer
from rich.table import Table

from socialvalue.cli.ingest import show
from socialvalue.cli.output import UserError, console, guarded, print_json, progress_bars

app = typer.Typer(help="Fetch new files from councils' own portals and load them (the "
                  "collection and each load are Dagster runs).", no_args_is_help=True)

OUTCOMES = {"fetched": "[green]received[/]", "unchanged": "[cyan]unchanged[/]",
            "not_published": "[yellow]not published yet[/]", "refused": "[red]refused[/]"}


@app.command("spend")
def spend(
    council: list[str] | None = typer.Option(None, "--council", "-c",
                                             help="Only this council (repeatable); default: "
                                             "every council whose profile has a `source:`."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Fetch what is new on councils' portals (each profile's `source:`) and load the
    council-months it reports on."""
    from pipelines.intake.collect import CollectionFailed, NoSource, collect_and_load

    with guarded(verbose), progress_bars(not as_json):
        try:
            result = collect_and_load(council or None, verbose)
        except (NoSource, CollectionFailed) as err:
            raise UserError(str(err)) from err
    if as_json:
        print_json(result)
    else:
        _show(result)
    if any(f["outcome"] == "refused" for f in result["fetches"]) or any(
            r["status"] in ("refused", "failed") for r in result["files"]):
        raise typer.Exit(1)


def _show(result: dict) -> None:
    fetches = result["fetches"]
    if not fetches:
        console.print("No council has a `source:` in its profile: nothing to collect. See the "
                      "README, 'Collect spend files from councils' portals'.")
        return
    table = Table(title="Asked of councils' portals", title_justify="left")
    for heading in ("council", "what", "answer", "months", "HTTP"):
        table.add_column(heading)
    for f in fetches:
        what = "the listing" if f["role"] == "listing" else (
            f["file_name"] or f["listed_name"] or f["url"])
        table.add_row(f["council"], what, OUTCOMES.get(f["outcome"], f["outcome"]),
                      ", ".join(f["periods"] or []) or f["listed_period"] or "",
                      str(f["http_status"] or ""))
    console.print(table)
    for f in fetches:
        if f["outcome"] == "refused":
            console.print(f"[bold red]{f['council']}[/]: {f['message']}", highlight=False)
    if result["files"]:
        show(result["files"], as_json=False)
    else:
        console.print("Nothing new to load.")
