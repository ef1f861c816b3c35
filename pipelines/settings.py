"""Where things live: raw folder, analysts' warehouse file, working file, Dagster home (env-overridable)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path      # the analysts' file (a published copy)
    work_db: Path        # the pipeline's private working file
    workers: int

    @property
    def output_dir(self) -> Path:
        return self.warehouse.parent


def _path(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default


def load_settings() -> Settings:
    warehouse = _path("HEALTH_WAREHOUSE", PROJECT_ROOT / "warehouse" / "health.duckdb")
    work_db = _path("HEALTH_WORK_DB", warehouse.parent / ".staging" / f"{warehouse.stem}.work.duckdb")
    return Settings(
        raw_dir=_path("HEALTH_RAW_DIR", PROJECT_ROOT / "raw"),
        warehouse=warehouse,
        work_db=work_db,
        workers=max(1, int(os.environ.get("HEALTH_WORKERS", os.cpu_count() or 1))),
    )


# Reports are 3–9k characters; a file far past that is a mis-scrape or an attack, recorded and skipped.
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024


def max_file_bytes() -> int:
    """Largest raw file the ingestion reads (HEALTH_MAX_FILE_BYTES); larger ones are recorded as failed."""
    return int(os.environ.get("HEALTH_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES))


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME as set, else the project's persistent .dagster_home, seeded with the project's dagster.yaml."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home").expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text((PROJECT_ROOT / "dagster.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
