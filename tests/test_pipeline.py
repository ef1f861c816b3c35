"""The real Dagster job end to end: every file accounted for, bad input recorded, reruns idempotent."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_ROOT, SAMPLE_IDS, run_refresh
from pipelines.warehouse import store


def _write_bad_inputs(raw: Path) -> dict[str, str]:
    """Hostile files and the words their recorded reason must contain."""
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 8)
    with zipfile.ZipFile(raw / "archive.txt", "w") as zf:
        zf.writestr("inner.txt", "2023年工作总结")
    return {"empty.txt": "empty", "binary.txt": "binary", "archive.txt": "zip"}


def _paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "work" / "w.duckdb", tmp_path / "out" / "health.duckdb"


def _read(published: Path, sql: str):
    con = duckdb.connect(str(published), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_full_run_accounts_for_every_file(tmp_path, sample_raw):
    expected_reasons = _write_bad_inputs(sample_raw)
    (sample_raw / "gbk report.txt").write_bytes("2023年某县卫生健康工作总结\n全县家庭医生签约率达到45.2%。".encode("gb18030"))
    work, published = _paths(tmp_path)
    result = run_refresh(sample_raw, work, published)
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert checks and all(c.passed for c in checks), [c.check_name for c in checks if not c.passed]

    docs = [r[0] for r in _read(published, "SELECT doc_id FROM reports ORDER BY doc_id")]
    assert docs == sorted([*SAMPLE_IDS, "gbk report"])
    errors = dict(_read(published, "SELECT source_file, reason FROM ingest_errors"))
    assert set(errors) == set(expected_reasons)
    for name, word in expected_reasons.items():
        assert word in errors[name].lower(), errors[name]
    status = dict(_read(published, "SELECT source_file, status FROM report_status"))
    assert len(status) == len(list(sample_raw.iterdir()))  # every file in raw/ is accounted for
    assert {status[n] for n in expected_reasons} == {"failed"}
    # every sample report yields facts, each pointing at a raw span that contains its digits
    per_doc = dict(_read(published, "SELECT doc_id, count(*) FROM extracted_facts GROUP BY doc_id"))
    for doc_id in SAMPLE_IDS:
        assert per_doc.get(doc_id, 0) > 0, doc_id
    assert _read(published, "SELECT encoding FROM reports WHERE doc_id = 'gbk report'") == [("gb18030",)]


def test_rerun_on_same_input_leaves_the_same_warehouse(tmp_path, sample_raw):
    _write_bad_inputs(sample_raw)
    work, published = _paths(tmp_path)
    assert run_refresh(sample_raw, work, published).success
    with store.connect(published, read_only=True) as con:
        before = store.table_digests(con, include_volatile=True)
    mtime = published.stat().st_mtime_ns
    assert run_refresh(sample_raw, work, published).success
    with store.connect(published, read_only=True) as con:
        after = store.table_digests(con, include_volatile=True)
    assert after == before
    assert published.stat().st_mtime_ns == mtime  # nothing new: the analysts' file was not even replaced


def test_changed_and_removed_files_are_reprocessed_alone(tmp_path, sample_raw):
    work, published = _paths(tmp_path)
    assert run_refresh(sample_raw, work, published).success
    first = dict(_read(published, "SELECT doc_id, ingested_at FROM reports"))
    changed, removed = SAMPLE_IDS[0], SAMPLE_IDS[1]
    target = sample_raw / f"{changed}.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\n全区新增家庭医生工作室3个。", encoding="utf-8")
    (sample_raw / f"{removed}.txt").unlink()
    import time

    time.sleep(1.1)  # ingested_at has one-second resolution
    assert run_refresh(sample_raw, work, published).success
    second = dict(_read(published, "SELECT doc_id, ingested_at FROM reports"))
    assert removed not in second
    assert second[changed] > first[changed]
    for doc_id in set(SAMPLE_IDS) - {changed, removed}:
        assert second[doc_id] == first[doc_id]
    assert _read(published, f"SELECT count(*) FROM extracted_facts WHERE doc_id = '{removed}'") == [(0,)]
    assert _read(published, f"SELECT count(*) FROM report_status WHERE doc_id = '{removed}'") == [(0,)]


def test_full_rebuild_converges_to_the_incremental_result(tmp_path, sample_raw):
    work, published = _paths(tmp_path)
    assert run_refresh(sample_raw, work, published).success
    with store.connect(published, read_only=True) as con:
        incremental = store.table_digests(con)
    assert run_refresh(sample_raw, work, published, full_rebuild=True).success
    with store.connect(published, read_only=True) as con:
        rebuilt = store.table_digests(con)
    assert rebuilt == incremental


def test_cli_run_and_failure_exit_codes(tmp_path, sample_raw):
    env = {**os.environ, "HEALTH_RAW_DIR": str(sample_raw), "HEALTH_WAREHOUSE": str(tmp_path / "h.duckdb"),
           "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    ok = subprocess.run([sys.executable, "-m", "pipelines", "run"], cwd=PROJECT_ROOT, env=env,
                        capture_output=True, text=True, timeout=600)
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert "ingestion:" in ok.stderr  # progress is shown
    assert (tmp_path / "h.duckdb").exists()
    assert (tmp_path / "dagster_home" / "dagster.yaml").exists()  # persistent instance seeded
    assert list((tmp_path / "dagster_home").glob("**/runs.db")) or list((tmp_path / "dagster_home").glob("**/*.db"))

    # nothing changed: neither job runs; a new file (or a changed one) runs the refresh again
    again = subprocess.run([sys.executable, "-m", "pipelines", "run"], cwd=PROJECT_ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "refresh_job not run" in again.stderr and "quality_job not run" in again.stderr
    shutil.copy(next(sample_raw.glob("*.txt")), sample_raw / "copy_of_a_report.txt")
    changed = subprocess.run([sys.executable, "-m", "pipelines", "run"], cwd=PROJECT_ROOT, env=env,
                             capture_output=True, text=True, timeout=600)
    assert changed.returncode == 0 and "refresh_job run" in changed.stderr and "not run" not in changed.stderr

    env["HEALTH_RAW_DIR"] = str(tmp_path / "no-such-folder")
    failed = subprocess.run([sys.executable, "-m", "pipelines", "run"], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert failed.returncode != 0
    assert "does not exist" in failed.stderr


@pytest.mark.parametrize("table", ["reports", "indicator_facts", "target_vs_outcome"])
def test_analyst_tables_have_comments_or_columns(tmp_path, sample_raw, table):
    work, published = _paths(tmp_path)
    assert run_refresh(sample_raw, work, published).success
    columns = {r[0] for r in _read(published, f"SELECT column_name FROM information_schema.columns "
                                              f"WHERE table_name = '{table}'")}
    required = {
        "reports": {"doc_id", "title", "issuer", "region", "admin_level", "report_kind", "year", "published_on",
                    "encoding", "truncated", "repaired_count", "corrupted_span_count"},
        "indicator_facts": {"doc_id", "indicator", "value", "value_high", "unit", "qualifier", "kind", "year",
                            "value_text", "sentence", "section_path", "clean_start", "clean_end", "raw_start",
                            "raw_end", "lower_bound", "upper_bound", "scope"},
        "target_vs_outcome": {"region", "region_code", "indicator_id", "indicator", "year", "target_doc_id",
                              "target_value", "target_value_high", "target_qualifier", "outcome_doc_id",
                              "outcome_value", "attainment", "status", "interim", "is_latest"},
    }[table]
    assert required <= columns


def test_refresh_job_runs_in_one_process():
    """Under dagster dev the default multiprocess executor ran two writers at once and the DuckDB lock failed them."""
    from pipelines.defs.automation.jobs import REFRESH_JOB
    from pipelines.definitions import defs

    assert defs().resolve_job_def(REFRESH_JOB).executor_def.name == "in_process"


def test_quality_outputs_are_a_separate_job():
    """A new report must not wait for Data Docs and the HTML report before analysts see its facts."""
    from pipelines.defs.automation.jobs import QUALITY_JOB, REFRESH_JOB
    from pipelines.definitions import defs

    project = defs()
    refresh = {k.to_user_string() for k in project.resolve_job_def(REFRESH_JOB).asset_layer.selected_asset_keys}
    quality = {k.to_user_string() for k in project.resolve_job_def(QUALITY_JOB).asset_layer.selected_asset_keys}
    assert quality == {"data_docs", "attainment_report"}
    assert "analyst_warehouse" in refresh and not refresh & quality


def test_offset_check_runs_per_document_range_and_still_finds_a_bad_quote(tmp_path, sample_raw, monkeypatch):
    from pipelines.defs import checks as checks_module

    work, published = _paths(tmp_path)
    assert run_refresh(sample_raw, work, published).success
    monkeypatch.setattr(checks_module, "DOCS_PER_CHUNK", 2)  # five sample reports → three ranges
    with store.connect(work) as con:
        ranges = con.execute(checks_module.sql_file("checks/latest_doc_chunks"), {"size": 2}).fetchall()
        assert len(ranges) == 3
        sql_name = "checks/fact_offsets_outside_document"
        assert checks_module.count_violations(con, sql_name, chunked=True) == 0
        last_doc = ranges[-1][1]
        con.execute("UPDATE extracted_facts SET raw_quote = raw_quote || 'x' WHERE doc_id = ? AND fact_id < 3",
                    [last_doc])
        assert checks_module.count_violations(con, sql_name, chunked=True) == 3


def test_provenance_check_in_python_counts_what_the_sql_rule_counts(tmp_path, sample_raw):
    """The offset/quote check runs in Python for speed; its SQL file is the rule, and both count the same facts."""
    from pipelines.warehouse.provenance import span_violations, span_violations_in_parallel
    from pipelines.warehouse.sql import sql_file

    work, published = _paths(tmp_path)
    assert run_refresh(sample_raw, work, published).success
    rule = sql_file("checks/fact_offsets_outside_document")
    with store.connect(work) as con:
        first, last = con.execute("SELECT min(doc_id), max(doc_id) FROM reports").fetchall()[0]
        docs = [d for (d,) in con.execute("SELECT doc_id FROM reports ORDER BY doc_id").fetchall()]

        def both() -> tuple[int, int]:
            params = {"first_doc": first, "last_doc": last}
            return span_violations(con, first, last), con.execute(rule, params).fetchall()[0][0]

        assert both() == (0, 0)
        corruptions = [
            "UPDATE extracted_facts SET raw_quote = raw_quote || 'x' WHERE doc_id = ? AND fact_id = 0",
            "UPDATE extracted_facts SET value_text = 'x' || value_text WHERE doc_id = ? AND fact_id = 1",
            "UPDATE extracted_facts SET raw_start = raw_start + 1, raw_end = raw_end + 1 WHERE doc_id = ? AND fact_id = 2",
            "UPDATE extracted_facts SET clean_end = clean_end + 100000 WHERE doc_id = ? AND fact_id = 3",
            "UPDATE extracted_facts SET raw_end = raw_end + 100000 WHERE doc_id = ? AND fact_id = 4",
        ]
        for n, (statement, doc_id) in enumerate(zip(corruptions, docs), start=1):
            con.execute(statement, [doc_id])
            assert both() == (n, n), statement
    # the asset check's way: one range per document, split between two read-only worker processes
    ranges = [(doc_id, doc_id) for doc_id in docs]
    assert span_violations_in_parallel(work, ranges, workers=2) == len(corruptions)
    assert span_violations_in_parallel(work, ranges, workers=1) == len(corruptions)


def test_ingestion_extracts_what_it_parses_so_extraction_has_nothing_left(tmp_path, sample_raw):
    from pipelines.refresh import extraction as extraction_run, ingestion as ingestion_run

    with store.connect(tmp_path / "w.duckdb") as con:
        store.apply_ddl(con)
        summary = ingestion_run.refresh_ingestion(con, sample_raw, workers=1, run_id="r1")
        assert summary.processed == len(SAMPLE_IDS) and summary.facts > 0
        assert con.execute("SELECT count(*) FROM extracted_facts").fetchall()[0][0] == summary.facts
        statuses = {s for (s,) in con.execute("SELECT status FROM report_status").fetchall()}
        assert statuses == {"extracted"}
        assert extraction_run.pending_reports(con, full_rebuild=False) == []
        # a new extractor version (simulated) is still picked up by the extraction step alone
        con.execute("UPDATE extraction_log SET extractor_version = 'older'")
        again = extraction_run.refresh_extraction(con, workers=1, run_id="r2")
        assert again.reports == len(SAMPLE_IDS) and again.facts == summary.facts


def test_ingestion_resolves_regions_as_the_regions_step_would_from_the_stored_rows(tmp_path, sample_raw):
    from pipelines.refresh import ingestion as ingestion_run, regions as regions_run

    query = "SELECT * FROM report_regions ORDER BY doc_id"
    with store.connect(tmp_path / "w.duckdb") as con:
        store.apply_ddl(con)
        ingestion_run.refresh_ingestion(con, sample_raw, workers=1, run_id=None)
        from_workers = con.execute(query).fetchall()
        assert len(from_workers) == len(list(sample_raw.iterdir())) >= 5
        assert regions_run.refresh_regions(con) == 0          # nothing left for the regions step
        con.execute("DELETE FROM report_regions")
        assert regions_run.refresh_regions(con) == len(from_workers)
        assert con.execute(query).fetchall() == from_workers  # same rows from the warehouse's copy of the text
        # a new resolver version drops the rows; the next ingestion of a changed file writes current ones
        store.set_state(con, regions_run.STATE_REGIONS_VERSION, 1)
        changed = sorted(sample_raw.iterdir())[0]
        changed.write_bytes(changed.read_bytes() + "\n".encode())
        ingestion_run.refresh_ingestion(con, sample_raw, workers=1, run_id=None)
        assert [r[0] for r in con.execute(query).fetchall()] == [changed.stem]
        assert regions_run.refresh_regions(con) == len(from_workers) - 1
        assert con.execute(query).fetchall() == from_workers
