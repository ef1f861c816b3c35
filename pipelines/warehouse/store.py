"""Writes to the working DuckDB file and publishes the analysts' copy atomically.

The pipeline owns a private working file; analysts read a published copy that
is replaced with os.replace, so a reader holding the old file keeps a
consistent snapshot and never blocks a refresh (DuckDB allows one writer).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import polars as pl

from pipelines.warehouse.sql import ddl_files, view_files

STATE_GENERATION = "generation"
STATE_PUBLISHED = "published_generation"
STATE_MARTS = "marts_generation"
STATE_SCHEMA = "schema_fingerprint"


# DuckDB's buffer pool defaults to 80% of RAM; a full rebuild must stay under 3 GB over the process tree (this
# process beside two extraction workers), so large joins spill instead. At 2GB the 100k rebuild peaked at 3.54 GB.
DEFAULT_MEMORY_LIMIT = "1250MB"


# A step that runs with no extraction worker beside it (the whole rebuild of the marts) may use more: at the 1250MB
# limit the 100k marts rebuild ran out of memory in one rebuild of three; at 2GB the largest process stayed at 2.8 GB.
SOLO_MEMORY_LIMIT = "2GB"


def use_solo_memory_limit(con: duckdb.DuckDBPyConnection) -> None:
    """Raise this connection's database to SOLO_MEMORY_LIMIT, unless HEALTH_DUCKDB_MEMORY_LIMIT sets the limit."""
    if not os.environ.get("HEALTH_DUCKDB_MEMORY_LIMIT"):
        con.execute("SET memory_limit = '" + SOLO_MEMORY_LIMIT + "'")


def duckdb_config(path: Path, *, read_only: bool) -> dict[str, str]:
    """memory_limit (HEALTH_DUCKDB_MEMORY_LIMIT, default 1250MB) and, for the writer, a spill folder beside its file."""
    config = {"memory_limit": os.environ.get("HEALTH_DUCKDB_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT}
    if not read_only:  # the working file lives in the staging folder; readers of the analysts' copy keep the default
        config["temp_directory"] = str(spill_directory(path))
    return config


def spill_directory(path: Path) -> Path:
    return path.parent / f"{path.stem}.spill"


@contextlib.contextmanager
def connect(path: Path | str, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only, config=duckdb_config(path, read_only=read_only))
    con.execute("SET enable_progress_bar = false")  # progress bars would flood the run logs
    try:
        yield con
    finally:
        con.close()


def apply_ddl(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table (idempotent: CREATE … IF NOT EXISTS), then (re)create the views.

    Skipped when the file already holds the schema of these very DDL and view files (their fingerprint is kept in
    pipeline_state): every step of a run connects, and re-running ≈ 400 statements of DDL and comments cost
    ≈ 0.2 s a connection (2 s of a one-report refresh at 100k reports)."""
    con.execute("CREATE TABLE IF NOT EXISTS pipeline_state (key VARCHAR NOT NULL, value BIGINT NOT NULL)")
    texts = [path.read_text(encoding="utf-8") for path in (*ddl_files(), *view_files())]
    fingerprint = schema_fingerprint(texts)
    if get_state(con, STATE_SCHEMA) == fingerprint:
        return
    for text in texts:
        con.execute(text)
    set_state(con, STATE_SCHEMA, fingerprint)


def schema_fingerprint(texts: Iterable[str]) -> int:
    """The DDL and view files' text as a positive BIGINT (pipeline_state holds integers)."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return int(digest.hexdigest()[:15], 16)


def get_state(con: duckdb.DuckDBPyConnection, key: str) -> int:
    # fetchall, not fetchone: duckdb 2.0 refuses further work while a result is unfinished
    rows = con.execute("SELECT value FROM pipeline_state WHERE key = ?", [key]).fetchall()
    return int(rows[0][0]) if rows else 0


def set_state(con: duckdb.DuckDBPyConnection, key: str, value: int) -> None:
    con.execute("DELETE FROM pipeline_state WHERE key = ?", [key])
    con.execute("INSERT INTO pipeline_state (key, value) VALUES (?, ?)", [key, value])


def bump_generation(con: duckdb.DuckDBPyConnection) -> int:
    """Mark the working file as changed since the last publish."""
    generation = get_state(con, STATE_GENERATION) + 1
    set_state(con, STATE_GENERATION, generation)
    return generation


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: pl.DataFrame,
    *,
    key: str = "doc_id",
    keys: Iterable[str] | None = None,
) -> int:
    """Delete the rows whose `key` is in `keys` (default: the frame's keys), then insert the frame by name.

    Runs inside the caller's transaction; the table name is a module constant
    of the caller, never a value from data.
    """
    _check_table(table)
    if key not in _KEY_COLUMNS:
        raise ValueError(f"unknown key column {key!r}")
    key_values = sorted(set(keys if keys is not None else frame.get_column(key).to_list()))
    if key_values:
        # the range is implied by the list, but lets DuckDB skip row groups by their min/max without reading them
        con.execute(
            f"DELETE FROM {table} WHERE {key} BETWEEN ? AND ? AND {key} IN (SELECT unnest(?::VARCHAR[]))",
            [key_values[0], key_values[-1], key_values],
        )
    return _insert_by_name(con, table, frame)


def replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Replace a whole small table's content by name (catalogue, mapping)."""
    _check_table(table)
    con.execute(f"DELETE FROM {table}")
    return _insert_by_name(con, table, frame)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Insert a frame by name (the caller has deleted what it replaces, inside its transaction)."""
    _check_table(table)
    return _insert_by_name(con, table, frame)


def _check_table(table: str) -> None:
    """Table names reach SQL as text, so only the warehouse's own names are accepted."""
    if table not in _KNOWN_TABLES:
        raise ValueError(f"unknown table {table!r}")


def _insert_by_name(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    if frame.height:
        con.register("incoming_rows", frame.to_arrow())
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
        finally:
            con.unregister("incoming_rows")
    return frame.height


def publish(work_path: Path, published_path: Path, *, force: bool = False) -> bool:
    """Copy the working file to the analysts' path atomically when it changed since the last publish.

    Returns True when a new copy was published.
    """
    with connect(work_path) as con:
        generation = get_state(con, STATE_GENERATION)
        if not force and published_path.exists() and get_state(con, STATE_PUBLISHED) == generation:
            return False
        con.execute("CHECKPOINT")
    published_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(published_path)
    # the pid in the name tells a later publish whether the writer of a leftover temp file is still alive
    fd, tmp_name = tempfile.mkstemp(prefix=f".{published_path.name}.{os.getpid()}.", suffix=".tmp",
                                    dir=published_path.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(work_path, "rb") as src:
            _copy_file(src, out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp makes it private; the analysts' file is for every reader
        os.replace(tmp_name, published_path)
        _fsync_dir(published_path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    with connect(work_path) as con:
        set_state(con, STATE_PUBLISHED, generation)
    return True


def remove_stale_temp_files(published_path: Path) -> list[Path]:
    """Delete half-written copies left by a publish that was killed (its process is gone)."""
    removed = []
    for tmp in published_path.parent.glob(f".{glob_escape(published_path.name)}.*.tmp"):
        pid = tmp.name[len(published_path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
            continue
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _copy_file(src, out) -> None:
    """Copy in the kernel where possible (copy_file_range: no round trip through Python buffers)."""
    size = os.fstat(src.fileno()).st_size
    if hasattr(os, "copy_file_range"):
        copied = 0
        try:
            while copied < size:
                n = os.copy_file_range(src.fileno(), out.fileno(), size - copied)
                if n == 0:
                    break
                copied += n
            if copied == size:
                return
        except OSError:
            pass
        src.seek(0)
        out.seek(0)
        out.truncate()
    shutil.copyfileobj(src, out, length=16 * 1024 * 1024)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_KNOWN_TABLES = frozenset(
    {
        "reports",
        "report_texts",
        "sections",
        "sentences",
        "ingest_errors",
        "report_status",
        "extracted_facts",
        "unset_targets",
        "indicator_mapping",
        "indicator_catalogue",
        "report_regions",
        "target_vs_outcome",
        "target_progress",
        "extraction_log",
        "statistical_outcomes",
    }
)


_KEY_COLUMNS = frozenset({"doc_id", "source_file"})


# Columns that record when or by which run a row was written, not what it says.
VOLATILE_COLUMNS = frozenset({"ingested_at", "detected_at", "updated_at", "extracted_at", "run_id"})


def _content_columns(con: duckdb.DuckDBPyConnection, include_volatile: bool) -> Iterator[tuple[str, str]]:
    """(table, quoted column list) of every warehouse table, the columns that say what a row holds."""
    for table in sorted(_KNOWN_TABLES):
        columns = [c for c in table_columns(con, table) if include_volatile or c not in VOLATILE_COLUMNS]
        if columns:
            yield table, ", ".join(f'"{c}"' for c in columns)


def table_digests(con: duckdb.DuckDBPyConnection, *, include_volatile: bool = False) -> dict[str, str]:
    """A content digest per warehouse table (order-independent), to compare two warehouses."""
    digests = {}
    for table, column_list in _content_columns(con, include_volatile):
        rows = con.execute(
            f"SELECT md5(coalesce(string_agg(row_text, '\n' ORDER BY row_text), '')) "  # noqa: S608 - constant names
            f"FROM (SELECT CAST(ROW({column_list}) AS VARCHAR) AS row_text FROM {table})"
        ).fetchall()
        digests[table] = rows[0][0]
    return digests


def table_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """An order-independent checksum per table: its row count and the sum of a 64-bit hash of every row (volatile
    columns left out). table_digests sorts and concatenates every row, which at 100k reports (4.9M facts with their
    sentences) takes minutes and more memory than the default limit; this reads each table once."""
    sums = {}
    for table, column_list in _content_columns(con, False):
        row = con.execute(f"SELECT count(*), coalesce(sum(hash(ROW({column_list})))::HUGEINT, 0) "  # noqa: S608
                          f"FROM {table}").fetchall()[0]
        sums[table] = f"{row[0]}:{row[1]}"
    return sums
