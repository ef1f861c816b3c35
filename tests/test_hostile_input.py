"""Hostile raw files: each one is recorded with its reason, none stops the run or costs the others their data.

Also: values from file names never reach SQL as text, and no file name leads to a write outside the
pipeline's folders.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_ROOT, SAMPLE_IDS, run_refresh
from pipelines.refresh import ingestion as ingestion_run
from pipelines.warehouse import store

FACT_SENTENCE = "2023年全县家庭医生签约率达到45.2%,全年新增普惠性托育机构12家。"


def _paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "work" / "w.duckdb", tmp_path / "out" / "health.duckdb"


def _read(published: Path, sql: str, params: list | None = None):
    con = duckdb.connect(str(published), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _files_outside(tmp_path: Path, *allowed: Path) -> set[Path]:
    return {p for p in tmp_path.rglob("*") if p.is_file() and not any(a in p.parents for a in allowed)}


def _assert_samples_intact(published: Path) -> None:
    per_doc = dict(_read(published, "SELECT doc_id, count(*) FROM extracted_facts GROUP BY doc_id"))
    for doc_id in SAMPLE_IDS:
        assert per_doc.get(doc_id, 0) > 0, doc_id


def _hostile_files(raw: Path) -> dict[str, str | None]:
    """File name → a word its recorded failure reason must contain (None: it may be read or rejected)."""
    report = f"某县卫生健康委员会2023年工作总结\n\n{FACT_SENTENCE}\n"
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 64)
    with zipfile.ZipFile(raw / "renamed zip.txt", "w") as zf:
        zf.writestr("inner.txt", report)
    utf8 = report.encode("utf-8")
    (raw / "truncated utf8.txt").write_bytes(utf8[: len(utf8) - 2])  # cut inside the last character
    (raw / "mixed encodings.txt").write_bytes(report.encode("utf-8") + "二、下一步工作计划\n".encode("gb18030") * 3)
    (raw / "huge.txt").write_bytes(("卫生健康" * 10 + "\n").encode("utf-8") * (50 * 1024 * 1024 // 121 + 1))
    inline = ",".join(str(i) for i in range(300_000))
    (raw / "scripted.html").write_text(
        f"<html><head><script>var data=[{inline}];document.write('签约率达到99%')</script>"
        f"<style>p{{color:red}}</style></head><body><p>某县卫生健康委员会2023年工作总结</p>"
        f"<p>{FACT_SENTENCE}</p><script>alert('签约率达到98%')</script></body></html>",
        encoding="utf-8",
    )
    (raw / '報告 "2023" it\'s.txt').write_text(report, encoding="utf-8")
    (raw / "'; DROP TABLE reports; --.txt").write_text(report, encoding="utf-8")
    (raw / "..%2F..%2Fevil.txt").write_text(report, encoding="utf-8")  # hidden (leading dot): skipped by design
    (raw / "x ..\\..\\evil.txt").write_text(report, encoding="utf-8")
    (raw / "~$lock .txt").write_bytes(b"\xff\xfe\x00")
    return {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "renamed zip.txt": "zip",
        "huge.txt": "too large",
        "truncated utf8.txt": None,
        "mixed encodings.txt": None,
        "scripted.html": None,
        '報告 "2023" it\'s.txt': None,
        "'; DROP TABLE reports; --.txt": None,
        "x ..\\..\\evil.txt": None,
        "~$lock .txt": None,
    }


def test_every_hostile_file_is_recorded_and_the_run_goes_on(tmp_path, sample_raw):
    expected = _hostile_files(sample_raw)
    work, published = _paths(tmp_path)
    result = run_refresh(sample_raw, work, published)
    assert result.success

    status = {sf: (st, reason) for sf, st, reason in _read(published, "SELECT source_file, status, reason "
                                                                      "FROM report_status")}
    # every file accounted for, except hidden ones (names starting with a dot are partial writes by convention)
    assert set(status) == {p.name for p in sample_raw.iterdir() if not p.name.startswith(".")}
    errors = dict(_read(published, "SELECT source_file, reason FROM ingest_errors"))
    for name, word in expected.items():
        if word is not None:
            assert name in errors and word in errors[name].lower(), (name, errors.get(name))
            assert status[name][0] == "failed"
        if status[name][0] == "failed":
            assert status[name][1], name  # a failure always carries its reason
    _assert_samples_intact(published)

    # the text of a script never becomes report text, the paragraph does
    clean = _read(published, "SELECT t.clean_text FROM report_texts t JOIN reports r USING (doc_id) "
                             "WHERE r.source_file = 'scripted.html'")
    if clean:
        assert "签约率达到99%" not in clean[0][0] and "98%" not in clean[0][0]
        assert "45.2%" in clean[0][0]
    # names with quotes and SQL are just data
    for name in ('報告 "2023" it\'s.txt', "'; DROP TABLE reports; --.txt"):
        assert _read(published, "SELECT status FROM report_status WHERE source_file = ?", [name])[0][0] == "extracted"
        assert _read(published, "SELECT count(*) FROM extracted_facts WHERE doc_id = ?", [Path(name).stem])[0][0] > 0
    # nothing written outside the raw folder, the working folder and the analysts' folder
    assert not _files_outside(tmp_path, sample_raw, work.parent, published.parent)
    assert not list(tmp_path.parent.glob("evil*")) and not (tmp_path / "evil.txt").exists()


def test_size_limit_is_a_setting(tmp_path, sample_raw, monkeypatch):
    (sample_raw / "medium.txt").write_text(f"某县2023年工作总结\n{FACT_SENTENCE}\n" * 200, encoding="utf-8")
    monkeypatch.setenv("HEALTH_MAX_FILE_BYTES", "10000")
    work, published = _paths(tmp_path)
    assert run_refresh(sample_raw, work, published).success
    reason = dict(_read(published, "SELECT source_file, reason FROM ingest_errors"))
    assert "file too large" in reason["medium.txt"] and "HEALTH_MAX_FILE_BYTES" in reason["medium.txt"]
    # a recorded failure is retried when its content or the code changes; after raising the limit, rebuild
    monkeypatch.setenv("HEALTH_MAX_FILE_BYTES", str(10**8))
    assert run_refresh(sample_raw, work, published, full_rebuild=True).success
    assert _read(published, "SELECT count(*) FROM reports WHERE source_file = 'medium.txt'") == [(1,)]


def test_file_that_vanishes_between_scan_and_read(tmp_path, sample_raw, monkeypatch):
    victim = sample_raw / "vanishing.txt"
    victim.write_text(f"某县2023年工作总结\n{FACT_SENTENCE}\n", encoding="utf-8")
    original = ingestion_run.ingest_report

    def delete_then_read(path: Path):
        if path.name == victim.name:
            path.unlink()  # gone after the scan listed it, before the worker reads it
        return original(path)

    monkeypatch.setattr(ingestion_run, "ingest_report", delete_then_read)
    work, published = _paths(tmp_path)
    assert run_refresh(sample_raw, work, published).success
    status = dict(_read(published, "SELECT source_file, reason FROM report_status WHERE status = 'failed'"))
    assert "vanishing.txt" in status and status["vanishing.txt"]
    _assert_samples_intact(published)
    # the next run sees the file is gone and forgets it
    monkeypatch.setattr(ingestion_run, "ingest_report", original)
    assert run_refresh(sample_raw, work, published).success
    assert _read(published, "SELECT count(*) FROM report_status WHERE source_file = 'vanishing.txt'") == [(0,)]


def test_a_report_the_extractor_chokes_on_is_recorded_not_fatal(tmp_path, sample_raw, monkeypatch):
    from pipelines.refresh import extraction as extraction_run

    original = extraction_run.extract_report
    victim = SAMPLE_IDS[0]

    def failing(report):
        if report.doc_id == victim:
            raise RuntimeError("extractor bug")
        doc_id, digest, rows, unplaced, unset = original(report)
        if report.doc_id == SAMPLE_IDS[1] and rows:
            rows[0] = {**rows[0], "indicator": ""}  # a fact the warehouse model rejects
        return doc_id, digest, rows, unplaced, unset

    monkeypatch.setattr(extraction_run, "extract_report", failing)
    work, published = _paths(tmp_path)
    assert run_refresh(sample_raw, work, published).success
    status = {d: (s, r) for d, s, r in _read(published, "SELECT doc_id, status, reason FROM report_status")}
    assert status[victim][0] == "failed" and "extractor bug" in status[victim][1]
    assert status[SAMPLE_IDS[1]][0] == "failed" and "validation" in status[SAMPLE_IDS[1]][1]
    for doc_id in SAMPLE_IDS[2:]:
        assert status[doc_id][0] == "extracted"
    facts, logged = _read(published, "SELECT (SELECT count(*) FROM extracted_facts), "
                                     "(SELECT sum(n_facts) FROM extraction_log)")[0]
    assert facts == logged and facts > 0
    # a failure is not retried while nothing changed, and is once the extractor is fixed (a new version)
    monkeypatch.setattr(extraction_run, "extract_report", original)
    assert run_refresh(sample_raw, work, published).success
    assert _read(published, "SELECT status FROM report_status WHERE doc_id = ?", [victim]) == [("failed",)]
    monkeypatch.setattr(extraction_run, "EXTRACTOR_VERSION", "fixed-extractor")
    assert run_refresh(sample_raw, work, published).success
    status = dict(_read(published, "SELECT doc_id, status FROM report_status"))
    assert set(status.values()) == {"extracted"}, status


@pytest.mark.parametrize("doc_id", ["../../evil", "'; DROP TABLE reports; --", 'x" OR 1=1 --', "报告 '2023'"])
def test_values_are_bound_never_spliced(tmp_path, doc_id):
    import polars as pl

    with store.connect(tmp_path / "w.duckdb") as con:
        store.apply_ddl(con)
        frame = pl.DataFrame({"source_file": [f"{doc_id}.txt"], "doc_id": [doc_id], "content_hash": [None],
                              "status": ["failed"], "n_facts": [None], "reason": ["test"], "run_id": [None],
                              "updated_at": [dt.datetime(2024, 1, 1)]},
                             schema={"source_file": pl.String, "doc_id": pl.String, "content_hash": pl.String,
                                     "status": pl.String, "n_facts": pl.Int32, "reason": pl.String,
                                     "run_id": pl.String, "updated_at": pl.Datetime("us")})
        store.replace_rows(con, "report_status", frame, key="source_file")
        store.replace_rows(con, "reports", pl.DataFrame(schema={"doc_id": pl.String}), keys=[doc_id])
        assert con.execute("SELECT doc_id FROM report_status").fetchall() == [(doc_id,)]
        assert con.execute("SELECT count(*) FROM reports").fetchall() == [(0,)]  # table still there
        with pytest.raises(ValueError):
            store.replace_rows(con, "reports; DROP TABLE reports", frame)
        with pytest.raises(ValueError):
            store.replace_rows(con, "reports", frame, key="doc_id; DROP TABLE reports")
    assert {p.name for p in tmp_path.iterdir()} <= {"w.duckdb", "w.duckdb.wal"}


def test_sql_is_only_formatted_with_constant_names():
    """Every f-string handed to DuckDB in the pipeline's write path interpolates a name, never a value."""
    allowed = {"table", "key", "column_list"}
    for path in [PROJECT_ROOT / "pipelines" / "warehouse" / "store.py", PROJECT_ROOT / "pipelines" / "refresh" / "ingestion.py",
                 PROJECT_ROOT / "pipelines" / "refresh" / "extraction.py", PROJECT_ROOT / "pipelines" / "refresh" / "marts.py"]:
        source = path.read_text(encoding="utf-8")
        for call in re.finditer(r"(?:execute|sql)\(\s*f\"([^\"]*)\"", source):
            names = set(re.findall(r"\{([^}:!]+)", call.group(1)))
            assert names <= allowed, (path.name, call.group(0))


def test_publish_removes_a_torn_copy_left_by_a_killed_publisher(tmp_path):
    """A publish killed mid-copy (SIGKILL skips its clean-up) leaves a temp file; the next publish removes it."""
    import subprocess

    work, published = tmp_path / "work" / "w.duckdb", tmp_path / "out" / "health.duckdb"
    with store.connect(work) as con:
        store.apply_ddl(con)
        store.bump_generation(con)
    assert store.publish(work, published)
    gone = subprocess.Popen(["true"])
    gone.wait()
    torn = published.parent / f".{published.name}.{gone.pid}.x1y2.tmp"
    torn.write_bytes(work.read_bytes()[:4096])
    live = published.parent / f".{published.name}.{os.getppid()}.live.tmp"
    live.write_bytes(b"a copy in progress")  # another live process's temp file is left alone
    with store.connect(work) as con:
        store.bump_generation(con)
    assert store.publish(work, published)
    assert not torn.exists() and live.exists()
    with store.connect(published, read_only=True) as con:
        assert store.get_state(con, store.STATE_GENERATION) == 2
    assert published.stat().st_mode & 0o044 == 0o044  # analysts (other users) can read it
