"""How commands speak to people: one-line errors, JSON on request, tables with units."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

from basics.progress import reporting_to

# Piped or logged output has no terminal to fit: tables as wide as their figures (up to 200
# characters) rather than Rich's 80 columns, which cut amounts to '£650,9…'.
console = Console(width=None if sys.stdout.isatty() else 200)
errors = Console(stderr=True, soft_wrap=True)


class UserError(Exception):
    """A problem the person at the terminal can fix; shown as one line."""


def plain(value) -> Text:
    """Text from a file or the warehouse (a file name, a header, a value as published), shown as
    it is: never read as Rich markup, so `[link=...]` in a header is not a live link."""
    return Text("" if value is None else str(value))


def fail(message: str, verbose: bool = False, exc: BaseException | None = None) -> None:
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    if verbose and exc is not None:
        errors.print_exception()
    elif exc is not None:
        errors.print("(run with --verbose for details)", style="dim")
    raise typer.Exit(1)


__all__ = ["UserError", "console", "errors", "escape", "fail", "guarded", "plain", "pounds",
           "print_json", "progress_bars"]


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=_json_default) + "\n")


def pounds(value) -> str:
    if value is None or value == "":
        return "-"
    return f"£{Decimal(str(value)):,.2f}"


@contextmanager
def progress_bars(enabled: bool) -> Iterator[None]:
    """Progress bars for long work (hashing, reading, validating) while on a terminal."""
    if not enabled or not errors.is_terminal:
        yield
        return
    columns = (TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn())
    with Progress(*columns, console=errors, transient=True) as bars:
        tasks: dict[str, TaskID] = {}

        def update(label: str, fraction: float | None) -> None:
            if label not in tasks:
                tasks[label] = bars.add_task(label, total=1.0 if fraction is not None else None)
            if fraction is not None:
                bars.update(tasks[label], completed=fraction)

        with reporting_to(update):
            yield


def guarded(verbose: bool) -> Callable:
    """Turn expected failures into one-line errors; anything else too, with details on request."""
    from basics.files import FileRefused
    from sources.spend.profiles import BadProfile, UnknownCouncil
    from warehouse.connection import WarehouseBusy

    @contextmanager
    def guard() -> Iterator[None]:
        try:
            yield
        except (UserError, FileRefused, UnknownCouncil, BadProfile, WarehouseBusy,
                FileNotFoundError) as err:
            fail(str(err).strip("'\""), verbose, err if verbose else None)
        except typer.Exit:
            raise
        except Exception as err:  # the last resort: still one line, details with --verbose
            fail(f"{type(err).__name__}: {err}", verbose, err)

    return guard()


def _json_default(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)
