"""Sensors: notice what analysts drop into the inbox, load what was received, and publish after
every successful load.

The drop-folder sensors only look: each tick lists the files that have settled and asks for one
`receive_dropped` run with the ones it has not asked for before (its cursor remembers each file by
path, size and time of change, for as long as it stays in the inbox). Receiving, archiving, moving
and refusing happen in that run, where they are logged; the `load_received` sensor then asks for
the loads of what it received.
"""

import hashlib
import json

import dagster as dg

from pipelines.intake import REFERENCE, contiguous
from pipelines.intake.collect import collected_in_run
from pipelines.intake.common import next_quarter
from pipelines.intake.drop_folders import (
    Dropped,
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
    receive_dropped,
)
from pipelines.partitions import councils, partnerships
from pipelines.receiving import received_in_run
from sources.landing import LandedFile

PARTITION_RANGE_START = "dagster/asset_partition_range_start"
PARTITION_RANGE_END = "dagster/asset_partition_range_end"
# How each partitioned dataset's loads are asked for: its job, its partitions, the key after a key.
PARTITIONED = {"spend": (ingest_spend, councils, None),
               "outcomes": (ingest_outcomes, partnerships, next_quarter)}


def request_receiving(context: dg.SensorEvaluationContext, inbox: str, dropped: list[Dropped],
                      notes: list[str], nothing: str) -> dg.SensorResult:
    """Ask for one `receive_dropped` run with the settled files not asked for before. The cursor
    keeps the files asked for that are still in the inbox (by path, size and time of change), so
    a file is asked for once, and again only if it is dropped again or changed."""
    asked = set(json.loads(context.cursor or "[]"))
    waiting: dict[str, Dropped] = {}
    for d in dropped:
        if not _is_text(d.path):
            note = f"{d.path.parent}: a file whose name is not text cannot be received; rename it"
            context.log.warning(note)
            notes = [*notes, note]
            continue
        key = _identity(d)
        if key is not None:  # None: gone since it was listed (received by a run just now)
            waiting[key] = d
    new = {key: d for key, d in waiting.items() if key not in asked}
    cursor = json.dumps(sorted(waiting))
    if not new:
        pending = len(waiting)
        said = notes or [f"{pending} file(s) waiting to be received" if pending else nothing]
        return dg.SensorResult(skip_reason=dg.SkipReason("; ".join(said)), cursor=cursor)
    files = [{"dataset": d.dataset, "scope": d.scope, "path": str(d.path)} for d in new.values()]
    digest = hashlib.sha256("\n".join(sorted(new)).encode()).hexdigest()
    request = dg.RunRequest(
        run_key=f"receive:{inbox}:{digest[:16]}",
        run_config={"ops": {"receive_dropped_files": {"config": {"files": files}}}},
        tags={"socialvalue/inbox": inbox} | (
            {"socialvalue/file": files[0]["path"]} if len(files) == 1 else {}))
    return dg.SensorResult(run_requests=[request], cursor=cursor)


def _identity(dropped: Dropped) -> str | None:
    """The file as the cursor remembers it: path, size and time of change (a link by itself, not
    its target: it is refused unread); None for a file no longer there."""
    try:
        stat = dropped.path.lstat()
    except OSError:
        return None
    return f"{dropped.path}|{stat.st_size}|{stat.st_mtime_ns}"


def _is_text(path) -> bool:
    """Whether a path is text a run's configuration can hold (a name in no encoding is not)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dg.sensor(job=receive_dropped, minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Notices spend files dropped into inbox/spend/<council>/ and asks for a "
                       "receive_dropped run for them; load_received then loads each for the "
                       "council-months it reports on. Refused files go to refused/ with a report.")
def spend_inbox(context: dg.SensorEvaluationContext):
    dropped, notes = waiting_spend()
    for note in notes:
        context.log.warning(note)
    return request_receiving(context, "spend", dropped, notes, "no new spend files in the inbox")


@dg.sensor(job=receive_dropped, minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Notices outcome returns dropped into inbox/outcomes/ (or "
                       "inbox/outcomes/<partnership>/) and asks for a receive_dropped run for "
                       "them; load_received then loads each for the partnership-quarters it "
                       "reports on. Refused files go to refused/ with a report.")
def outcomes_inbox(context: dg.SensorEvaluationContext):
    return request_receiving(context, "outcomes", waiting_outcomes(), [],
                             "no new outcome returns in the inbox")


@dg.sensor(job=receive_dropped, minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Notices registers, catalogues, price indexes, imperative evidence, "
                       "self-assessments and 360Giving grants dropped into their inbox folders "
                       "(inbox/partners/, inbox/catalogue/ ...) and asks for a receive_dropped "
                       "run for them; load_received then loads each dataset. Refused files go "
                       "to refused/.")
def reference_inbox(context: dg.SensorEvaluationContext):
    return request_receiving(context, "reference", waiting_reference(), [],
                             "no new reference files in the inbox")


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, monitored_jobs=[receive_dropped],
                      request_jobs=[ingest_spend, ingest_outcomes, ingest_reference],
                      default_status=dg.DefaultSensorStatus.RUNNING,
                      description="After each receive_dropped run, loads what it received: a "
                                  "spend file's council-months, a return's partnership-quarters, "
                                  "one run per reference dataset.")
def load_received(context: dg.RunStatusSensorContext):
    received, refused = received_in_run(context.instance, context.dagster_run.run_id)
    requests = load_requests(received)
    if requests:
        return requests
    said = [f"{r['file']} refused: {r['message']}" for r in refused]
    return dg.SkipReason("; ".join(said) or "the run received no new file")


def load_requests(received: list[LandedFile]) -> list[dg.RunRequest]:
    """The loads of what a run received: a run per partitioned file and unbroken range of the
    periods it reports on, and one per reference dataset."""
    requests, digests = [], {}
    for landed in received:
        if landed.dataset in PARTITIONED:
            requests += partition_requests(landed, *PARTITIONED[landed.dataset])
        else:
            digests.setdefault(landed.dataset, []).append(landed.sha256)
    # One run per reference dataset: its asset loads the newest file of every scope at once.
    return requests + [
        dg.RunRequest(run_key=f"{dataset}:{':'.join(sorted(hashes))}",
                      job_name=ingest_reference.name,
                      asset_selection=[dg.AssetKey(list(REFERENCE[dataset].asset_key))],
                      tags={"socialvalue/dataset": dataset})
        for dataset, hashes in digests.items()]


def partition_requests(landed: LandedFile, job, partitions: dg.DynamicPartitionsDefinition,
                       following) -> list[dg.RunRequest]:
    """A run per unbroken range of the periods a received file reports on."""
    return [dg.RunRequest(
        # One run per file and periods: the same bytes dropped again are not rerun.
        run_key=f"{landed.dataset}:{landed.scope}:{landed.sha256}:{first}",
        job_name=job.name,
        tags={PARTITION_RANGE_START: f"{landed.scope}|{first}",
              PARTITION_RANGE_END: f"{landed.scope}|{last}",
              # The run queue runs one load per council (partnership) at a time.
              f"socialvalue/{partitions.name}": landed.scope,
              "socialvalue/file": landed.original_path})
        for first, last in contiguous(landed.periods, following)]


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


sensors = [spend_inbox, outcomes_inbox, reference_inbox, load_received, load_collected_spend,
           publish_after_load]
