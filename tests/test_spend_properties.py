"""Property: however a valid spend file is corrupted, the ingest neither crashes nor loses a row.

Each corrupted file is either refused as a whole (with a reason, nothing loaded) or every one of
its data rows, counted independently by a strict CSV reading (tests/strict_csv.py: a stray quote
never joins lines), is loaded or quarantined, and the amounts add up to the penny.
"""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from basics.duck import records
from tests.spend_files import load
from tests.strict_csv import strict_rows
from warehouse.connection import read_only

VALID = "\r\n".join([
    "Body Name,Service Area,Expenses Type,Invoice Payment Date,Transaction Number,Net Amount,"
    "Supplier Name",
    'Oldham Council,Adults,Grants,02/04/2024,100001,"1,234.56",Action Together',
    "Oldham Council,Adults,Care,03/04/2024,100002,612.00,REDACTED PERSONAL DATA",
    "Oldham Council,Place,Repairs,07/04/2024,100003,-250.00,Moorland Builders Ltd",
    "Oldham Council,Place,Repairs,08/04/2024,100004,900.00,Moorland Builders Ltd",
    "Oldham Council,Place,Materials,08/04/2024,100004,150.50,Moorland Builders Ltd",
    "Oldham Council,Place,Fuel,09/04/2024,100005,700.00,Pennine Fuels Ltd",
    "Oldham Council,Adults,Grants,10/04/2024,100006,480.00,Age UK Oldham",
]).encode("utf-8") + b"\r\n"

HEADER_END = VALID.index(b"\n") + 1
NASTY_BYTES = [b'"', b",", b"\n", b"\r", b"\xa3", b"\xff", b"\x00", b"-", b"(", b"\t", b" "]


@st.composite
def corrupted(draw) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "repeat_line",
                                     "drop_line"]))
        # Mostly below the header: a damaged header is simply refused, which other tests cover.
        start = draw(st.sampled_from([0, HEADER_END, HEADER_END, HEADER_END]))
        at = draw(st.integers(min(start, max(len(data) - 1, 0)), max(len(data) - 1, 0)))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from(NASTY_BYTES))
        elif kind == "delete" and data:
            del data[at]
        elif kind == "replace" and data:
            data[at:at + 1] = draw(st.sampled_from(NASTY_BYTES))
        elif kind == "truncate":
            del data[max(at, 1):]
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if kind == "repeat_line":
                lines.insert(i, lines[i])
            else:
                del lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def independent_row_count(raw: bytes, detected: dict) -> int:
    """Non-blank records below the header (and every malformed line), read strictly."""
    text = raw.decode(detected["encoding"], errors="replace")
    header = strict_rows(text, detected["delimiter"], 0)[detected["header_row"] - 1][0]
    width = max((i for i, c in enumerate(header, start=1) if c.strip()), default=0)
    rows = strict_rows(text, detected["delimiter"], width)
    below_header = rows[detected["header_row"]:]
    return sum(1 for cells, malformed in below_header
               if malformed or any(cell.strip() for cell in cells))


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=corrupted())
def test_corruption_never_crashes_and_never_loses_a_row(home, tmp_path, raw):
    path = tmp_path / "oldham-spend-2024-04.csv"
    path.write_bytes(raw)
    summary = load(home, path, "oldham")
    event(f"{summary.status} via {summary.detected.get('parser', 'no parser')}")
    if summary.status == "refused":
        assert (summary.message and path.name in summary.message) or "period" in summary.message
        return
    if summary.status == "already_loaded":
        return  # these exact bytes were an earlier example: checked then
    assert summary.rows_read == independent_row_count(raw, summary.detected)
    assert summary.rows_read == summary.rows_loaded + summary.rows_quarantined
    assert summary.amount_read == summary.amount_loaded + summary.amount_quarantined
    with read_only(home.warehouse) as con:
        stored = records(con, """
            select (select count(*) from staging.council_spend where load_id = $1) loaded,
                   (select count(*) from meta.quarantine where load_id = $1) quarantined""",
                         [summary.load_id])[0]
    assert (stored["loaded"], stored["quarantined"]) == (summary.rows_loaded,
                                                          summary.rows_quarantined)
