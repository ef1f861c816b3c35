"""Jobs: the refresh (everything up to the analysts' file, incremental) and the quality outputs; their schedule."""
from __future__ import annotations

import dagster as dg

REFRESH_JOB = "refresh_job"
QUALITY_JOB = "quality_job"
QUALITY_GROUP = "quality"
INCREMENTAL_OPS = ("ingested_reports", "extracted_facts")
# dagster.yaml limits runs tagged as writers to one at a time; readers of the published file may overlap them
ROLE_TAG = "health/role"

refresh_job = dg.define_asset_job(
    REFRESH_JOB,
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups(QUALITY_GROUP),
    # one process: DuckDB takes a single writer, and the parallel work happens inside the assets' worker pools
    executor_def=dg.in_process_executor,
    tags={ROLE_TAG: "writer"},
    description="Bring the warehouse up to date with the raw folder (only new or changed reports are reprocessed) "
    "and publish the analysts' copy.",
)

quality_job = dg.define_asset_job(
    QUALITY_JOB,
    selection=dg.AssetSelection.groups(QUALITY_GROUP),
    executor_def=dg.in_process_executor,
    tags={ROLE_TAG: "reader"},
    description="Great Expectations Data Docs and the attainment report over the analysts' file. Kept out of the "
    "refresh so that a new report reaches analysts without waiting for them; skipped when the file is unchanged.",
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
