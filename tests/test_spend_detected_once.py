"""A spend file is inspected once per load: what receiving detected travels in the landed file's
manifest, and the load reads the file by it, with the same result as detecting it again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from basics.duck import records
from basics.periods import parse_period
from pipelines.intake import load_spend, receive_spend
from sources.landing import landed_files
from sources.spend import detect, plan, reader
from sources.spend.detected import carried_detection
from sources.spend.plan import plan_spend
from sources.spend.profiles import get_profile
from sources.spend.reader import spend_reader
from tests.conftest import SAMPLE
from tests.spend_files import TODAY
from tests.test_real_spend import FILES as REAL_FILES
from tests.test_real_spend import FIXTURES as REAL
from tests.test_real_spend import profile_for
from warehouse.connection import read_only as warehouse_reader
from warehouse.connection import writer
from warehouse.ingest import ingest_file


@pytest.fixture
def detections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose layout is detected, or whose rows are sampled, as it happens."""
    seen: list[str] = []

    def counted(function, what):
        def wrapper(pv, *args, **kwargs):
            seen.append(f"{what} {pv.path.name}")
            return function(pv, *args, **kwargs)
        return wrapper

    for module in (plan, reader):
        monkeypatch.setattr(module, "detect_layout", counted(detect.detect_layout, "layout"))
    for module in (detect, reader):
        monkeypatch.setattr(module, "spread_sample", counted(module.spread_sample, "sample"))
    return seen


def test_a_spend_file_is_detected_once_from_receiving_to_loaded(home, detections):
    path = SAMPLE / "spend" / "leicestershire" / "LCC_spend_2024-25_Q3.csv"
    received = receive_spend(path, "leicestershire")
    [summary] = load_spend([received], "leicestershire")
    assert summary["status"] == "loaded"
    assert detections == [f"layout {path.name}", f"sample {path.name}"]
    [landed] = landed_files("spend", "leicestershire")
    carried = landed.detected
    with warehouse_reader(home.warehouse) as con:
        [load] = records(con, "select detected from meta.loads where load_id = ?",
                         [summary["load_id"]])
    detected = json.loads(load["detected"])
    assert detected["columns"] == carried["columns"]
    assert detected["column_evidence"] == carried["evidence"]
    assert detected["date_formats"] == carried["date_formats"]
    assert detected["rows_sampled"] == carried["rows_sampled"] > 0
    assert detected["period"] == landed.period_label == "2024-25 Q3"


def test_an_archive_without_detection_is_detected_when_loaded(home, detections):
    path = SAMPLE / "spend" / "oldham" / "oldham-spend-2024-06.csv"
    received = receive_spend(path, "oldham")
    manifest = Path(received.landed.path + ".manifest.json")
    written = json.loads(manifest.read_text())
    del written["detected"]  # as a file landed before detection travelled
    manifest.write_text(json.dumps(written))
    [summary] = load_spend([received], "oldham")
    assert summary["status"] == "loaded"
    assert [d.split()[0] for d in detections] == ["layout", "sample", "layout", "sample"]


def test_a_profile_changed_since_receiving_means_detecting_again(home):
    profile = get_profile("oldham")
    path = SAMPLE / "spend" / "oldham" / "oldham-spend-2024-06.csv"
    found = plan_spend(path, profile, home.tmp).detection.as_manifest(profile)
    assert carried_detection(found, profile) is not None
    (home.config / "councils" / "oldham.yaml").write_text(
        Path(profile.source).read_text() + 'date_format: "%d/%m/%Y"\n')
    changed = get_profile("oldham")
    assert changed.date_format == "%d/%m/%Y"
    assert carried_detection(found, changed) is None
    assert carried_detection({**found, "version": 0}, profile) is None
    assert carried_detection(None, profile) is None


def loaded(db: Path, path: Path, council: str, carry: bool, home) -> tuple[dict, list, list]:
    """Load `path` into its own warehouse `db`, reading it by what receiving detected (`carry`)
    or detecting it again: the summary, the staged lines and the quarantined ones."""
    profile = get_profile(council)
    planned = plan_spend(path, profile, home.tmp, today=TODAY)
    detection = carried_detection(planned.detection.as_manifest(profile), profile) if carry \
        else None
    read = spend_reader(profile, home.tmp, parse_period(planned.period.label), TODAY,
                        detection=detection)
    with writer(db) as con:
        summary = ingest_file(con, "spend", path, read, scope=council).as_json()
        lines = records(con, "select * exclude (load_id, loaded_at) from staging.council_spend "
                             "order by source_row, period_key")
        quarantine = records(con, "select * exclude (load_id) from meta.quarantine "
                                  "order by source_row")
    summary.pop("load_id")
    return summary, lines, quarantine


SAME_RESULT = [(REAL / f.path, f) for f in REAL_FILES] + [
    (SAMPLE / "spend" / "croydon" / "croydon-spend-2024-04.xlsx", "croydon"),
    (SAMPLE / "spend" / "plymouth" / "Plymouth payments over 500 - May 2024.csv", "plymouth"),
    (SAMPLE / "spend" / "oldham" / "oldham-spend-2024-06.csv", "oldham"),
]


@pytest.mark.parametrize(("path", "spec"), SAME_RESULT, ids=[p.name for p, _ in SAME_RESULT])
def test_reading_by_what_receiving_detected_gives_the_same_load(home, tmp_path, path, spec):
    council = spec if isinstance(spec, str) else spec.council
    if not isinstance(spec, str):
        profile_for(home, spec)
    again = loaded(tmp_path / "again.duckdb", path, council, False, home)
    carried = loaded(tmp_path / "carried.duckdb", path, council, True, home)
    assert carried[0] == again[0]  # rows, amounts, quarantine and everything detected
    assert carried[1] == again[1]
    assert carried[2] == again[2]
    assert again[0]["rows_loaded"] > 0
