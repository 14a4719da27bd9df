"""The `socialvalue` command line."""

from __future__ import annotations

import typer

from socialvalue.cli import (
    accounts,
    backfill,
    build,
    collect,
    demo,
    extract,
    ingest,
    serve,
    status,
    ui,
)

app = typer.Typer(
    help="socialvalue: measure the social value of council partnerships with social enterprises, "
    "charities and community groups. Data folder: $SOCIALVALUE_HOME (default: data/ in the "
    "project).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("demo")(demo.demo)
app.add_typer(ingest.app, name="ingest")
app.add_typer(collect.app, name="collect")
app.add_typer(backfill.app, name="backfill")
app.command("status")(status.status)
app.command("quarantine")(status.quarantine)
app.command("ui")(ui.ui)
app.command("accounts")(accounts.accounts)
app.command("build")(build.build)
app.command("publish")(demo.publish)
app.command("serve")(serve.serve)
app.command("extract")(extract.extract)


def main() -> None:
    app()
