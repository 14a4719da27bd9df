"""Receiving files dropped into the inbox: the op the `receive_dropped` job runs.

The drop-folder sensors only list the files that have settled and ask for this run with their
paths; the receiving happens here, in a run whose log says what became of each file: archived in
the landing area and moved to `processed/`, or refused (recorded in `meta.loads`, moved to
`refused/<dataset>/<scope>/` with its report). Each file is received alone
(`pipelines.intake.drop_folders.receive_dropped`), so one bad file never stops the others.
What the run received is its output's metadata (`received`), from which the `load_received`
sensor asks for the loads: a spend file's council-months, a return's partnership-quarters, one run
per reference dataset.
"""

from pathlib import Path

import dagster as dg
from pydantic import Field

from pipelines.intake.drop_folders import Dropped, receive_dropped
from pipelines.partitions import councils, partnerships
from sources.landing import LandedFile

# The dynamic partition each partitioned dataset's scope is registered as.
PARTITIONS = {"spend": councils, "outcomes": partnerships}
# What the metadata keeps of a landed file: enough to ask for its loads (not what was detected).
LANDED_FIELDS = ("dataset", "scope", "sha256", "path", "original_path", "landed_at", "periods",
                 "period_label")


class DroppedFile(dg.Config):
    """A file a sensor found settled in a drop folder: its dataset, the scope its folder names
    (a council, a partnership; none for a folder that takes any) and its path."""

    dataset: str
    scope: str | None = None
    path: str


class ReceiveConfig(dg.Config):
    files: list[DroppedFile] = Field(default_factory=list)


@dg.op(description="Receive the files a drop-folder sensor found: archive each in the landing "
                   "area and move it to processed/, or refuse it with its reason (moved to "
                   "refused/ with a report).")
def receive_dropped_files(context: dg.OpExecutionContext, config: ReceiveConfig) -> dg.Output:
    received: list[LandedFile] = []
    refused: list[dict] = []
    for item in config.files:
        dropped = Dropped(item.dataset, item.scope, Path(item.path))
        if not (dropped.path.is_file() or dropped.path.is_symlink()):
            context.log.info(f"{dropped.path}: no longer in the inbox (received by an earlier "
                             "run, or taken out); nothing to do")
            continue
        result = receive_dropped(dropped)
        if result.refusal:
            message = result.refusal.get("message")
            context.log.warning(f"{dropped.path.name} refused: {message}")
            refused.append({"file": dropped.path.name, "dataset": dropped.dataset,
                            "scope": dropped.scope, "message": message})
        else:
            landed = result.landed
            context.log.info(f"{dropped.path.name}: received as {landed.dataset} "
                             f"{landed.scope}, for {', '.join(landed.periods)}")
            received.append(landed)
    _register_partitions(context.instance, received)
    return dg.Output(None, metadata={
        "files_received": len(received),
        "files_refused": len(refused),
        "received": dg.MetadataValue.json([_as_metadata(f) for f in received]),
        "refused": dg.MetadataValue.json(refused),
    })


def received_in_run(instance: dg.DagsterInstance, run_id: str) -> tuple[list[LandedFile],
                                                                       list[dict]]:
    """The files a `receive_dropped` run received, as landed, and those it refused."""
    received, refused = [], []
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_OUTPUT):
        metadata = entry.dagster_event.event_specific_data.metadata
        if "received" in metadata:
            received += [LandedFile(**f) for f in metadata["received"].data]
            refused += metadata["refused"].data
    return received, refused


def _register_partitions(instance: dg.DagsterInstance, received: list[LandedFile]) -> None:
    """Councils and partnerships seen for the first time become partitions, so their loads can
    be asked for."""
    for dataset, partitions in PARTITIONS.items():
        scopes = sorted({f.scope for f in received if f.dataset == dataset})
        new = [s for s in scopes if not instance.has_dynamic_partition(partitions.name, s)]
        if new:
            instance.add_dynamic_partitions(partitions.name, new)


def _as_metadata(landed: LandedFile) -> dict:
    return {key: getattr(landed, key) for key in LANDED_FIELDS}
