"""A warehouse written by an earlier version opens with its rows intact in the current tables."""

from __future__ import annotations

from decimal import Decimal as D

from basics.duck import records
from tests.spend_files import load, write_csv
from warehouse.connection import read_only, writer

HEADER = "Invoice Payment Date,Transaction Number,Net Amount,Supplier Name"


def spend(home) -> list[dict]:
    with read_only(home.warehouse) as con:
        return records(con, "select * from staging.council_spend order by council, source_row")


def make_it_old(home) -> None:
    """Give the warehouse the spend table of before 2026-12-02: one table with every load
    constant on every line, and loads whose detection report lacks the amount basis."""
    with writer(home.warehouse) as con:
        con.execute("create table staging.old_spend as select * from staging.council_spend")
        con.execute("drop view staging.council_spend")
        con.execute("drop table staging.council_spend_lines")
        con.execute("alter table staging.old_spend rename to council_spend")
        con.execute("update meta.loads set detected = json_object('reader', 'fast')")
        # The writer's own create_tables would migrate it back on the next open; closing here
        # leaves the old shape on disk, as an earlier version left it.
        con.execute("checkpoint")


def test_an_old_spend_table_becomes_lines_and_a_view_with_every_row_kept(home, tmp_path,
                                                                          monkeypatch):
    april = write_csv(tmp_path, "oldham-spend-2024-04.csv", [
        HEADER, "01/04/2024,1,100.00,Positive Steps", "02/04/2024,2,250.50,REDACTED",
        "03/04/2024,3,x,Age UK Oldham"])
    first = load(home, april, "oldham")
    before = spend(home)
    import warehouse.connection as connection

    # Open once without the migration, to leave the old shape behind.
    monkeypatch.setattr(connection, "create_tables", lambda con: None)
    make_it_old(home)
    with read_only(home.warehouse) as con:
        kinds = dict(con.execute("select table_name, table_type from information_schema.tables "
                                 "where table_schema = 'staging' and table_name like "
                                 "'council_spend%'").fetchall())
    assert kinds == {"council_spend": "BASE TABLE"}
    monkeypatch.undo()

    with writer(home.warehouse):
        pass  # opening for writing converts it
    after = spend(home)
    assert after == before
    assert [(r["amount"], r["is_redacted"], r["amount_basis"]) for r in after] == [
        (D("100.00"), False, "net of VAT"), (D("250.50"), True, "net of VAT")]
    with read_only(home.warehouse) as con:
        kinds = dict(con.execute("select table_name, table_type from information_schema.tables "
                                 "where table_schema = 'staging' and table_name like "
                                 "'council_spend%'").fetchall())
    assert kinds == {"council_spend": "VIEW", "council_spend_lines": "BASE TABLE"}

    # The converted rows behave as loaded ones: the same file is already loaded, a corrected
    # re-issue replaces them.
    assert load(home, april, "oldham").status == "already_loaded"
    fixed = write_csv(tmp_path / "..", "oldham-spend-2024-04.csv", [
        HEADER, "01/04/2024,1,100.00,Positive Steps", "03/04/2024,3,75.00,Age UK Oldham"])
    second = load(home, fixed, "oldham")
    assert second.status == "replaced"
    rows = spend(home)
    assert {r["load_id"] for r in rows} == {second.load_id} != {first.load_id}
    assert sum(r["amount"] for r in rows) == D("175.00")
