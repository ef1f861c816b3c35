"""Loads SQL kept as files under the project's sql/ folder, by name."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SQL_ROOT = Path(__file__).resolve().parents[2] / "sql"


@lru_cache(maxsize=None)
def sql_file(name: str) -> str:
    """Text of sql/<name>.sql, e.g. sql_file("marts/target_vs_outcome")."""
    path = SQL_ROOT / f"{name}.sql"
    return path.read_text(encoding="utf-8")


def ddl_files() -> list[Path]:
    return sorted((SQL_ROOT / "ddl").glob("*.sql"))


def view_files() -> list[Path]:
    return sorted((SQL_ROOT / "views").glob("*.sql"))
