"""The warehouse layer: idempotent writes by column name, state, atomic publish with a reader holding the old copy."""
from __future__ import annotations

import duckdb
import polars as pl
import pytest

from pipelines.warehouse import store
from pipelines.warehouse.inventory import plan_refresh, scan_raw_folder


def _status_frame(rows):
    return pl.DataFrame(rows, schema={"source_file": pl.String, "doc_id": pl.String, "status": pl.String,
                                      "updated_at": pl.Datetime("us")})


def test_replace_rows_is_by_name_and_idempotent(tmp_path):
    db = tmp_path / "w.duckdb"
    with store.connect(db) as con:
        store.apply_ddl(con)
        # columns deliberately in a different order from the table
        frame = _status_frame([{"updated_at": None, "status": "ingested", "doc_id": "a", "source_file": "a.txt"}])
        frame = frame.select("status", "doc_id", "updated_at", "source_file")
        store.replace_rows(con, "report_status", frame, key="source_file")
        store.replace_rows(con, "report_status", frame, key="source_file")
        rows = con.execute("SELECT source_file, doc_id, status FROM report_status").fetchall()
    assert rows == [("a.txt", "a", "ingested")]


def test_replace_rows_refuses_unknown_table(tmp_path):
    with store.connect(tmp_path / "w.duckdb") as con:
        store.apply_ddl(con)
        with pytest.raises(ValueError, match="unknown table"):
            store.replace_rows(con, "reports; DROP TABLE reports", _status_frame([]))


def test_publish_only_when_changed_and_reader_keeps_snapshot(tmp_path):
    work, published = tmp_path / "work.duckdb", tmp_path / "out" / "health.duckdb"
    with store.connect(work) as con:
        store.apply_ddl(con)
        store.replace_rows(con, "report_status", _status_frame(
            [{"source_file": "a.txt", "doc_id": "a", "status": "ingested", "updated_at": None}]), key="source_file")
        store.bump_generation(con)
    assert store.publish(work, published) is True
    assert store.publish(work, published) is False  # nothing changed: the analysts' file is left alone

    reader = duckdb.connect(str(published), read_only=True)
    with store.connect(work) as con:
        store.replace_rows(con, "report_status", _status_frame(
            [{"source_file": "b.txt", "doc_id": "b", "status": "ingested", "updated_at": None}]), key="source_file")
        store.bump_generation(con)
    assert store.publish(work, published) is True
    # the open reader still sees its consistent snapshot; a new reader sees the new one
    assert reader.execute("SELECT count(*) FROM report_status").fetchall()[0][0] == 1
    reader.close()
    fresh = duckdb.connect(str(published), read_only=True)
    assert fresh.execute("SELECT count(*) FROM report_status").fetchall()[0][0] == 2
    fresh.close()
    assert not list(published.parent.glob("*.tmp"))


def test_publish_restores_a_deleted_analyst_file(tmp_path):
    work, published = tmp_path / "work.duckdb", tmp_path / "health.duckdb"
    with store.connect(work) as con:
        store.apply_ddl(con)
    assert store.publish(work, published)
    published.unlink()
    assert store.publish(work, published)
    assert published.exists()


@pytest.mark.parametrize(
    "known, expect_process, expect_removed",
    [
        ({}, ["a.txt", "b.txt"], []),                                   # first run: everything
        ({"a.txt": ("HASH_A", "v1"), "b.txt": ("HASH_B", "v1")}, [], []),  # unchanged
        ({"a.txt": ("HASH_A", "v0"), "b.txt": ("HASH_B", "v1")}, ["a.txt"], []),  # older code version
        ({"a.txt": ("stale", "v1"), "b.txt": ("HASH_B", "v1")}, ["a.txt"], []),   # changed content
        ({"a.txt": ("HASH_A", "v1"), "b.txt": ("HASH_B", "v1"), "gone.txt": ("x", "v1")}, [], ["gone"]),
    ],
)
def test_plan_refresh(tmp_path, known, expect_process, expect_removed):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    files = scan_raw_folder(tmp_path)
    hashes = {f.source_file: __import__("hashlib").sha256(f.path.read_bytes()).hexdigest() for f in files}
    known = {k: (hashes.get(k, h) if h.startswith("HASH") else h, v) for k, (h, v) in known.items()}
    plan = plan_refresh(files, known, "v1")
    assert [f.source_file for f in plan.to_process] == expect_process
    assert plan.removed_doc_ids == expect_removed


def test_plan_refresh_reports_duplicate_names(tmp_path):
    (tmp_path / "r1.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "r1.html").write_text("<p>乙</p>", encoding="utf-8")
    plan = plan_refresh(scan_raw_folder(tmp_path), {}, "v1")
    assert [f.source_file for f in plan.to_process] == ["r1.html"]
    assert [(d.source_file, first) for d, first in plan.duplicates] == [("r1.txt", "r1.html")]


def test_connect_caps_duckdb_memory_and_spills_beside_the_working_file(tmp_path, monkeypatch):
    monkeypatch.delenv("HEALTH_DUCKDB_MEMORY_LIMIT", raising=False)
    work = tmp_path / ".staging" / "health.work.duckdb"
    with store.connect(work) as con:
        limit, spill = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('temp_directory')").fetchall()[0]
    assert limit == "1.8 GiB"  # 2GB; DuckDB's own default is 80% of RAM
    assert spill == str(tmp_path / ".staging" / "health.work.spill")
    monkeypatch.setenv("HEALTH_DUCKDB_MEMORY_LIMIT", "500MB")
    with store.connect(work, read_only=True) as con:
        assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "476.8 MiB"
    assert sorted(p.name for p in work.parent.iterdir()) == ["health.work.duckdb"]  # no spill folder left behind


def test_validate_batches_keeps_each_group_in_one_chunk():
    """A group that straddles two Arrow batches is validated whole, so checks over a group still hold."""
    import pandera.polars as pa

    from pipelines.warehouse import schemas

    class OneLatestPerTarget(pa.DataFrameModel):
        target: str
        is_latest: bool

        @pa.dataframe_check
        def one_latest(cls, data: pa.PolarsData) -> pl.LazyFrame:
            return data.lazyframe.select(pl.col("is_latest").cast(pl.Int32).sum().over("target") == 1)

    rows = pl.DataFrame({"target": ["a", "a", "a", "b", "c", "c"],
                         "is_latest": [False, False, True, True, False, True]}).to_arrow()
    assert schemas.validate_batches(OneLatestPerTarget, rows.to_batches(max_chunksize=2), "t", group=["target"]) == 6
    twice = pl.DataFrame({"target": ["a", "a", "b"], "is_latest": [True, True, True]}).to_arrow()
    with pytest.raises(schemas.TableValidationError, match="t: "):
        schemas.validate_batches(OneLatestPerTarget, twice.to_batches(max_chunksize=1), "t", group=["target"])
