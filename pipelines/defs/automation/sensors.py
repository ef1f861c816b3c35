"""A sensor that launches a refresh when files in the raw folder are added, changed or removed.

A tick costs what changed: the raw folder's own modification time moves whenever a file is added, removed or
renamed into it (how reports arrive), so while it stands still a tick only stats the folder. The full listing
of (name, size, mtime) runs when it moves, and at least every FULL_LISTING_TICKS ticks, which catches a file
rewritten in place (that leaves the folder's time alone).
"""

import json
import os
from pathlib import Path

import dagster as dg

from pipelines.defs.automation.jobs import quality_job, refresh_job
from pipelines.defs.resources import Warehouse
from pipelines.warehouse.inventory import listing_fingerprint

SENSOR_INTERVAL_SECONDS = 15
FULL_LISTING_TICKS = 20  # 5 minutes: the longest an in-place rewrite of a file waits to be noticed


def _folder_time(raw_dir: Path) -> int | None:
    try:
        return os.stat(raw_dir).st_mtime_ns
    except FileNotFoundError:
        return None


@dg.sensor(
    job=refresh_job,
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse):
    """Request one refresh once the raw folder has changed and stayed unchanged for one tick (files fully written).

    The refresh itself reprocesses only the files whose content hash changed.
    """
    state = json.loads(context.cursor) if context.cursor else {}
    raw_dir = Path(warehouse.raw_dir)
    folder_time = _folder_time(raw_dir)
    quiet = state.get("quiet", 0)
    if (folder_time is not None and state.get("folder_time") == folder_time and quiet < FULL_LISTING_TICKS
            and state.get("requested") and state.get("requested") == state.get("seen")):
        context.update_cursor(json.dumps({**state, "quiet": quiet + 1}))
        return dg.SkipReason("raw folder unchanged (its modification time stands still)")
    state = {**state, "folder_time": folder_time, "quiet": 0}
    fingerprint, count = listing_fingerprint(raw_dir)
    stable = state.get("seen") == fingerprint
    if fingerprint == state.get("requested"):
        context.update_cursor(json.dumps({**state, "seen": fingerprint}))
        return dg.SkipReason(f"raw folder unchanged ({count} files)")
    if not stable:
        context.update_cursor(json.dumps({**state, "seen": fingerprint}))
        return dg.SkipReason(f"raw folder changed ({count} files); waiting one tick for writes to settle")
    context.update_cursor(json.dumps({**state, "seen": fingerprint, "requested": fingerprint}))
    return dg.RunRequest(run_key=f"raw-{fingerprint}", tags={"raw_files": str(count)})


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[refresh_job],
    request_job=quality_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def quality_after_refresh(context: dg.RunStatusSensorContext):
    """After every successful refresh, rebuild Data Docs and the report (they skip when nothing changed)."""
    return dg.RunRequest(run_key=f"quality-after-{context.dagster_run.run_id}")
