"""Operations of the shared deployment (deploy/README.md): the shared warehouse's maintenance
and the Celery workers' health, as a Dagster job the UI shows and a schedule runs nightly.
Defined only in the shared mode: the embedded warehouse needs neither."""

import os

import dagster as dg

from pipelines.resources import Warehouse


def celery_workers(broker: str, timeout: float = 3.0) -> dict[str, str]:
    """{worker name: its answer} of every Celery worker answering a ping within `timeout`."""
    from dagster_celery.make_app import make_app

    app = make_app({"broker": broker, "backend": broker})
    try:
        replies = app.control.ping(timeout=timeout) or []
    finally:
        app.close()
    return {name: str(answer.get("ok", answer)) for reply in replies
            for name, answer in reply.items()}


@dg.op(description="Which Celery workers answer: a worker missing here takes no steps.")
def worker_health(context: dg.OpExecutionContext) -> None:
    broker = os.environ.get("SOCIALVALUE_REDIS_URL")
    if not broker:
        context.log.info("steps run in each run's own process (SOCIALVALUE_REDIS_URL unset)")
        return
    workers = celery_workers(broker)
    context.add_output_metadata({"workers answering": len(workers),
                                 "workers": dg.MetadataValue.json(workers)})
    if not workers:
        raise dg.Failure("no Celery worker answered: steps sent to the queue will wait; start "
                         "one (deploy/README.md)")


class MaintenanceConfig(dg.Config):
    """keep_hours: snapshots younger than this are kept (time travel, readers mid-query)."""

    keep_hours: float = 24.0


@dg.op(description="Remove lines no current version names (a dead worker's), rewrite each "
                   "council's small files as one, expire snapshots older than a day.")
def maintain_shared_warehouse(context: dg.OpExecutionContext, config: MaintenanceConfig,
                              warehouse: Warehouse) -> None:
    from warehouse.lake import Lake

    done = Lake.from_environment(warehouse.paths().home).maintain(config.keep_hours)
    context.add_output_metadata(done)


@dg.job(description="The shared deployment's upkeep: Celery workers' health and the shared "
                    "warehouse's compaction and snapshot expiry.")
def maintain_shared_deployment():
    worker_health()
    maintain_shared_warehouse()


# At night, when no council's analysts are loading.
nightly_maintenance = dg.ScheduleDefinition(
    name="nightly_shared_maintenance", job=maintain_shared_deployment,
    cron_schedule="30 2 * * *", execution_timezone="Europe/London",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Each night: compact the shared warehouse and check the Celery workers.")
