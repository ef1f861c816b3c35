"""The refresh job (everything, incremental) and the nightly full-rebuild schedule."""
from __future__ import annotations

import dagster as dg

REFRESH_JOB = "refresh_job"
INCREMENTAL_OPS = ("ingested_reports", "extracted_facts")

refresh_job = dg.define_asset_job(
    REFRESH_JOB,
    selection=dg.AssetSelection.all(),
    # one process: DuckDB takes a single writer, and the parallel work happens inside the assets' worker pools
    executor_def=dg.in_process_executor,
    description="Bring the warehouse up to date with the raw folder (only new or changed reports are reprocessed) "
    "and publish the analysts' copy.",
)


def full_rebuild_run_config() -> dict:
    return {"ops": {op: {"config": {"full_rebuild": True}} for op in INCREMENTAL_OPS}}


nightly_rebuild = dg.ScheduleDefinition(
    name="nightly_rebuild",
    job=refresh_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    run_config=full_rebuild_run_config(),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Reprocess every report from scratch at 02:00 Beijing time.",
)
