"""Quality output folders: whether one already reflects the published warehouse, and swapping a rebuilt one in."""
from __future__ import annotations

import shutil
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


def replace_folder(staging: Path, out_dir: Path, owner_marker: str) -> None:
    """Swap the freshly built folder in; remove the previous one only if it carries this builder's marker."""
    if out_dir.exists():
        if not (out_dir / owner_marker).exists():
            raise FileExistsError(f"{out_dir} exists and was not built by pipelines.quality; move it away first")
        old = out_dir.with_name(f".{out_dir.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out_dir.rename(old)
        staging.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out_dir)
