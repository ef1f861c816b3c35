"""Whether a quality output already reflects the published warehouse (so a rerun on the same input writes nothing)."""
from __future__ import annotations

from pathlib import Path

import duckdb

MARKER = ".built_from_generation"


def published_generation(published_db: Path | str) -> int:
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        rows = con.execute("SELECT value FROM pipeline_state WHERE key = 'generation'").fetchall()
    finally:
        con.close()
    return int(rows[0][0]) if rows else 0


def is_current(out_dir: Path, generation: int) -> bool:
    marker = out_dir / MARKER
    return marker.exists() and marker.read_text(encoding="utf-8").strip() == str(generation)


def mark_built(out_dir: Path, generation: int) -> None:
    (out_dir / MARKER).write_text(f"{generation}\n", encoding="utf-8")
