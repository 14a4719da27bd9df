"""Sensors: load what analysts drop into the inbox, and publish after every successful load."""

import dagster as dg

from pipelines.intake import REFERENCE, contiguous
from pipelines.intake.collect import collected_in_run
from pipelines.intake.common import next_quarter
from pipelines.intake.drop_folders import (
    receive_dropped,
    waiting_outcomes,
    waiting_reference,
    waiting_spend,
)
from pipelines.jobs import (
    build_and_publish,
    collect_spend,
    ingest_outcomes,
    ingest_reference,
    ingest_spend,
)
from pipelines.partitions import councils, partnerships

PARTITION_RANGE_START = "dagster/asset_partition_range_start"
PARTITION_RANGE_END = "dagster/asset_partition_range_end"


def partition_runs(dropped: list, partitions: dg.DynamicPartitionsDefinition, following,
                   notes: list[str], nothing: str):
    """Receive dropped files and request a run per file and unbroken range of the periods it
    reports on, registering new councils or partnerships; a SkipReason when nothing is new."""
    requests, skipped, scopes = [], [], set()
    for item in dropped:
        received = receive_dropped(item)
        if received.refusal:
            skipped.append(f"{item.path.name} refused: {received.refusal['message']}")
            continue
        landed = received.landed
        scopes.add(landed.scope)
        for first, last in contiguous(landed.periods, following):
            requests.append(dg.RunRequest(
                # One run per file and periods: the same bytes dropped again are not rerun.
                run_key=f"{landed.dataset}:{landed.scope}:{landed.sha256}:{first}",
                tags={PARTITION_RANGE_START: f"{landed.scope}|{first}",
                      PARTITION_RANGE_END: f"{landed.scope}|{last}",
                      # The run queue runs one load per council (partnership) at a time.
                      f"socialvalue/{partitions.name}": landed.scope,
                      "socialvalue/file": landed.original_path}))
    if not requests:
        return dg.SkipReason("; ".join(skipped + notes) or nothing)
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[partitions.build_add_request(sorted(scopes))])


@dg.sensor(job=ingest_spend, minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Loads spend files dropped into inbox/spend/<council>/, each for the "
                       "council-months it reports on; refused files go to refused/ with a report.")
def spend_inbox(context: dg.SensorEvaluationContext):
    dropped, notes = waiting_spend()
    for note in notes:
        context.log.warning(note)
    return partition_runs(dropped, councils, None, notes, "no new spend files in the inbox")


@dg.sensor(job=ingest_outcomes, minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Loads outcome returns dropped into inbox/outcomes/ (or "
                       "inbox/outcomes/<partnership>/), each for the partnership-quarters it "
                       "reports on; refused files go to refused/ with a report.")
def outcomes_inbox(context: dg.SensorEvaluationContext):
    return partition_runs(waiting_outcomes(), partnerships, next_quarter, [],
                          "no new outcome returns in the inbox")


@dg.sensor(job=ingest_reference, minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Loads registers, catalogues, price indexes, imperative evidence, "
                       "self-assessments and 360Giving grants dropped into their inbox folders "
                       "(inbox/partners/, inbox/catalogue/ ...); refused files go to refused/.")
def reference_inbox(context: dg.SensorEvaluationContext):
    hashes: dict[str, list[str]] = {}
    skipped = []
    for item in waiting_reference():
        received = receive_dropped(item)
        if received.refusal:
            skipped.append(f"{item.path.name} refused: {received.refusal['message']}")
        else:
            hashes.setdefault(item.dataset, []).append(received.landed.sha256)
    if not hashes:
        return dg.SkipReason("; ".join(skipped) or "no new reference files in the inbox")
    # One run per dataset and tick: its asset loads the newest file of every scope at once.
    return [dg.RunRequest(run_key=f"{dataset}:{':'.join(sorted(digests))}",
                          asset_selection=[dg.AssetKey(list(REFERENCE[dataset].asset_key))],
                          tags={"socialvalue/dataset": dataset})
            for dataset, digests in hashes.items()]


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS,
                      monitored_jobs=[ingest_spend, ingest_outcomes, ingest_reference],
                      request_job=build_and_publish,
                      default_status=dg.DefaultSensorStatus.RUNNING,
                      description="After every successful load, rebuild the accounts and "
                                  "publish the dashboards and extracts.")
def publish_after_load(context: dg.RunStatusSensorContext):
    return dg.RunRequest(run_key=f"publish-after:{context.dagster_run.run_id}")


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, monitored_jobs=[collect_spend],
                      request_job=ingest_spend, default_status=dg.DefaultSensorStatus.RUNNING,
                      description="After each collection from councils' portals, loads every "
                                  "file it received for the council-months it reports on.")
def load_collected_spend(context: dg.RunStatusSensorContext):
    run = context.dagster_run
    if run.tags.get("socialvalue/launched_by") == "cli":
        return dg.SkipReason("collected by `socialvalue collect`, which loads what it received")
    requests = []
    for landed in collected_in_run(run.run_id):
        for first, last in contiguous(landed.periods):
            requests.append(dg.RunRequest(
                run_key=f"collected:{landed.scope}:{landed.sha256}:{first}",
                tags={PARTITION_RANGE_START: f"{landed.scope}|{first}",
                      PARTITION_RANGE_END: f"{landed.scope}|{last}",
                      "socialvalue/council": landed.scope,
                      "socialvalue/file": landed.url or landed.original_path}))
    return requests or dg.SkipReason("the collection received no new file")


sensors = [spend_inbox, outcomes_inbox, reference_inbox, load_collected_spend,
           publish_after_load]
