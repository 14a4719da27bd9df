"""Collecting spend files from councils' portals: the op the `collect_spend` job runs.

The collection itself (what to ask each portal, what to receive or refuse) is
`pipelines.intake.collect`; this wrapper runs it for the councils configured, registers the councils
it received files for as partitions, and reports what happened as the run's metadata. Loading
what it received is the `load_collected_spend` sensor's, one `ingest_spend` run per file.
"""

import dagster as dg
from pydantic import Field

from pipelines.intake.collect import collect_spend
from pipelines.partitions import councils


class CollectConfig(dg.Config):
    """councils: the slugs to collect for; empty means every council whose profile has a
    `source:`."""

    councils: list[str] = Field(default_factory=list)


@dg.op(description="Fetch what is new on each council's portal (its profile's `source:`) and "
                   "receive it like a dropped file; refuse what is not a spend file, with the "
                   "reason.")
def collect_spend_files(context: dg.OpExecutionContext, config: CollectConfig) -> dg.Output:
    collections = collect_spend(config.councils or None, run_id=context.run_id)
    received = sorted({c.council for c in collections if c.landed})
    new = [c for c in received if not context.instance.has_dynamic_partition(councils.name, c)]
    if new:
        context.instance.add_dynamic_partitions(councils.name, new)
    lines = ["| council | files received | unchanged | not published yet | refused | requests |",
             "|---|---:|---:|---:|---:|---:|"]
    for c in collections:
        lines.append(f"| {c.council} | {len(c.landed)} | {c.count('unchanged')} | "
                     f"{c.count('not_published')} | {len(c.refused)} | {c.requests} |")
        for f in c.refused:
            context.log.warning(f"{c.council}: {f.message}")
        for landed in c.landed:
            context.log.info(f"{c.council}: received {landed.file.name} from {landed.url} "
                             f"for {', '.join(landed.periods)}")
    return dg.Output(None, metadata={
        "councils": len(collections),
        "files_received": sum(len(c.landed) for c in collections),
        "files_refused": sum(len(c.refused) for c in collections),
        "requests": sum(c.requests for c in collections),
        "collection": dg.MetadataValue.md("\n".join(lines)),
    })
