"""Property: random corruptions of real spend files (stray quotes and separators, line breaks,
deleted bytes, truncation, other separators and encodings) never merge lines or change a value.

The reference is a strict CSV parser written here, independently of the reader: it reads the
file record by record with Python's csv module in strict mode; a record that is not well formed
(a quote never closed, text after a closing quote, more cells than the header) or that would
hold a whole row's separators in one cell spanning lines is taken as its first line alone, and
reading goes on from the next line. Every example then checks that the pipeline read exactly
those rows (count, beneficiary, and pounds, with amounts read only in unambiguous forms), that
every row was loaded or quarantined, and that no loaded cell holds another line's text.

The files are the heads of three real published files (tests/fixtures/real-spend, OGL v3.0).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from basics.duck import records
from sources.spend.profiles import CouncilProfile
from tests.spend_files import load, loaded_rows
from tests.strict_csv import pounds, strict_rows
from warehouse.connection import read_only

FIXTURES = Path(__file__).parent / "fixtures" / "real-spend"
FILES = {
    # file: (profile, stated period, amount header, beneficiary header)
    "gla-2022-P12-head.csv": (CouncilProfile("gla", "Greater London Authority", columns={
        "date": "Clearing Date", "amount": "Amount", "beneficiary": "Vendor Name",
        "transaction": "Document No"}), "2022-02..2022-03", "Amount", "Vendor Name"),
    "harrogate-2022-08-head.csv": (CouncilProfile("harrogate", "Harrogate Borough Council"),
                                   "2022-08", "Net Amount", "Supplier Name"),
    "networkrail-2021-04-head.csv": (CouncilProfile("networkrail", "Network Rail", columns={
        "date": "Invoice GL Date", "amount": "Spend", "beneficiary": "Supplier Name"}),
        "2021-04", "Spend", "Supplier Name"),
}
NASTY = [b'"', b",", b"\n", b"\r", b"\r\n", b";", b"\t", b"\xc2\xa3", b" ", b"-", b"(", b"."]


@st.composite
def corrupted(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(FILES)))
    data = bytearray((FIXTURES / name).read_bytes())
    header_end = data.index(b"\n") + 1
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "insert", "delete", "replace", "truncate",
                                     "repeat_line", "drop_line"]))
        at = draw(st.integers(header_end, max(len(data) - 1, header_end)))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from(NASTY))
        elif kind == "delete":
            del data[at:at + 1]
        elif kind == "replace":
            data[at:at + 1] = draw(st.sampled_from(NASTY))
        elif kind == "truncate":
            del data[at:]
        else:
            lines = bytes(data).split(b"\n")
            if len(lines) < 2:  # only the header is left (its line break dropped): no line to move
                continue
            i = draw(st.integers(1, len(lines) - 1))
            if kind == "repeat_line":
                lines.insert(i, lines[i])
            else:
                del lines[i]
            data = bytearray(b"\n".join(lines))
    text = bytes(data).decode("utf-8", errors="replace")
    separator = draw(st.sampled_from([",", ",", ",", ";", "\t"]))
    if separator != ",":
        # The same table with another separator, written by a CSV writer (quoting as needed);
        # rows the corruption left malformed are written as the reader's csv module reads them.
        out = io.StringIO()
        csv.writer(out, delimiter=separator, lineterminator="\n").writerows(
            csv.reader(io.StringIO(text, newline="")))
        text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "cp1252", "utf-16"]))
    return name, text.encode(encoding, errors="replace")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=corrupted())
def test_corrupted_real_files_keep_every_line_apart_and_every_pound(home, tmp_path, case):
    name, raw = case
    profile, period, amount_header, beneficiary_header = FILES[name]
    path = tmp_path / name
    path.write_bytes(raw)
    summary = load(home, path, profile.slug, profile=profile, period=period)
    event(f"{summary.status} via {summary.detected.get('parser', 'no parser')}")
    if summary.status == "refused":
        assert name in summary.message or "period" in summary.message
        assert "\n" not in summary.message
        return
    if summary.status == "already_loaded":
        return  # these exact bytes were an earlier example: checked then
    detected = summary.detected
    text = raw.decode(detected["encoding"], errors="replace")
    rows = strict_rows(text, detected["delimiter"], 0)
    header = [c.strip() for c in rows[detected["header_row"] - 1][0]]
    width = max(i for i, c in enumerate(header, start=1) if c)
    rows = strict_rows(text, detected["delimiter"], width)
    amount_at, beneficiary_at = header.index(amount_header), header.index(beneficiary_header)
    expected = {n: (cells, malformed) for n, (cells, malformed) in enumerate(rows, start=1)
                if n > detected["header_row"]
                and (malformed or any(c.strip() for c in cells))}

    def cell(cells: list[str], at: int) -> str | None:
        return (cells[at].strip() or None) if at < len(cells) else None

    assert summary.rows_read == len(expected)
    assert summary.rows_read == summary.rows_loaded + summary.rows_quarantined
    assert summary.amount_read == sum(
        (a for cells, _ in expected.values() if (a := pounds(cell(cells, amount_at)))
         is not None), Decimal("0.00"))
    assert summary.amount_read == summary.amount_loaded + summary.amount_quarantined
    for row in loaded_rows(home, summary.load_id):
        cells, malformed = expected[row["source_row"]]
        assert not malformed
        assert (row["beneficiary"] or row["redaction_label"]) == cell(cells, beneficiary_at)
        assert row["amount"] == pounds(cell(cells, amount_at))
    with read_only(home.warehouse) as con:
        held = {r["source_row"] for r in records(
            con, "select source_row from meta.quarantine where load_id = ?", [summary.load_id])}
    assert held | {r["source_row"] for r in loaded_rows(home, summary.load_id)} == set(expected)
    assert {n for n, (_, malformed) in expected.items() if malformed} <= held
