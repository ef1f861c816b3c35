"""Shared fixtures: the sample reports, and a way to run the real Dagster job against a temporary warehouse."""
from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLES = PROJECT_ROOT / "raw"
SAMPLE_IDS = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def run_pipeline(raw_dir: Path, work_db: Path, published_db: Path, *, full_rebuild: bool = False,
                 instance: dg.DagsterInstance | None = None):
    """Execute the project's jobs as `python -m pipelines run` does: refresh_job, then quality_job.

    Returns (refresh result, quality result or None when the refresh failed).
    """
    from pipelines.defs.automation.jobs import QUALITY_JOB, REFRESH_JOB, full_rebuild_run_config
    from pipelines.defs.resources import Warehouse
    from pipelines.definitions import defs

    warehouse = Warehouse(raw_dir=str(raw_dir), work_db=str(work_db), published_db=str(published_db), workers=1)
    project = defs()
    definitions = dg.Definitions(assets=project.assets, asset_checks=project.asset_checks, jobs=project.jobs,
                                 resources={"warehouse": warehouse})
    instance = instance or dg.DagsterInstance.ephemeral()
    refresh = definitions.resolve_job_def(REFRESH_JOB).execute_in_process(
        instance=instance,
        run_config=full_rebuild_run_config() if full_rebuild else None,
        raise_on_error=False,
    )
    if not refresh.success:
        return refresh, None
    quality = definitions.resolve_job_def(QUALITY_JOB).execute_in_process(instance=instance, raise_on_error=False)
    return refresh, quality


def run_refresh(raw_dir: Path, work_db: Path, published_db: Path, **kwargs) -> dg.ExecuteInProcessResult:
    """Both jobs; the refresh run's result (with its asset checks), or the quality run's when that one failed."""
    refresh, quality = run_pipeline(raw_dir, work_db, published_db, **kwargs)
    return quality if quality is not None and not quality.success else refresh


@pytest.fixture
def sample_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    return raw
