"""Drop folders: the sensors only observe (settled files, asked for once), the receive_dropped
run receives them, and load_received asks for the loads; outcome returns and the reference
datasets, ticked for real."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import dagster as dg

from pipelines.sensors import load_received, outcomes_inbox, reference_inbox, spend_inbox
from tests.conftest import SAMPLE


def drop(home, folder: str, source: Path, age_seconds: float = 60) -> Path:
    target = home.inbox / folder / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    settled = time.time() - age_seconds
    os.utime(target, (settled, settled))
    return target


def tick(home, sensor):
    """A drop-folder sensor's tick and what follows it: the receive_dropped run it asks for, then
    the load_received sensor, whose requests (or reason to skip) are returned."""
    with dg.instance_for_test(temp_dir=str(home.dagster_home)) as instance:
        observed = sensor(dg.build_sensor_context(instance=instance))
        if not observed.run_requests:
            return observed.skip_reason
        [request] = observed.run_requests
        return load_received(receive(instance, request))


def receive(instance, request: dg.RunRequest) -> dg.RunStatusSensorContext:
    """Run the receive_dropped run a sensor asked for; the context load_received sees after it."""
    from pipelines.definitions import defs

    run = defs.resolve_job_def("receive_dropped").execute_in_process(
        run_config=request.run_config, instance=instance, tags=request.tags)
    assert run.success
    event = instance.get_records_for_run(run.run_id).records[-1].event_log_entry
    return dg.build_run_status_sensor_context(
        sensor_name="load_received", dagster_instance=instance,
        dagster_run=instance.get_run_by_id(run.run_id), dagster_event=event.dagster_event)


def registered(home, partitions: str) -> list[str]:
    with dg.instance_for_test(temp_dir=str(home.dagster_home)) as instance:
        return instance.get_dynamic_partitions(partitions)


def test_an_outcome_return_requests_its_partnership_quarter(home):
    dropped = drop(home, "outcomes", SAMPLE / "outcomes" / "plymouth-complex-needs" /
                   "plymouth-complex-needs-2024-25-Q3.csv")
    [request] = tick(home, outcomes_inbox)
    assert request.tags["dagster/asset_partition_range_start"] == (
        "plymouth-complex-needs|2024-25-Q3")
    assert request.tags["dagster/asset_partition_range_end"] == (
        "plymouth-complex-needs|2024-25-Q3")
    assert request.tags["socialvalue/partnership"] == "plymouth-complex-needs"
    assert request.job_name == "ingest_outcomes"
    assert registered(home, "partnership") == ["plymouth-complex-needs"]
    assert (dropped.parent / "processed" / dropped.name).exists() and not dropped.exists()
    again = drop(home, "outcomes", dropped.parent / "processed" / dropped.name)
    assert tick(home, outcomes_inbox)[0].run_key == request.run_key
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


def test_a_tick_only_observes_and_asks_for_each_file_once(home):
    dropped = drop(home, "spend/oldham", SAMPLE / "spend" / "oldham" / "oldham-spend-2024-06.csv")
    with dg.instance_for_test(temp_dir=str(home.dagster_home)) as instance:
        first = spend_inbox(dg.build_sensor_context(instance=instance))
        [request] = first.run_requests
        assert request.job_name in (None, "receive_dropped")
        assert request.run_config["ops"]["receive_dropped_files"]["config"]["files"] == [
            {"dataset": "spend", "scope": "oldham", "path": str(dropped)}]
        # Nothing was received by the tick: the file is where it was dropped, nothing landed.
        assert dropped.exists() and not any(home.landing.rglob("*.csv"))
        assert not home.warehouse.exists()
        again = spend_inbox(dg.build_sensor_context(instance=instance, cursor=first.cursor))
        assert not again.run_requests  # asked for once, while it waits for its run
        assert "1 file(s) waiting to be received" in again.skip_reason.skip_message
        settled = time.time() - 30
        os.utime(dropped, (settled, settled))  # dropped again (or changed): asked for again
        changed = spend_inbox(dg.build_sensor_context(instance=instance, cursor=again.cursor))
        [request_again] = changed.run_requests
        assert request_again.run_key != request.run_key


def test_the_receive_run_receives_each_file_alone_and_logs_what_became_of_it(home):
    from basics.duck import records
    from warehouse.connection import read_only

    good = drop(home, "spend/oldham", SAMPLE / "spend" / "oldham" / "oldham-spend-2024-06.csv")
    other = drop(home, "spend/plymouth",
                 SAMPLE / "spend" / "plymouth" / "Plymouth payments over 500 - May 2024.csv")
    bad = home.inbox / "spend" / "oldham" / "oldham-spend-2024-07.csv"
    bad.write_text("Date,Supplier\n01/07/2024,Positive Steps\n")
    os.utime(bad, (time.time() - 60, time.time() - 60))
    with dg.instance_for_test(temp_dir=str(home.dagster_home)) as instance:
        [request] = spend_inbox(dg.build_sensor_context(instance=instance)).run_requests
        gone = drop(home, "spend/oldham", SAMPLE / "spend" / "oldham" / "oldham-spend-2024-05.csv")
        files = request.run_config["ops"]["receive_dropped_files"]["config"]["files"]
        files.append({"dataset": "spend", "scope": "oldham", "path": str(gone)})
        gone.unlink()  # taken out of the inbox before its run
        context = receive(instance, request)
        logged = [e.user_message for e in instance.all_logs(context.dagster_run.run_id)]
        requests = load_received(context)
    assert sorted(r.tags["dagster/asset_partition_range_start"] for r in requests) == [
        "oldham|2024-06", "plymouth|2024-05"]
    assert {r.job_name for r in requests} == {"ingest_spend"}
    assert sorted(registered(home, "council")) == ["oldham", "plymouth"]
    assert not good.exists() and not other.exists() and not bad.exists()
    [report] = (home.refused / "spend" / "oldham").glob("*.error.txt")
    assert "cannot find the amount column" in report.read_text()
    assert any("oldham-spend-2024-07.csv refused" in m and "amount column" in m for m in logged)
    assert any("oldham-spend-2024-05.csv" in m and "no longer in the inbox" in m for m in logged)
    with read_only(home.warehouse) as con:  # the data quality page lists it
        [refusal] = records(con, "select status, file_name from meta.loads")
    assert refusal == {"status": "refused", "file_name": "oldham-spend-2024-07.csv"}


def test_a_file_whose_name_is_not_text_is_said_and_the_others_asked_for(home):
    good = drop(home, "spend/oldham", SAMPLE / "spend" / "oldham" / "oldham-spend-2024-06.csv")
    strange = os.fsencode(good.parent) + b"/\xff-spend.csv"
    with open(strange, "wb") as f:
        f.write(good.read_bytes())
    os.utime(strange, (time.time() - 60, time.time() - 60))
    with dg.instance_for_test(temp_dir=str(home.dagster_home)) as instance:
        first = spend_inbox(dg.build_sensor_context(instance=instance))
        [request] = first.run_requests
        files = request.run_config["ops"]["receive_dropped_files"]["config"]["files"]
        assert [f["path"] for f in files] == [str(good)]
        again = spend_inbox(dg.build_sensor_context(instance=instance, cursor=first.cursor))
    assert "a file whose name is not text cannot be received" in again.skip_reason.skip_message
