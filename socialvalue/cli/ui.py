"""`socialvalue ui`: the Dagster UI on this project's run history."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer


def ui(port: int = typer.Option(3000, help="Port for the Dagster UI."),
       host: str = typer.Option("127.0.0.1", help="Address to listen on.")) -> None:
    """Open the Dagster UI (assets, checks, jobs, schedules, sensors and every run so far)."""
    from basics.settings import PROJECT_ROOT, configure_environment

    configure_environment()
    dagster = Path(sys.executable).with_name("dagster")
    args = [str(dagster), "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"), "-p", str(port),
            "-h", host]
    os.chdir(PROJECT_ROOT)
    os.execv(args[0], args)
