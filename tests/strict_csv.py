"""A strict CSV reading written for the tests, independently of the pipeline's reader: the rows
a file holds when no line may be joined to another by a stray quote, and amounts as a UK
publication writes them unambiguously.

Records are read with Python's csv module in strict mode. A record that is not well formed (a
quote never closed, text after a closing quote) or that spans lines implausibly (more cells than
the header names, or a cell over several lines holding a whole row's separators) is taken as its
first line alone, and reading goes on from the next line.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

MAX_RECORD_LINES = 100


def physical_lines(text: str) -> list[str]:
    """The text's lines with their endings (\\r\\n, \\n or a lone \\r), as a spreadsheet and
    Python's csv module split them."""
    return re.findall(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$", text)


def strict_rows(text: str, delimiter: str, width: int) -> list[tuple[list[str], bool]]:
    """(cells, malformed) for each record of `text`, read strictly (see the module's
    docstring); records are numbered from 1 as spreadsheet rows."""
    lines = physical_lines(text)
    rows, i = [], 0
    while i < len(lines):
        record, end = None, i + 1
        while end <= min(len(lines), i + MAX_RECORD_LINES):
            try:
                found = list(csv.reader(io.StringIO("".join(lines[i:end]), newline=""),
                                        delimiter=delimiter, strict=True))
            except csv.Error as err:
                if "unexpected end of data" in str(err):
                    end += 1
                    continue
                break
            record = found[0] if found else []
            break
        spanning = end - i > 1
        well_formed = record is not None and not (spanning and (
            len(record) > width or any(c.count(delimiter) >= width - 1 for c in record
                                       if "\n" in c or "\r" in c)))
        if well_formed:
            rows.append((record, False))
            i = end
        else:
            alone = next(csv.reader([lines[i]], delimiter=delimiter), [])
            rows.append((alone, True))
            i += 1
    return rows


def pounds(text: str | None) -> Decimal | None:
    """An amount as a UK publication writes it unambiguously, else None."""
    if text is None:
        return None
    negative = text.lstrip("£ ").startswith("-") or text.endswith("-") or (
        text.startswith("(") and text.endswith(")"))
    body = text.strip("()-£ ").replace("£", "").replace("GBP", "").strip()
    if not re.fullmatch(r"([0-9]{1,3}(,[0-9]{3})+|[0-9]+)?([.][0-9]*)?", body) or \
            not re.search(r"[0-9]", body):
        return None
    value = Decimal(body.replace(",", "") or "0")
    if value != value.quantize(Decimal("0.01")):
        return None  # beyond pence: never rounded
    return -value if negative else value
