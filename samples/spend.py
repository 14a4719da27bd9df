"""Every council's spend files for 2024-25, and the ledger entry of each: what it holds,
computed from the rows exactly as written."""

import datetime as dt
import random
from pathlib import Path

from samples.councils import COUNCILS
from samples.dates import month_end
from samples.money import pounds
from samples.partnerships import PARTNERSHIP_BY_COUNCIL, delivery_partners
from samples.seed import child_rng
from samples.spend_formats import SPEND_FORMATS, SpendFormat
from samples.spend_lines import Row, SpendBook, arrange


def json_value(value):
    """A cell value as JSON can hold it."""
    return value.isoformat() if isinstance(value, dt.date) else value


def spend_ledger_entry(
    fmt: SpendFormat, file_name: str, period: str, months: list[tuple[int, int]],
    rows: list[Row], cells: list[list],
) -> dict:
    """What one spend file holds, computed from the rows exactly as written."""
    council = COUNCILS[fmt.council]
    partnership = PARTNERSHIP_BY_COUNCIL[fmt.council]
    partners = delivery_partners(partnership)
    column = {name: index for index, name in enumerate(fmt.header) if name}
    faults = []
    first_row_of_line: dict[int, int] = {}
    total_parseable = total_good = total_good_unique = 0
    partner_totals = {p.org.org_id: 0 for p in partners}
    partner_names = {p.org.name: p.org.org_id for p in partners}
    for index, (row, values) in enumerate(zip(rows, cells, strict=True)):
        spreadsheet_row = fmt.first_data_row + index
        line = row.line
        if not row.copy:
            first_row_of_line[id(line)] = spreadsheet_row
        bad = any(f.bad for f in line.faults)
        if line.net is not None:
            total_parseable += line.net
            if not bad:
                total_good += line.net
                if not row.copy:
                    total_good_unique += line.net
                    if line.payee.name in partner_names:
                        partner_totals[partner_names[line.payee.name]] += line.net
        for fault in line.faults if not row.copy else []:
            column_name = fmt.fields[fault.field]
            entry = {
                "row": spreadsheet_row, "kind": fault.kind, "column": column_name,
                "value": json_value(values[column[column_name]]), "bad": fault.bad,
            }
            if fault.kind == "split_payment":
                entry["group"] = row.txn
            faults.append(entry)
        if row.copy:
            faults.append({
                "row": spreadsheet_row, "kind": "duplicate", "column": fmt.fields["txn"],
                "value": row.txn, "bad": False, "duplicate_of": first_row_of_line[id(line)],
            })
    first_month, last_month = months[0], months[-1]
    return {
        "council": fmt.council,
        "council_name": council.name,
        "council_org_id": council.org_id,
        "file": file_name,
        "format": fmt.file_format,
        "encoding": fmt.encoding,
        "sheet": "Spend" if fmt.file_format == "xlsx" else None,
        "period": period,
        "period_start": dt.date(*first_month, 1).isoformat(),
        "period_end": month_end(*last_month).isoformat(),
        "header_row": fmt.header_row,
        "first_data_row": fmt.first_data_row,
        "rows": len(rows),
        "amount_column": fmt.fields["amount"],
        "amount_total_parseable": pounds(total_parseable),
        "amount_total_excluding_bad_rows": pounds(total_good),
        "amount_total_excluding_bad_and_duplicate_rows": pounds(total_good_unique),
        "partner_totals": {org_id: pounds(p) for org_id, p in partner_totals.items()},
        "faults": faults,
    }


def write_spend(out: Path, rng: random.Random) -> list[dict]:
    """Write every council's spend files; return their ledger entries."""
    ledger = []
    for format_class in SPEND_FORMATS:
        fmt = format_class(child_rng(rng))
        book = SpendBook(child_rng(rng), fmt.council)
        for period, months in fmt.periods():
            lines = [line for y, m in months for line in book.month(y, m)]
            rows = arrange(lines, fmt.next_txn)
            fmt.prepare(rows)
            cells = [fmt.render(row.line, row.txn) for row in rows]
            file_name = fmt.file_name(period, months)
            fmt.write(out / file_name, cells, period)
            ledger.append(spend_ledger_entry(fmt, file_name, period, months, rows, cells))
    return ledger
