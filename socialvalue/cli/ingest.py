"""`socialvalue ingest`: load files into the warehouse through the Dagster jobs.

There is a command for each declared dataset (sources/datasets.py), named by its verb: spend and
outcome returns have commands of their own (their files are partitioned by council-month and
partnership-quarter, and take options saying which); every other dataset's command is made from
its declaration. `impact-map` loads a catalogue and a return made from an impact map.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import click
import typer
from rich.table import Table
from typer.core import TyperGroup

from socialvalue.cli.output import (
    UserError,
    console,
    escape,
    fail,
    guarded,
    plain,
    pounds,
    print_json,
    progress_bars,
)


class DeclaredVerbs(TyperGroup):
    """The `ingest` commands, one per declared dataset under its verb, made when first listed or
    called (so that other commands do not pay for reading every dataset's declaration), with
    this module's own commands (impact-map) where they always were: after the inputs."""

    LISTED_AFTER = "inputs"

    def _declared(self) -> dict[str, click.Command]:
        if not hasattr(self, "_verbs"):
            from sources.datasets import DatasetsUnreadable, datasets

            try:
                declared = datasets()
            except DatasetsUnreadable as err:
                fail(str(err))
            self._verbs = {d.verb: _command(d.verb, d.help, OWN_COMMANDS.get(d.name)
                                            or _reference_command(d.name, d.files_help))
                           for d in declared}
        return self._verbs

    def list_commands(self, ctx: click.Context) -> list[str]:
        verbs = list(self._declared())
        at = verbs.index(self.LISTED_AFTER) + 1 if self.LISTED_AFTER in verbs else len(verbs)
        return [*verbs[:at], *self.commands, *verbs[at:]]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.commands.get(cmd_name) or self._declared().get(cmd_name)


app = typer.Typer(help="Load files into the warehouse (each load is a Dagster run).",
                  no_args_is_help=True, cls=DeclaredVerbs)

JsonOption = typer.Option(False, "--json", help="Print one JSON object on stdout.")
VerboseOption = typer.Option(False, "--verbose", "-v", help="Show details of errors and runs.")
NoBuildOption = typer.Option(False, "--no-build", help="Only load: do not rebuild the marts, "
                             "dashboards and extracts afterwards (socialvalue build does it).")


def spend(
    paths: list[Path] = typer.Argument(..., help="Spend files (CSV or XLSX) as published."),
    council: str = typer.Option(..., "--council", "-c", help="The council: its slug "
                                "(manchester, newcastle-upon-tyne), register code (MAN), GSS "
                                "code (E08000003) or GB-LAE- id; or the slug of a profile "
                                "(config/councils/<slug>.yaml) for another public body."),
    period: str | None = typer.Option(None, help="The period the files report on: a month "
                                      "(2024-04), months (2024-04..2025-03), a financial-year "
                                      "quarter (2024-25-Q1), half (2024-25-H1) or year "
                                      "(FY2024-25), a 4-weekly period (2022-23-P04) or dates "
                                      "(2022-06-26..2022-07-23); by default from the file's name "
                                      "and dates."),
    as_json: bool = JsonOption,
    verbose: bool = VerboseOption,
    no_build: bool = NoBuildOption,
) -> None:
    from pipelines.intake import load_spend, receive_spend

    with guarded(verbose), progress_bars(not as_json):
        received = [receive_spend(p, council, period) for p in paths]
        results = load_spend(received, council, verbose)
    _finish(results, as_json, verbose, no_build)


def outcomes(
    paths: list[Path] = typer.Argument(..., help="Outcome returns (CSV or XLSX), one per "
                                       "partnership and quarter or more."),
    partnership: str | None = typer.Option(None, "--partnership", "-p",
                                           help="The partnership's slug; by default the one "
                                           "the rows name."),
    force: bool = typer.Option(False, help="Reload even where the same file is loaded already "
                               "(e.g. after loading the partners register or catalogue)."),
    as_json: bool = JsonOption,
    verbose: bool = VerboseOption,
    no_build: bool = NoBuildOption,
) -> None:
    from pipelines.intake import load_outcomes, receive_outcomes

    with guarded(verbose), progress_bars(not as_json):
        received = [receive_outcomes(p, partnership) for p in paths]
        results = load_outcomes(received, force, verbose)
    _finish(results, as_json, verbose, no_build)


def _reference(dataset: str, paths: list[Path], as_json: bool, verbose: bool,
               no_build: bool = False) -> None:
    from pipelines.intake import load_reference, receive_reference

    with guarded(verbose), progress_bars(not as_json):
        received = [receive_reference(dataset, p) for p in paths]
        results = load_reference(dataset, received, verbose)
    _finish(results, as_json, verbose, no_build)


@app.command("impact-map")
def impact_map(
    path: Path = typer.Argument(..., help="An impact map in Social Value UK's layout (CSV or "
                                "XLSX): stakeholder, outcome, indicator, quantity, duration, "
                                "start, financial proxy, value, source, deadweight, "
                                "displacement, attribution, drop-off."),
    partnership: str = typer.Option(..., "--partnership", "-p", help="The partnership's slug."),
    partner: str = typer.Option(..., "--partner", help="The partner whose outcomes these are "
                                "(its org id in the partners register)."),
    period: str = typer.Option(..., "--period", help="The financial-year quarter the quantities "
                               "are reported for (2024-25-Q1)."),
    price_year: int | None = typer.Option(None, "--price-year", help="The year the proxy values "
                                          "are in (default: the year the quarter starts)."),
    evidence_grade: str = typer.Option("C", "--evidence-grade", help="How the quantities are "
                                       "evidenced, A-D (default C, the partner's own data)."),
    licence: str = typer.Option("as stated in the impact map", "--licence",
                                help="The licence of the map's proxy values (e.g. CC-BY-4.0); "
                                "unless an open one, extracts do not re-publish them."),
    as_json: bool = JsonOption,
    verbose: bool = VerboseOption,
    no_build: bool = NoBuildOption,
) -> None:
    """Load an impact map: each row becomes a measure of a catalogue of the partnership's own
    (framework impact-map-<partnership>, an edition per import) and a line of the outcome return
    it implies; both load with their rules, like any catalogue and return."""
    from basics.settings import configure_environment
    from pipelines.intake import (
        load_outcomes,
        load_reference,
        receive_outcomes,
        receive_reference,
    )
    from sources.impact_map import implied_files, read_impact_map

    with guarded(verbose), progress_bars(not as_json):
        match = re.fullmatch(r"(\d{4})-\d{2}-Q[1-4]", period.strip())
        if not match:
            raise UserError(f"--period {period!r}: give a financial-year quarter, e.g. 2024-25-Q1")
        p = configure_environment()
        rows = read_impact_map(path, p.tmp)
        folder = p.tmp / "impact-maps" / f"{partnership}-{period}"
        catalogue, returns = implied_files(
            rows, folder, path.stem, partnership=partnership, partner=partner.upper(),
            period=period.strip(), price_year=price_year or int(match.group(1)),
            evidence_grade=evidence_grade.upper(), licence=licence)
        results = load_reference("measure_catalogue",
                                 [receive_reference("measure_catalogue", catalogue)], verbose)
        if not any(r["status"] in ("refused", "failed") for r in results):
            results += load_outcomes([receive_outcomes(returns, partnership)], True, verbose)
    _finish(results, as_json, verbose, no_build)


# The datasets whose commands take options of their own (their files are partitioned).
OWN_COMMANDS: dict[str, Callable] = {"spend": spend, "outcomes": outcomes}


def _reference_command(dataset: str, files_help: str) -> Callable:
    """The command loading files of a dataset each of whose files replaces its scope whole."""

    def load(paths: list[Path] = typer.Argument(..., help=files_help),
             as_json: bool = JsonOption, verbose: bool = VerboseOption,
             no_build: bool = NoBuildOption) -> None:
        _reference(dataset, paths, as_json, verbose, no_build)

    return load


def _command(verb: str, help: str, function: Callable) -> click.Command:
    one = typer.Typer(add_completion=False)
    one.command(verb, help=help)(function)
    return typer.main.get_command(one)


def _finish(results: list[dict], as_json: bool, verbose: bool = False,
            no_build: bool = False) -> None:
    """Show what was loaded; then, unless told not to, bring the marts, dashboards and extracts
    up to date when something new loaded and every check on it passed."""
    from socialvalue.cli.build import run_build, show_build

    changed = any(r["status"] in ("loaded", "replaced") for r in results)
    blocked = any(r.get("checks_failed") for r in results)
    report = None
    if changed and not blocked and not no_build:
        with guarded(verbose):
            report = run_build(verbose=verbose, quiet=as_json)
    if as_json:
        print_json({"files": results} | ({"build": report.as_dict()} if report else {}))
    else:
        show(results, as_json)
        if report is not None:
            show_build(report)
        elif changed and no_build:
            console.print("Not rebuilt (--no-build): run socialvalue build to update the "
                          "dashboards and extracts.")
    # The exit status is the loads': a build held back (a check on data already held failing,
    # say) is reported above and in --json's `build`, and the files are loaded all the same.
    if any(r["status"] in ("refused", "failed") for r in results):
        raise typer.Exit(1)


def show(results: list[dict], as_json: bool) -> None:
    if as_json:
        print_json({"files": results})
        return
    table = Table(title="Files received", title_justify="left")
    for heading in ("file", "period", "status", "rows read", "loaded", "quarantined",
                    "amount loaded", "amount quarantined"):
        # Folded, never cut: a figure shown as '£650,9…' would be read as another.
        table.add_column(heading, overflow="fold",
                         justify="right" if heading not in ("file", "status") else "left")
    for r in results:
        table.add_row(plain(Path(r["path"]).name), plain(r.get("period_label")),
                      _status(r["status"]),
                      f"{r['rows_read'] or 0:,}", f"{r['rows_loaded'] or 0:,}",
                      f"{r['rows_quarantined'] or 0:,}", pounds(r.get("amount_loaded")),
                      pounds(r.get("amount_quarantined")))
    console.print(table)
    for r in results:
        # File names and messages can hold text from the file: escaped, never read as markup.
        file_name = Path(r["path"]).name
        name = escape(file_name)
        if r.get("message"):
            # Messages name the file they are about, for the quality page; said once here.
            message = r["message"].removeprefix(f"{file_name}: ")
            console.print(f"[bold]{name}[/]: {escape(message)}", highlight=False)
        if r.get("checks_failed"):
            console.print(f"[bold yellow]{name}[/] loaded, but a check on the "
                          f"data now held failed: {escape(r['checks_failed'])}", highlight=False)
        if r.get("quarantine_reasons"):
            reasons = ", ".join(f"{rule} x{n}" for rule, n in r["quarantine_reasons"].items())
            console.print(f"[bold]{name}[/] quarantined: {escape(reasons)} "
                          f"(see: socialvalue quarantine --load {r['load_id']})", highlight=False)


def _status(status: str) -> str:
    colour = {"loaded": "green", "replaced": "green", "already_loaded": "cyan",
              "refused": "red", "failed": "red", "superseded": "yellow"}.get(status, "white")
    return f"[{colour}]{status}[/]"
