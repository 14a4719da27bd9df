"""What `socialvalue ingest` prints to a person: figures whole, a failed check in words (never
Dagster's exception), each file named once."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from socialvalue.cli import app

WAKEFIELD_Q4 = Path(__file__).parent / "fixtures" / "real-spend" / "wakefield" / "2021-Q4.csv"


def test_a_failed_check_after_a_load_is_said_in_words_with_the_figures_whole(home):
    # Wakefield's Q4 file (Open Government Licence; see tests/fixtures/real-spend) has 1,425 of
    # its 11,517 lines quarantined: 12.4%, above the 10% at which publishing stops.
    out = CliRunner().invoke(app, ["ingest", "spend", str(WAKEFIELD_Q4), "--council", "wakefield"])
    text = " ".join(out.output.split())
    assert out.exit_code == 0, out.output
    assert "Dagster" not in text and "Error" not in text
    assert ("2021-Q4.csv loaded, but a check on the data now held failed: spend: 12.4% of the "
            "rows read were quarantined (wakefield 12.4%), above the 10.0% at which the marts "
            "and dashboards stop being rebuilt") in text
    # Whole figures, never cut to fit 80 columns.
    for figure in ("11,517", "10,092", "1,425", "£650,983.78", "£72,514.48"):
        assert figure in text, figure


def test_a_refused_file_is_named_once_in_its_reason(home, tmp_path):
    header_only = tmp_path / "oldham-2024-04.csv"
    header_only.write_text("Date,Amount,Supplier\n")
    out = CliRunner().invoke(app, ["ingest", "spend", str(header_only), "--council", "oldham"])
    text = " ".join(out.output.split())
    assert out.exit_code == 1
    assert "oldham-2024-04.csv: " in text
    assert "oldham-2024-04.csv: oldham-2024-04.csv" not in text
    # The reason is the file's emptiness, not the period its missing dates cannot show.
    assert "no rows of data below the header (row 1)" in text, text

