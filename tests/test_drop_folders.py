"""Drop folders beyond spend: outcome returns and the reference datasets, ticked for real."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import dagster as dg

from pipelines.sensors import outcomes_inbox, reference_inbox
from tests.conftest import SAMPLE


def drop(home, folder: str, source: Path, age_seconds: float = 60) -> Path:
    target = home.inbox / folder / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    settled = time.time() - age_seconds
    os.utime(target, (settled, settled))
    return target


def tick(home, sensor):
    with dg.instance_for_test(temp_dir=str(home.dagster_home)) as instance:
        return sensor(dg.build_sensor_context(instance=instance))


def test_an_outcome_return_requests_its_partnership_quarter(home):
    dropped = drop(home, "outcomes", SAMPLE / "outcomes" / "plymouth-complex-needs" /
                   "plymouth-complex-needs-2024-25-Q3.csv")
    result = tick(home, outcomes_inbox)
    assert isinstance(result, dg.SensorResult)
    [request] = result.run_requests
    assert request.tags["dagster/asset_partition_range_start"] == (
        "plymouth-complex-needs|2024-25-Q3")
    assert request.tags["dagster/asset_partition_range_end"] == (
        "plymouth-complex-needs|2024-25-Q3")
    assert request.tags["socialvalue/partnership"] == "plymouth-complex-needs"
    [added] = result.dynamic_partitions_requests
    assert list(added.partition_keys) == ["plymouth-complex-needs"]
    assert (dropped.parent / "processed" / dropped.name).exists() and not dropped.exists()
    again = drop(home, "outcomes", dropped.parent / "processed" / dropped.name)
    assert tick(home, outcomes_inbox).run_requests[0].run_key == request.run_key
    assert not again.exists()


def test_a_return_in_the_wrong_partnerships_folder_is_refused_with_its_report(home):
    dropped = drop(home, "outcomes/oldham-social-prescribing", SAMPLE / "outcomes" /
                   "croydon-community" / "croydon-community-2024-25-Q1.csv")
    result = tick(home, outcomes_inbox)
    assert isinstance(result, dg.SkipReason) and "refused" in result.skip_message
    [report] = (home.refused / "outcomes" / "oldham-social-prescribing").glob("*.error.txt")
    text = report.read_text()
    assert "nothing in it was loaded" in text and "croydon-community" in text
    assert not dropped.exists()


def test_reference_files_request_one_run_per_dataset(home):
    drop(home, "partners", SAMPLE / "registers" / "partners.csv")
    drop(home, "grants", SAMPLE / "grants" / "illustrative-community-foundation.json")
    drop(home, "grants", SAMPLE / "grants" / "illustrative-trust-grants.csv")
    requests = tick(home, reference_inbox)
    by_dataset = {r.tags["socialvalue/dataset"]: r for r in requests}
    assert sorted(by_dataset) == ["grants", "partners"]
    assert by_dataset["partners"].asset_selection == [dg.AssetKey(["staging", "partners"])]
    assert by_dataset["grants"].asset_selection == [dg.AssetKey(["staging", "grants"])]
    assert isinstance(tick(home, reference_inbox), dg.SkipReason)  # the inbox is clear


def test_a_file_that_is_not_the_dataset_is_moved_aside(home):
    bad = drop(home, "prices", SAMPLE / "registers" / "partnerships.csv")
    result = tick(home, reference_inbox)
    assert isinstance(result, dg.SkipReason) and "refused" in result.skip_message
    [report] = (home.refused / "price_index" / "all").glob("*.error.txt")
    assert "nothing in it was loaded" in report.read_text()
    assert not bad.exists()
