"""Finding a dataset's columns in a file's header, however people have retyped them.

Registers, returns, catalogues and 360Giving spreadsheets have fixed headers (the sample files and
the outcome-return template show them), but people retype them: `Partnership ID`,
`partnership_id` and ` partnership  id ` are the same column, and so are `Recipient Org:Name` and
`recipient org: name`. A file without a required column is refused here, naming the file, the
missing columns and the columns it does have, so the sender can see what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from basics.files import FileRefused
from sources.tables import Preview, unique_names


class MissingColumns(FileRefused):
    """A file whose header lacks a column the dataset cannot do without."""


@dataclass(frozen=True)
class Column:
    """One field of a dataset, the other headers it is published under, and whether the file must
    have it (an optional column that is absent reads as blank on every row)."""

    field: str
    headers: tuple[str, ...] = ()
    required: bool = True

    @property
    def label(self) -> str:
        """The header as the dataset's own template writes it."""
        return self.headers[0] if self.headers else self.field


@dataclass(frozen=True)
class Header:
    """Where a file's header is (0-based preview row) and which landed column holds each field."""

    index: int
    columns: dict[str, str]
    unmapped: list[str]


def normalise_header(text: str) -> str:
    """A header as compared, reduced to lower-case words: 'Amount (£)' -> 'amount',
    'G/L description.' -> 'g l description', 'NetAmount' -> 'net amount', 'Recipient
    Org:Identifier' -> 'recipient org identifier', 'charity_number' -> 'charity number'."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", text)  # NetAmount -> Net Amount
    text = text.replace("£", " ").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def find_header(pv: Preview, columns: Sequence[Column], what: str) -> Header:
    """The row among the file's first rows that names most of the dataset's columns."""
    name = pv.path.name
    if not any(cell for row in pv.rows for cell in row):
        raise MissingColumns(f"{name}: the file is empty")
    scores = [len(match_columns(unique_names(row), columns)) for row in pv.rows]
    best = max(scores)
    if best == 0:
        # The rows are not shown: with no header found, they may be data (a refusal names the
        # file, rows and columns, never what the cells hold).
        raise MissingColumns(
            f"{name}: no {what} header in the first {len(pv.rows)} rows; expected columns "
            f"{listing(c.label for c in columns if c.required)}")
    index = scores.index(best)
    names = unique_names(pv.rows[index])
    found = match_columns(names, columns)
    require_columns(name, what, [c for c in columns if c.required and c.field not in found],
                    names, index + 1)
    return Header(index, found, [n for n in names if n not in found.values()])


def match_columns(names: Sequence[str], columns: Sequence[Column]) -> dict[str, str]:
    """{field: header as published} for every column of the dataset found among `names`."""
    by_form = {}
    for published in names:
        by_form.setdefault(normalise_header(published), published)
    found = {}
    for column in columns:
        for form in (normalise_header(h) for h in (column.field, *column.headers)):
            if form in by_form:
                found[column.field] = by_form[form]
                break
    return found


def require_columns(file_name: str, what: str, missing: Sequence[Column], present: Sequence[str],
                    header_row: int) -> None:
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise MissingColumns(
            f"{file_name}: missing {what} column{plural} "
            f"{listing(c.label for c in missing)}; the header (row {header_row}) has "
            f"{listing(present)}")


def listing(cells) -> str:
    shown = [f"'{c}'" for c in cells if c]
    return ", ".join(shown) if shown else "no names"
