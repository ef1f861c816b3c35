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
    assert limit == "1.1 GiB"  # 1250MB; DuckDB's own default is 80% of RAM
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


def test_scan_raw_folder_lists_regular_files_of_nested_folders_and_skips_hidden_ones(tmp_path):
    import os

    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    (tmp_path / "elsewhere").mkdir()
    for rel in ["b.txt", "a b 'q'.html", "报告 2024.txt", "noext", "sub/c.txt", "sub/deeper/d.htm",
                ".hidden.txt", ".cache/e.txt"]:
        (tmp_path / rel).write_bytes(b"x" * len(rel))
    os.symlink(tmp_path / "elsewhere", tmp_path / "linked_folder")   # a folder behind a symlink: not a report
    os.symlink(tmp_path / "b.txt", tmp_path / "sub" / "link.txt")      # a symlinked file is read through
    os.mkfifo(tmp_path / "pipe.txt")
    files = scan_raw_folder(tmp_path)
    assert [f.source_file for f in files] == [
        "a b 'q'.html", "b.txt", "noext", "sub/c.txt", "sub/deeper/d.htm", "sub/link.txt", "报告 2024.txt",
    ]
    by_name = {f.source_file: f for f in files}
    assert by_name["sub/deeper/d.htm"].doc_id == "d"
    assert by_name["sub/deeper/d.htm"].path == tmp_path / "sub" / "deeper" / "d.htm"
    assert by_name["sub/link.txt"].byte_size == len("b.txt")
    assert by_name["报告 2024.txt"].mtime_ns == (tmp_path / "报告 2024.txt").stat().st_mtime_ns
    assert scan_raw_folder(tmp_path / "missing") == []


def test_plan_hashes_only_the_files_whose_content_decides_anything(tmp_path, monkeypatch):
    from pipelines.warehouse import inventory

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    hashed: list[str] = []
    real = inventory.file_sha256
    monkeypatch.setattr(inventory, "file_sha256", lambda path: hashed.append(path.name) or real(path))
    files = scan_raw_folder(tmp_path)

    first = plan_refresh(files, {}, "v1")                    # nothing known: every file is processed
    assert [f.source_file for f in first.to_process] == ["a.txt", "b.txt", "c.txt"] and hashed == []

    known = {"a.txt": (real(tmp_path / "a.txt"), "v1"), "gone.txt": ("x", "v1")}
    rebuild = plan_refresh(files, known, "v1", full_rebuild=True)
    assert len(rebuild.to_process) == 3 and hashed == [] and rebuild.removed_files == ["gone.txt"]

    incremental = plan_refresh(files, known, "v1")           # only a.txt can turn out unchanged
    assert hashed == ["a.txt"]
    assert [f.source_file for f in incremental.to_process] == ["b.txt", "c.txt"] and incremental.unchanged == 1
    assert incremental.removed_files == ["gone.txt"] and incremental.removed_doc_ids == ["gone"]


def test_refresh_keeps_the_workers_hashes_so_an_unchanged_file_is_not_read_again(tmp_path, monkeypatch):
    import hashlib
    import os

    from pipelines.refresh import ingestion as ingestion_run
    from pipelines.warehouse import inventory, store

    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in (("r1.txt", "2024年工作总结\n签约率达到31.57%。\n"), ("r2.txt", "2025年工作要点\n力争签约率25%以上。\n")):
        (raw / name).write_text(text, encoding="utf-8")
    hashed: list[str] = []
    real = inventory.file_sha256
    monkeypatch.setattr(inventory, "file_sha256", lambda path: hashed.append(path.name) or real(path))
    with store.connect(tmp_path / "w.duckdb") as con:
        store.apply_ddl(con)
        first = ingestion_run.refresh_ingestion(con, raw, workers=1, run_id=None)
        assert first.processed == 2 and hashed == []
        stats = con.execute("SELECT source_file, content_hash FROM raw_file_stats ORDER BY 1").fetchall()
        assert stats == [(n, hashlib.sha256((raw / n).read_bytes()).hexdigest()) for n in ("r1.txt", "r2.txt")]

        second = ingestion_run.refresh_ingestion(con, raw, workers=1, run_id=None)
        assert second.processed == 0 and second.unchanged == 2 and hashed == []

        (raw / "r2.txt").write_text("2025年工作要点\n力争签约率30%以上。\n", encoding="utf-8")
        os.utime(raw / "r2.txt", ns=(1, 1))  # a new mtime, whatever the clock's resolution
        third = ingestion_run.refresh_ingestion(con, raw, workers=1, run_id=None)
        assert hashed == ["r2.txt"] and third.processed == 1 and third.unchanged == 1


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_listing_plan_in_duckdb_equals_plan_refresh_over_every_file(tmp_path):
    """refresh/listing.py lets only the files the warehouse does not hold as they are reach plan_refresh; the merged
    plan and the file-stat cache it leaves must be those of plan_refresh over the whole listing."""
    import os

    from pipelines.refresh import writer
    from pipelines.refresh.ingestion import file_stats, known_files
    from pipelines.refresh.listing import listing_state, merge_plan

    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    contents = {
        "settled.txt": b"a", "sub/settled2.txt": b"b",   # cached, known, current version
        "touched.txt": b"c",                              # same bytes, new mtime: hashed again, still unchanged
        "edited.txt": b"d2",                              # new bytes
        "new.txt": b"e",                                  # never seen
        "oldversion.txt": b"f",                           # known under an older ingest version
        "dup.txt": b"g", "dup.html": b"h",                # one doc_id, two files (dup.html recorded as duplicate)
        "failed.txt": b"i",                               # a recorded failure, unchanged
        "both.txt": b"j",                                 # in reports and ingest_errors alike
    }
    for name, data in contents.items():
        (raw / name).write_bytes(data)
    files = scan_raw_folder(raw)
    by_name = {f.source_file: f for f in files}
    version = "v2"
    reports = {"settled.txt": (_sha(b"a"), version), "sub/settled2.txt": (_sha(b"b"), version),
               "touched.txt": (_sha(b"c"), version), "edited.txt": (_sha(b"d1"), version),
               "oldversion.txt": (_sha(b"f"), "v1"), "dup.txt": (_sha(b"g"), version),
               "gone.txt": (_sha(b"x"), version), "both.txt": (_sha(b"j"), version)}
    errors = {"failed.txt": (_sha(b"i"), version), "dup.html": (_sha(b"h"), version),
              "gone_failed.txt": (_sha(b"y"), version), "both.txt": (_sha(b"j"), version)}
    stats = {sf: (by_name[sf].byte_size, by_name[sf].mtime_ns, digest)
             for sf, (digest, _v) in {**reports, **errors}.items() if sf in by_name}
    stats["touched.txt"] = (1, 1, _sha(b"c"))          # stale mtime
    stats["edited.txt"] = (2, 1, _sha(b"d1"))
    stats["only_cached.txt"] = (1, 1, _sha(b"z"))      # a file gone, known nowhere else
    stats["gone.txt"] = (1, 1, _sha(b"x"))
    os.utime(raw / "touched.txt", ns=(10**18, 10**18))
    files = scan_raw_folder(raw)

    def build(db):
        with store.connect(db) as con:
            store.apply_ddl(con)
            for table, rows in (("reports", reports), ("ingest_errors", errors)):
                for sf, (digest, v) in rows.items():
                    extra = ", reason" if table == "ingest_errors" else ""
                    con.execute(f"INSERT INTO {table} (doc_id, source_file, content_hash, ingest_version{extra}) "
                                f"VALUES (?, ?, ?, ?{', ?' if extra else ''})",
                                [sf.rsplit('/', 1)[-1].split('.')[0], sf, digest, v] + (["x"] if extra else []))
            for sf, (size, mtime, digest) in stats.items():
                con.execute("INSERT INTO raw_file_stats VALUES (?, ?, ?, ?)", [sf, size, mtime, digest])

    whole, fast = tmp_path / "whole.duckdb", tmp_path / "fast.duckdb"
    build(whole)
    build(fast)
    with store.connect(whole) as con:
        previous = file_stats(con)
        expected = plan_refresh(files, known_files(con), version, file_stats=previous)
        writer.save_file_stats(con, files, dict(expected.hashes), previous)
        expected_cache = con.execute("SELECT * FROM raw_file_stats ORDER BY ALL").fetchall()
    with store.connect(fast) as con:
        state = listing_state(con, files, version)
        names = [f.source_file for f in state.open_files]
        previous = file_stats(con, names)
        plan = merge_plan(plan_refresh(state.open_files, known_files(con, names), version, file_stats=previous),
                          files, state)
        writer.save_file_stats(con, state.open_files, dict(plan.hashes), previous, unlisted=state.unlisted_stats)
        cache = con.execute("SELECT * FROM raw_file_stats ORDER BY ALL").fetchall()

    assert {f.source_file for f in state.open_files} == {
        "touched.txt", "edited.txt", "new.txt", "oldversion.txt", "dup.txt", "dup.html", "both.txt"}
    assert state.settled == 3  # settled.txt, sub/settled2.txt, failed.txt
    assert [f.source_file for f in plan.to_process] == [f.source_file for f in expected.to_process]
    assert plan.removed_files == expected.removed_files
    assert plan.removed_doc_ids == expected.removed_doc_ids
    assert plan.unchanged == expected.unchanged
    assert [(d.source_file, first) for d, first in plan.duplicates] == \
        [(d.source_file, first) for d, first in expected.duplicates]
    assert {sf: h for sf, h in expected.hashes.items() if sf in names} == plan.hashes
    assert cache == expected_cache
    assert expected.removed_files and expected.duplicates and expected.to_process  # the case covers them


def test_apply_ddl_runs_again_only_when_the_sql_files_change(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    with store.connect(db) as con:
        store.apply_ddl(con)
        con.execute("DROP VIEW indicator_facts")
        store.apply_ddl(con)  # same files: skipped, so the dropped view stays dropped
        assert not con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'indicator_facts'"
                               ).fetchall()[0][0]
        extra = tmp_path / "999_extra.sql"
        extra.write_text("CREATE OR REPLACE VIEW extra_view AS SELECT 1 AS one;", encoding="utf-8")
        views = store.view_files()
        monkeypatch.setattr(store, "view_files", lambda: [*views, extra])
        store.apply_ddl(con)  # the files changed: everything is applied again
        names = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"indicator_facts", "extra_view"} <= names


def test_a_handed_over_listing_is_taken_once(tmp_path):
    from pipelines.warehouse.inventory import hand_over_listing, take_listing

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(b"a")
    scan = scan_raw_folder(raw)
    (raw / "b.txt").write_bytes(b"b")  # lands after the main command listed the folder
    hand_over_listing(raw, scan)
    assert [f.source_file for f in take_listing(raw)] == ["a.txt"]  # the refresh processes the folder as listed
    assert [f.source_file for f in take_listing(raw)] == ["a.txt", "b.txt"]  # the next one lists it again


def test_a_duplicate_report_name_stays_recorded_on_every_rerun(tmp_path, sample_raw):
    """A file whose doc_id another file claims is recorded once as a duplicate and is then left alone: it used to be
    dropped as gone on the next refresh and recorded again on the one after. Once the claimer is gone it is read as
    a report: it used to stay recorded as a duplicate, and the gone claimer's report stayed in the warehouse."""
    import shutil

    from pipelines.refresh.ingestion import refresh_ingestion

    raw = tmp_path / "duplicates"
    raw.mkdir()
    first, second = sorted(p for p in sample_raw.iterdir() if p.suffix == ".txt")[:2]
    shutil.copy(first, raw / "x.txt")
    db = tmp_path / "w.duckdb"

    def refresh():
        with store.connect(db) as con:
            store.apply_ddl(con)
            summary = refresh_ingestion(con, raw, workers=1, run_id=None)
            errors = con.execute("SELECT source_file, reason FROM ingest_errors ORDER BY 1").fetchall()
            reports = con.execute("SELECT source_file FROM reports ORDER BY 1").fetchall()
        return summary, errors, reports

    refresh()
    shutil.copy(second, raw / "x.html")  # sorts first: it claims doc_id x, and the known x.txt becomes a duplicate
    _summary, errors, reports = refresh()
    assert reports == [("x.html",)]
    assert [e[0] for e in errors] == ["x.txt"] and errors[0][1].startswith("duplicate report name")
    for _ in range(2):  # nothing changed: nothing written, the duplicate stays recorded
        summary, again, reports_again = refresh()
        assert (again, reports_again) == (errors, reports)
        assert not summary.wrote and summary.removed == 0
    (raw / "x.html").unlink()  # the claimer is gone: x.txt is read as the report it is, x.html's rows go
    _summary, errors, reports = refresh()
    assert (errors, reports) == ([], [("x.txt",)])
    summary, errors, reports = refresh()
    assert (errors, reports, summary.wrote) == ([], [("x.txt",)], False)
