"""Loads the SQL files kept beside the quality modules (pipelines/quality/sql/*.sql), by name."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "sql"


@lru_cache(maxsize=None)
def quality_sql(name: str) -> str:
    """Text of pipelines/quality/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
