"""Careless and hostile files (issue 14): nothing lost or merged silently, nothing read as another
value, every refusal one line that names the file, row and column, never a cell's contents."""

from __future__ import annotations

import json
import os
from decimal import Decimal as D
from pathlib import Path

import pytest

from basics.duck import records
from sources.spend.profiles import get_profile
from tests.spend_files import load, loaded_rows, quarantined, write_csv
from warehouse.connection import read_only

HEADER = "Invoice Payment Date,Transaction Number,Net Amount,Supplier Name"


def load_both_ways(home, tmp_path, lines: list[str], newline: str = "\r\n"):
    """The same lines as a UTF-8 file (Oldham) and a Windows-1252 one (Bury, in Oldham's layout):
    the fast reader is tried on the first, the tolerant reader always reads the second."""
    summaries = []
    for council, encoding in (("oldham", "utf-8"), ("bury", "cp1252")):
        folder = tmp_path / council
        folder.mkdir()
        path = write_csv(folder, f"{council}-spend-2024-04.csv", lines, encoding, newline)
        summaries.append(load(home, path, council, profile=get_profile("oldham")))
    return summaries


def beneficiaries(home, summary) -> dict[int, str | None]:
    return {r["source_row"]: r["beneficiary"] for r in loaded_rows(home, summary.load_id)}


def quarantine_messages(home, summary) -> dict[int, list[str]]:
    with read_only(home.warehouse) as con:
        rows = records(con, "select source_row, list_transform(failures, lambda f: f.message) m "
                            "from meta.quarantine where load_id = ? order by 1",
                       [summary.load_id])
    return {r["source_row"]: r["m"] for r in rows}


# Finding 1: a stray quote swallows the lines after it.

def test_an_unclosed_quote_is_quarantined_alone_and_the_lines_after_it_load(home, tmp_path):
    lines = [HEADER, '01/04/2024,1,500.00,"Alpha Ltd,', "02/04/2024,2,800.00,Beta Ltd",
             "03/04/2024,3,500.00,Gamma Ltd"]
    for summary in load_both_ways(home, tmp_path, lines):
        assert (summary.rows_read, summary.rows_loaded, summary.rows_quarantined) == (3, 2, 1)
        assert (summary.amount_loaded, summary.amount_quarantined) == (D("1300.00"),
                                                                       D("500.00"))
        assert beneficiaries(home, summary) == {3: "Beta Ltd", 4: "Gamma Ltd"}
        assert quarantined(home, summary.load_id) == {2: {"line_well_formed"}}
        assert "quote opened on this line is not closed" in \
            quarantine_messages(home, summary)[2][0]


def test_a_quoted_cell_that_swallows_a_whole_row_is_split_back_into_lines(home, tmp_path):
    # The second quote closes the first one a line later: as CSV, one row of four cells whose
    # last cell holds the whole next row.
    lines = [HEADER, '01/04/2024,1,500.00,"Alpha Ltd', '02/04/2024,2,800.00,Beta Ltd"',
             "03/04/2024,3,500.00,Gamma Ltd"]
    for summary in load_both_ways(home, tmp_path, lines):
        assert summary.rows_read == 3
        assert summary.amount_read == D("1800.00")
        assert quarantined(home, summary.load_id) == {2: {"line_well_formed"}}
        assert "\n" not in "".join(b or "" for b in beneficiaries(home, summary).values())


def test_text_after_a_closing_quote_is_quarantined_alone(home, tmp_path):
    lines = [HEADER, '01/04/2024,1,500.00,"Alpha" Ltd', "02/04/2024,2,800.00,Beta Ltd"]
    for summary in load_both_ways(home, tmp_path, lines):
        assert (summary.rows_read, summary.rows_loaded) == (2, 1)
        assert quarantined(home, summary.load_id) == {2: {"line_well_formed"}}
        assert "text follows a closing quote" in quarantine_messages(home, summary)[2][0]


# Found by the corruption property test: the fast reader kept a tab that the tolerant reader
# strips, and did not count a lone CR (a line break to a spreadsheet and to Python) as a line.

def test_a_tab_around_a_cell_is_trimmed_by_both_readers(home, tmp_path):
    lines = [HEADER, "01/04/2024,1,500.00,\tAlpha Ltd", "02/04/2024,2,800.00,Beta Ltd\t"]
    fast, tolerant = load_both_ways(home, tmp_path, lines, newline="\n")
    assert fast.detected["parser"] == "fast"
    for summary in (fast, tolerant):
        assert beneficiaries(home, summary) == {2: "Alpha Ltd", 3: "Beta Ltd"}


def test_a_lone_carriage_return_ends_a_line_for_both_readers(home, tmp_path):
    lines = [HEADER, "\r01/04/2024,1,500.00,Alpha Ltd", "02/04/2024,2,800.00,Beta Ltd"]
    for summary in load_both_ways(home, tmp_path, lines, newline="\n"):
        assert (summary.rows_read, summary.rows_loaded) == (2, 2)
        assert beneficiaries(home, summary) == {3: "Alpha Ltd", 4: "Beta Ltd"}


def test_a_row_split_by_a_line_break_in_an_unquoted_cell_is_reported_not_merged(home, tmp_path):
    lines = [HEADER, "01/04/2024,1,500.00,Alpha", "02/04/2024,2,Beta", " Ltd,800.00",
             "03/04/2024,3,500.00,Gamma Ltd"]
    for summary in load_both_ways(home, tmp_path, lines, newline="\n"):
        assert (summary.rows_read, summary.rows_loaded, summary.rows_quarantined) == (4, 2, 2)
        held = quarantined(home, summary.load_id)
        assert set(held) == {3, 4} and all("line_well_formed" in r for r in held.values())
        assert any("splits one row over rows 3 and 4" in m
                   for m in quarantine_messages(home, summary)[3])


def test_a_quoted_note_over_two_lines_is_still_one_row(home, tmp_path):
    lines = [HEADER + ",Expenses Type", '01/04/2024,1,500.00,Alpha Ltd,"Grant,\nsecond line"',
             "02/04/2024,2,800.00,Beta Ltd,Grant"]
    for summary in load_both_ways(home, tmp_path, lines, newline="\n"):
        assert (summary.rows_read, summary.rows_loaded) == (2, 2)


# Finding 2: an empty or header-only file never replaces loaded data.

@pytest.mark.parametrize("content", [[HEADER], [HEADER, "", ",,,"]])
def test_a_header_only_reissue_is_refused_and_the_month_kept(home, tmp_path, content):
    first = load(home, write_csv(tmp_path, "oldham-spend-2024-04.csv",
                                 [HEADER, "01/04/2024,1,500.00,Alpha Ltd"]), "oldham")
    (tmp_path / "again").mkdir()
    again = load(home, write_csv(tmp_path / "again", "oldham-spend-2024-04.csv", content),
                 "oldham")
    assert first.status == "loaded" and again.status == "refused"
    assert again.message == ("oldham-spend-2024-04.csv: no rows of data below the header (row 1);"
                             " an empty file never replaces data already loaded")
    assert len(loaded_rows(home, first.load_id)) == 1


# Finding 3: ambiguous amounts are never read as other numbers.

def test_amounts_are_read_only_in_unambiguous_forms(home, tmp_path):
    published = ['"1,50"', '"1.234,56"', '"1,2,3"', "12.345", '"£1,234.56"', '"(9,743,908.00)"',
                 "250.00-", "-£250", "GBP 12", "12.340"]
    lines = [HEADER] + [f"0{1 + i % 9}/04/2024,{i},{amount},Supplier {i}"
                        for i, amount in enumerate(published)]
    for summary in load_both_ways(home, tmp_path, lines):
        loaded = {r["source_row"]: r["amount"] for r in loaded_rows(home, summary.load_id)}
        assert loaded == {6: D("1234.56"), 7: D("-9743908.00"), 8: D("-250.00"),
                          9: D("-250.00"), 10: D("12.00"), 11: D("12.34")}
        assert quarantined(home, summary.load_id) == {n: {"amount_readable"} for n in (2, 3, 4, 5)}
        with read_only(home.warehouse) as con:
            held = records(con, "select source_row, amount, failures[1].raw_value raw from "
                                "meta.quarantine where load_id = ? order by 1", [summary.load_id])
        # Held with the value as published, and no amount made up for it.
        assert [(r["raw"], r["amount"]) for r in held] == [
            ("1,50", None), ("1.234,56", None), ("1,2,3", None), ("12.345", None)]
        assert summary.amount_quarantined == D("0.00")
        assert summary.amount_read == sum(loaded.values())


def test_register_amounts_with_a_decimal_comma_or_beyond_pence_are_not_read(home, tmp_path):
    import duckdb

    from basics.cells import Cells

    cells = Cells({"v": "v"})
    with duckdb.connect() as con:
        read = dict(con.execute(
            f"select v, {cells.money('v')} from (values ('1,50'), ('1.234,56'), ('12.345'), "
            "('1,234.50'), ('£12')) t(v)").fetchall())
    assert read == {"1,50": None, "1.234,56": None, "12.345": None, "1,234.50": D("1234.50"),
                    "£12": D("12.00")}


# Finding 7: identifiers from inside files never build paths.

def files_under(folder) -> set[str]:
    return {str(p) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("funder", ["../../../../escaped", "{tmp}/escaped-absolute", "a/b"])
def test_a_funder_id_never_becomes_a_path(home, tmp_path, funder):
    from tests.dataset_files import SAMPLE, ingest

    funder = funder.format(tmp=tmp_path)
    grants = json.loads((SAMPLE / "grants" / "illustrative-community-foundation.json")
                        .read_text())["grants"]
    for grant in grants:
        grant["fundingOrganization"] = [{**grant["fundingOrganization"][0], "id": funder}]
    path = tmp_path / "drop" / "grants.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"grants": grants}))
    outside_before = files_under(tmp_path) - files_under(home.home)
    [result] = ingest("grants", path)
    assert result["status"] == "loaded" and result["scope"] == funder
    assert files_under(tmp_path) - files_under(home.home) == outside_before
    assert not (tmp_path / "escaped-absolute").exists()
    assert not (tmp_path.parent / "escaped").exists()
    folders = [p for p in (home.landing / "grants").iterdir()]
    assert len(folders) == 1 and folders[0].parent == home.landing / "grants"


def test_a_catalogue_edition_with_a_slash_loads_and_replaces_itself(home, tmp_path):
    from tests.dataset_files import SAMPLE, ingest, table_rows, write_rows

    header, rows = table_rows(SAMPLE / "catalogue" / "illustrative-2026.csv")
    edition, framework = header.index("edition"), header.index("framework")
    changed = [[*r[:edition], "2026/27", *r[edition + 1:]] for r in rows]
    changed = [[*r[:framework], "../../x", *r[framework + 1:]] for r in changed]
    [first] = ingest("measure_catalogue", write_rows(tmp_path / "a.csv", header, changed))
    [again] = ingest("measure_catalogue", write_rows(tmp_path / "b.csv", header, changed[:-1]))
    assert (first["status"], again["status"]) == ("loaded", "replaced")
    assert first["scope"] == "../../x:2026/27" and first["rows_loaded"] == len(rows)
    assert again["rows_loaded"] == len(rows) - 1
    assert not (tmp_path.parent / "x").exists()


# Finding 8 and part of 6: one bad file is refused alone; the rest of the tick goes on.

def billion_laughs_workbook(path: Path) -> Path:
    """A real workbook whose sheet XML defines entities that expand to gigabytes."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["year", "index"])
    book.active.append([2024, 100])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
            '</sheetData></worksheet>')
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = bomb.encode()
            out.writestr(item, data)
    plain.unlink()
    return path


def test_bad_files_in_one_tick_are_refused_alone_and_the_good_ones_load(home, tmp_path):
    import dagster as dg

    from pipelines.sensors import reference_inbox
    from tests.conftest import SAMPLE
    from tests.test_drop_folders import drop, tick

    good = drop(home, "partners", SAMPLE / "registers" / "partners.csv")
    long_name = tmp_path / ("catalogue-" + "x" * 240 + ".csv")
    long_name.write_bytes((SAMPLE / "catalogue" / "illustrative-2026.csv").read_bytes())
    drop(home, "catalogue", long_name)
    nested = tmp_path / "nested.json"
    nested.write_text('{"grants": ' + "[" * 100_000 + "]" * 100_000 + "}")
    drop(home, "grants", nested)
    drop(home, "prices", billion_laughs_workbook(tmp_path / "prices.xlsx"))
    secret = tmp_path / "secret.txt"
    secret.write_text("year,index\n2024,SECRET-VALUE\n")
    link = home.inbox / "evidence" / "evidence.csv"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    os.utime(link, (1, 1), follow_symlinks=False)

    requests = tick(home, reference_inbox)
    assert sorted(r.tags["socialvalue/dataset"] for r in requests) == [
        "measure_catalogue", "partners"]
    assert all(isinstance(r, dg.RunRequest) for r in requests)
    assert not good.exists()
    reports = {p.parent.parent.name: p.read_text() for p in home.refused.rglob("*.error.txt")}
    assert sorted(reports) == ["grants", "imperative_evidence", "price_index"]
    assert "nested more than 64 levels deep" in reports["grants"]
    assert "not a readable Excel workbook" in reports["price_index"]
    assert "symbolic link" in reports["imperative_evidence"]
    assert all("SECRET-VALUE" not in text for text in reports.values())
    assert "SECRET-VALUE" not in "".join(
        p.read_text(errors="replace") for p in home.refused.rglob("*") if p.is_file())
    assert secret.exists()  # the link was moved, never what it points at
    assert not any((home.inbox).rglob("*.json")) and not link.exists()


# Findings 9 and 10: limits, each a one-line refusal recorded as refused.

def refused_message(home, path: Path, council: str = "oldham") -> str:
    summary = load(home, path, council)
    assert summary.status == "refused"
    with read_only(home.warehouse) as con:
        [recorded] = records(con, "select status, message from meta.loads where load_id = ?",
                             [summary.load_id])
    assert recorded == {"status": "refused", "message": summary.message}
    assert "\n" not in summary.message
    return summary.message


def test_a_file_of_ten_thousand_columns_is_refused_at_once(home, tmp_path):
    import subprocess
    import sys

    wide = [HEADER + "," + ",".join(f"c{i}" for i in range(10_000))] + [
        f"0{d}/04/2024,{d},100.00,Alpha," + ",".join("x" * 10_000) for d in range(1, 9)]
    path = write_csv(tmp_path, "oldham-spend-2024-04.csv", wide)
    # In a child process that is stopped after a minute: the file once ran for over 12.
    run = subprocess.run([sys.executable, "-m", "socialvalue.cli", "ingest", "spend", str(path),
                          "--council", "oldham", "--json"], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "SOCIALVALUE_HOME": str(home.home)})
    [result] = json.loads(run.stdout)["files"]
    assert run.returncode == 1 and result["status"] == "refused"
    assert result["message"] == ("oldham-spend-2024-04.csv: row 1 has 10,004 cells; socialvalue "
                                 "reads at most 300 columns (is it the right file?)")


@pytest.mark.parametrize(("characters", "message"), [
    (200_000, "oldham-spend-2024-04.csv: row 3, column 4 holds 200,000 characters, more than a "
              "spreadsheet cell can (32,767); is a quote left open?"),
    (50_000_000, "oldham-spend-2024-04.csv: line 3 is longer than 1,048,576 characters; not a "
                 "table of rows a spreadsheet could hold"),
], ids=["a_cell_longer_than_a_spreadsheet_cell", "a_fifty_megabyte_line"])
def test_an_overlong_cell_or_line_is_refused(home, tmp_path, characters, message):
    path = write_csv(tmp_path, "oldham-spend-2024-04.csv", [
        HEADER, "01/04/2024,1,100.00,Alpha", "02/04/2024,2,100.00," + "y" * characters])
    assert refused_message(home, path) == message


def test_a_file_over_the_size_limit_is_refused(home, tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIALVALUE_MAX_FILE_MB", "1")
    path = write_csv(tmp_path, "oldham-spend-2024-04.csv", [HEADER] + [
        f"01/04/2024,{i},100.00,Supplier {i}" for i in range(60_000)])
    assert refused_message(home, path) == (
        "oldham-spend-2024-04.csv: 2 MB is larger than the 1 MB socialvalue reads; split it "
        "(by month, say) or raise SOCIALVALUE_MAX_FILE_MB")


def test_a_workbook_that_expands_a_thousandfold_is_refused_before_it_is_unpacked(home, tmp_path):
    import zipfile

    from openpyxl import Workbook

    path = tmp_path / "oldham-spend-2024-04.xlsx"
    book = Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["01/04/2024", "1", "100.00", "Alpha"])
    book.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * (200 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    message = refused_message(home, path)
    assert message.startswith("oldham-spend-2024-04.xlsx: a part of the workbook expands ")
    assert message.endswith(" times (more than 100); not a workbook socialvalue reads; save it "
                            "as CSV")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_files_are_read_as_written(home, tmp_path, encoding):
    lines = [HEADER, "01/04/2024,1,\"£1,250.00\",Café Ltd", "02/04/2024,2,80.00,Beta Ltd"]
    path = tmp_path / "oldham-spend-2024-04.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    summary = load(home, path, "oldham")
    assert summary.status == "loaded" and summary.detected["encoding"] == encoding
    assert beneficiaries(home, summary) == {2: "Café Ltd", 3: "Beta Ltd"}
    assert summary.amount_loaded == D("1330.00")


# Part of finding 6: refusal messages name the file, row and column, never what a cell holds.

def test_a_refusal_never_quotes_the_files_cells(home, tmp_path):
    from tests.dataset_files import SAMPLE, ingest, table_rows, write_rows

    no_header = tmp_path / "prices.csv"
    no_header.write_text("Jane Doe,AB123456C\n2024,100\n")
    header, rows = table_rows(SAMPLE / "catalogue" / "illustrative-2026.csv")
    edition = header.index("edition")
    mixed = write_rows(tmp_path / "mixed.csv", header,
                       [rows[0], [*rows[1][:edition], "AB123456C", *rows[1][edition + 1:]]])
    [prices] = ingest("price_index", no_header)
    [catalogue] = ingest("measure_catalogue", mixed)
    assert prices["message"] == ("prices.csv: no price index header in the first 2 rows; "
                                 "expected columns 'year', 'index'")
    assert catalogue["message"] == (
        "mixed.csv: holds 2 framework editions (first named in rows 2, 3); send one file per "
        "framework edition, so that each replaces only its own")


# The smaller findings: the local server, the terminal, scratch copies.

def test_the_server_lists_no_folder_and_names_no_python_version(tmp_path):
    import threading
    import urllib.error
    import urllib.request

    from socialvalue.cli.serve import address, make_server

    site = tmp_path / "site"
    (site / "extracts").mkdir(parents=True)
    (site / "index.html").write_text("<title>ok</title>")
    (site / "extracts" / "a.csv").write_text("x\n")
    server = make_server(site, port=0)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.headers["Server"] == "socialvalue"
        with pytest.raises(urllib.error.HTTPError) as listing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/extracts/")
        assert listing.value.code == 404
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/extracts/a.csv") as response:
            assert response.read() == b"x\n"
    finally:
        server.shutdown()
        server.server_close()
    import socket

    assert address("0.0.0.0", 8000).startswith(f"http://{socket.gethostname()}:8000/ (every "
                                                "network address of this computer, 0.0.0.0")
    assert address("127.0.0.1", 8000) == "http://127.0.0.1:8000/"


def test_text_from_a_file_is_never_read_as_terminal_markup():
    from socialvalue.cli import ingest, output

    result = {"path": "/x/[link=https://example.invalid]click[/link].csv", "status": "refused",
              "rows_read": 0, "rows_loaded": 0, "rows_quarantined": 0,
              "message": "missing column; the header (row 1) has '[link=https://example.invalid]"
                         "Amount[/link]', '[bold red]Date[/]'"}
    with output.console.capture() as captured:
        ingest.show([result], as_json=False)
    shown = captured.get()
    assert "[link=https://example.invalid]Amount[/link]" in shown
    assert "[bold red]Date[/]" in shown and "\x1b]8;" not in shown


def test_no_scratch_copy_of_a_file_is_left_after_its_load(home, tmp_path):
    lines = [HEADER, '01/04/2024,1,500.00,"Alpha Ltd,', "02/04/2024,2,800.00,Beta Ltd"]
    summaries = load_both_ways(home, tmp_path, lines)
    assert [s.detected["parser"] for s in summaries] == ["tolerant", "tolerant"]
    assert [p.name for p in home.tmp.rglob("*") if p.is_file()] == []


def test_a_long_statement_stops_when_the_process_is_asked_to(tmp_path):
    """SIGTERM (which Dagster turns into an interrupt) and Ctrl+C reach a process that is inside
    a long DuckDB statement: the statement is interrupted instead of holding the stop off."""
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "long.py"
    script.write_text(
        "import signal, sys, duckdb\n"
        "from basics.progress import execute_with_progress\n"
        "def stop(*_):\n"
        "    raise KeyboardInterrupt\n"
        "signal.signal(signal.SIGTERM, stop)\n"
        "con = duckdb.connect()\n"
        "print('running', flush=True)\n"
        "try:\n"
        "    execute_with_progress(con, 'create table t as select sum(i) from "
        "range(1000000000000) r(i)', 'long')\n"
        "except KeyboardInterrupt:\n"
        "    print('stopped', flush=True)\n"
        "    sys.exit(3)\n")
    from basics.settings import PROJECT_ROOT

    child = subprocess.Popen([sys.executable, str(script)], cwd=PROJECT_ROOT,
                             stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    try:
        assert child.stdout.readline().strip() == "running"
        time.sleep(1)
        child.send_signal(signal.SIGTERM)
        out, _ = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 3 and out.strip() == "stopped"
