"""`socialvalue demo` and `socialvalue publish`: the whole pipeline on the sample data, and
republishing the dashboards and extracts from what the warehouse holds."""

from __future__ import annotations

import time

import typer

from socialvalue.cli.output import UserError, console, errors, guarded, print_json


def demo(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show the runs' logs."),
) -> None:
    """Run the whole pipeline on the bundled sample data (illustrative figures): load every file
    through Dagster, build the social value accounts, publish the dashboards and extracts."""
    from basics.settings import configure_environment
    from socialvalue.demo import run_demo

    started = time.perf_counter()
    with guarded(verbose):
        p = configure_environment()
        with errors.status("starting") as spinner:
            report = run_demo(on_stage=lambda s: spinner.update(s.capitalize() + "..."),
                              verbose=verbose)
    seconds = time.perf_counter() - started
    counts = _counts(report.loads)
    if as_json:
        print_json({"ok": report.ok, "seconds": round(seconds, 1), "home": str(p.home),
                    "site": str(p.site / "index.html"), "extracts": str(p.extracts),
                    "files": counts, "publish_run_id": report.publish_run_id,
                    "publish_error": report.publish_error,
                    "stages": [{"stage": s, "seconds": round(t, 2)} for s, t in report.stages]})
    else:
        console.print(f"Loaded {counts['files']} sample files ({counts['rows_loaded']:,} rows "
                      f"loaded, {counts['rows_quarantined']:,} quarantined with their reasons) "
                      f"in {seconds:.0f} s.")
        if report.ok:
            console.print(f"Dashboards: [bold]{p.site / 'index.html'}[/] (open it in a browser, "
                          "or run: socialvalue serve)")
            console.print(f"Funder extracts: [bold]{p.extracts}[/]")
            console.print("Runs: socialvalue ui, then http://127.0.0.1:3000")
    if not report.ok:
        failed = [r for r in report.loads if r["status"] in ("refused", "failed")]
        detail = report.publish_error or "; ".join(f"{r['path']}: {r.get('message')}"
                                                   for r in failed)
        with guarded(verbose):
            raise UserError(f"the demo did not finish: {detail}")


def publish(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show the run's logs."),
) -> None:
    """Rebuild what is out of date, then the dashboards and funder extracts (a Dagster run)."""
    from socialvalue.cli.build import run_build, show_build

    with guarded(verbose):
        report = run_build(publish=True, verbose=verbose)
    show_build(report)
    if not report.ok:
        raise typer.Exit(1)


def _counts(loads: list[dict]) -> dict:
    return {"files": len(loads),
            "rows_loaded": sum(r.get("rows_loaded") or 0 for r in loads),
            "rows_quarantined": sum(r.get("rows_quarantined") or 0 for r in loads),
            "by_status": {s: sum(r["status"] == s for r in loads)
                          for s in sorted({r["status"] for r in loads})}}
