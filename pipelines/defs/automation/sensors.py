"""A sensor that launches a refresh when files in the raw folder are added, changed or removed."""

import json
from pathlib import Path

import dagster as dg

from pipelines.defs.automation.jobs import quality_job, refresh_job
from pipelines.defs.resources import Warehouse
from pipelines.warehouse.inventory import scan_raw_folder

SENSOR_INTERVAL_SECONDS = 15


def listing_fingerprint(raw_dir: Path) -> tuple[str, int]:
    """A digest of (name, size, mtime) of every raw file: cheap, and any add/change/removal changes it."""
    import hashlib

    digest = hashlib.sha256()
    files = scan_raw_folder(raw_dir) if raw_dir.is_dir() else []
    for raw in files:
        digest.update(f"{raw.source_file}\0{raw.byte_size}\0{raw.mtime_ns}\n".encode())
    return digest.hexdigest()[:20], len(files)


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
    fingerprint, count = listing_fingerprint(Path(warehouse.raw_dir))
    stable = state.get("seen") == fingerprint
    if fingerprint == state.get("requested"):
        return dg.SkipReason(f"raw folder unchanged ({count} files)")
    if not stable:
        context.update_cursor(json.dumps({**state, "seen": fingerprint}))
        return dg.SkipReason(f"raw folder changed ({count} files); waiting one tick for writes to settle")
    context.update_cursor(json.dumps({"seen": fingerprint, "requested": fingerprint}))
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
