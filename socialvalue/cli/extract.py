"""`socialvalue extract`: a funder impact extract for a selection, built by a Dagster run
(`make_extract`) so it shows in the run history."""

from __future__ import annotations

from pathlib import Path

import typer

from socialvalue.cli.output import UserError, console, errors, guarded, print_json


def extract(
    spec_file: Path | None = typer.Option(None, "--spec", exists=True, dir_okay=False,
                                          help="An extract specification (YAML), e.g. the "
                                               "extract.yaml of an earlier extract."),
    partnership: list[str] = typer.Option([], "--partnership", "-p",
                                          help="A partnership slug (repeat for several)."),
    year: list[str] = typer.Option([], "--year", "-y",
                                   help="A financial year, e.g. 2024-25 (repeatable; default: "
                                        "every year reported)."),
    funder: str | None = typer.Option(None, "--funder",
                                      help="Only this funder's grants (its org-id)."),
    formats: list[str] = typer.Option([], "--format", "-f",
                                      help="csv, xlsx or parquet (repeatable; default: all)."),
    name: str | None = typer.Option(None, "--name",
                                    help="The extract's folder name (default: the slugs)."),
    out: Path = typer.Option(Path("."), "--out", "-o", file_okay=False,
                             help="Where to write <name>/ and <name>.zip (default: here)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show the run's logs."),
) -> None:
    """Build a funder impact extract: the social value accounts, outcomes against targets, spend
    and grant inputs, SROI and cost per outcome and imperative compliance of a selection, as CSV,
    XLSX and Parquet with a data dictionary, a method note, a Frictionless data package and the
    grants as 360Giving JSON. Counts of people below the publication threshold are hidden."""
    from basics.settings import configure_environment
    from dashboards.extracts import spec as specs
    from pipelines.launch import run_job

    with guarded(verbose):
        p = configure_environment()
        if not p.has_warehouse():
            raise UserError(f"no warehouse at {p.warehouse}: load data first (socialvalue demo)")
        selection = _selection(spec_file, partnership, year, funder, formats, name)
        folder = out.expanduser().resolve()
        config = {**selection.as_dict(), "out": str(folder)}
        config.pop("version")
        with errors.status("Building the extract..."):
            outcome = run_job("make_extract", verbose=verbose, tags={
                "socialvalue/extract": selection.folder},
                run_config={"ops": {"build_extract": {"config": config}}})
        if not outcome.success:
            raise UserError(f"the extract was not built: {outcome.error} (run {outcome.run_id})")
        built = specs.load(folder / selection.folder / "extract.yaml")
    replaced = sorted(set(selection.built_from) - set(built.built_from))
    files = sorted((folder / selection.folder).iterdir())
    report = {"run_id": outcome.run_id, "folder": str(folder / selection.folder),
              "zip": str(folder / f"{selection.folder}.zip"),
              "files": [{"path": f.name, "bytes": f.stat().st_size} for f in files],
              "loads_replaced_since_spec": replaced}
    if as_json:
        print_json(report)
        return
    console.print(f"Extract: [bold]{report['folder']}[/] ({len(files)} files) and "
                  f"[bold]{report['zip']}[/] (run {outcome.run_id})")
    if replaced:
        console.print(f"[yellow]Note:[/] {len(replaced)} of the loads this specification was "
                      "built from have been replaced since; figures may differ.")


def _selection(spec_file, partnership, year, funder, formats, name):
    from dashboards.extracts.spec import FORMATS, BadSpec, Spec, load

    try:
        if spec_file is not None:
            if partnership or year or funder or formats or name:
                raise UserError("give either --spec or the selection options, not both")
            return load(spec_file)
        if not partnership:
            raise UserError("say what to extract: --partnership SLUG (or --spec FILE)")
        return Spec(partnerships=tuple(partnership), financial_years=tuple(year), funder=funder,
                    formats=tuple(formats) or FORMATS, name=name)
    except BadSpec as err:
        raise UserError(str(err)) from err
