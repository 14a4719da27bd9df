"""`socialvalue build`: bring the marts, dashboards and extracts up to date with what is loaded
(`ingest` does it after every successful load, `publish` before it publishes)."""

from __future__ import annotations

import typer

from socialvalue.cli.output import UserError, console, errors, escape, guarded, print_json


def build(
    everything: bool = typer.Option(False, "--all", help="Rebuild everything, stale or not "
                                    "(after changing config/accounts.yaml, say)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show the run's logs."),
) -> None:
    """Rebuild the marts, dashboards and funder extracts that the data loaded since the last
    build affects (a Dagster run of the build_and_publish job, checks first)."""
    with guarded(verbose):
        report = run_build(everything=everything, verbose=verbose, quiet=as_json)
    if as_json:
        print_json(report.as_dict())
    else:
        show_build(report)
    if not report.ok:
        raise typer.Exit(1)


def run_build(everything: bool = False, publish: bool = False, verbose: bool = False,
              quiet: bool = False):
    """Run the build, with a spinner on a terminal; a missing warehouse is one line."""
    from basics.settings import configure_environment
    from socialvalue.build import build as build_stale

    p = configure_environment()
    if not p.has_warehouse():
        raise UserError(f"no warehouse at {p.warehouse}: load data first (socialvalue ingest "
                        "..., or socialvalue demo)")
    if quiet or not errors.is_terminal:
        return build_stale(everything=everything, publish=publish, verbose=verbose)
    with errors.status("Checking what is out of date...") as spinner:
        return build_stale(everything=everything, publish=publish, verbose=verbose,
                           on_stage=lambda s: spinner.update(s.capitalize() + "..."))


def show_build(report) -> None:
    """What was rebuilt, what was not and why, and what is not loaded yet: plain lines."""
    from basics.settings import configure_environment

    p = configure_environment()
    if report.error:
        console.print(f"[bold red]Not brought up to date:[/] {escape(report.error)} "
                      f"(run {report.run_id}; the last good dashboards stay up)",
                      highlight=False)
    if report.rebuilt and "publish/dashboards" in report.rebuilt:
        console.print(f"Rebuilt {len(report.rebuilt)} marts and pages; dashboards: "
                      f"[bold]{p.site / 'index.html'}[/], funder extracts: "
                      f"[bold]{p.extracts}[/]", highlight=False)
    elif report.rebuilt:
        console.print(f"Rebuilt: {', '.join(report.rebuilt)}", highlight=False)
    elif report.ok:
        console.print("Everything is up to date with the data loaded.")
    if report.failed:
        console.print(f"Not rebuilt: {', '.join(report.failed)}", highlight=False)
    if report.missing:
        console.print(escape(report.missing), highlight=False)
