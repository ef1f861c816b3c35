"""target_vs_outcome row by row on linked reports (a plan, a mid-year summary, an annual summary), and the example queries."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_ROOT, run_refresh
from pipelines.warehouse.sql import SQL_ROOT

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def linked_warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("linked")
    raw = root / "raw"
    shutil.copytree(FIXTURES / "linked", raw)
    published = root / "health.duckdb"
    result = run_refresh(raw, root / "work.duckdb", published)
    assert result.success
    assert all(c.passed for c in result.get_asset_check_evaluations())
    return published


def _rows(db: Path, sql: str, params=None) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()


# (canonical indicator id, outcome doc or None, outcome value, status, interim, is_latest)
EXPECTED = [
    ("family_doctor_signing_rate", "huzhou_2023_midyear", 40.2, "partial", True, False),
    ("family_doctor_signing_rate", "huzhou_2023_summary", 47.3, "met", False, True),
    ("childcare_places_per_1000", "huzhou_2023_summary", 4.1, "not_met", False, True),
    ("maternal_mortality_ratio", "huzhou_2023_summary", 8.5, "met", False, True),
    ("bphs_htn_standard_mgmt_rate", None, None, "pending", False, True),
    ("childcare_institutions", "huzhou_2023_summary", 12.0, "met", False, True),
]


def test_target_vs_outcome_row_by_row(linked_warehouse):
    rows = _rows(linked_warehouse, "SELECT * FROM target_vs_outcome")
    got = sorted(
        (r["indicator_id"] or "", r["outcome_doc_id"] or "", r["outcome_value"], r["status"], r["interim"], r["is_latest"])
        for r in rows
    )
    ids = {r["indicator_id"] for r in rows}
    expected = sorted(
        (next(i for i in ids if i and i.startswith(prefix)), doc or "", value, status, interim, latest)
        for prefix, doc, value, status, interim, latest in EXPECTED
    )
    assert got == expected
    for r in rows:
        assert r["region_code"] == "330500" and r["region"] == "浙江省湖州市"
        assert r["year"] == 2023 and r["target_doc_id"] == "huzhou_2023_plan"
        assert r["target_sentence"] and r["target_raw_quote"]
        if r["outcome_doc_id"]:
            assert r["outcome_sentence"] and r["outcome_raw_quote"] in r["outcome_sentence"]


def test_lower_is_better_ceiling_and_attainment(linked_warehouse):
    (row,) = _rows(linked_warehouse, "SELECT * FROM target_vs_outcome WHERE indicator_id LIKE 'maternal_mortality%'")
    assert row["target_qualifier"] == "以内" and row["unit"] == "/10万"
    assert row["status"] == "met"
    assert row["attainment"] == pytest.approx(10 / 8.5)


def test_change_facts_do_not_pair_with_levels(linked_warehouse):
    rows = _rows(linked_warehouse, "SELECT outcome_value FROM target_vs_outcome WHERE outcome_value = 2.1")
    assert rows == []  # 提高2.1个百分点 is a change, not the level the 45% target asks for


def test_anonymised_regions_never_pair_across_reports(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "anonymised", raw)
    published = tmp_path / "health.duckdb"
    assert run_refresh(raw, tmp_path / "work.duckdb", published).success
    regions = _rows(published, "SELECT doc_id, region, region_code FROM report_regions ORDER BY doc_id")
    assert len({r["region"] for r in regions}) == 2 and all(r["region_code"] is None for r in regions)
    rows = _rows(published, "SELECT status, outcome_doc_id FROM target_vs_outcome")
    assert rows == [{"status": "pending", "outcome_doc_id": None}]


def test_timeseries_view(linked_warehouse):
    rows = _rows(linked_warehouse, "SELECT year, kind, value, doc_id FROM indicator_timeseries "
                                   "WHERE indicator_id = 'family_doctor_signing_rate' AND unit = '%' ORDER BY doc_id")
    assert [(r["kind"], r["value"]) for r in rows] == [("outcome", 40.2), ("target", 45.0), ("outcome", 47.3)]


QUERY_CASES = [
    ("missed_targets_last_year", [2023], lambda rows: [r["indicator"] for r in rows] == ["每千人口拥有3岁以下婴幼儿托位数"]),
    ("missed_targets_last_year", [2022], lambda rows: rows == []),
    ("region_scorecard", ["330500"], lambda rows: len(rows) == 5 and {r["status"] for r in rows} == {"met", "not_met", "pending"}
     and all(r["targets_that_year"] == 5 and r["met_that_year"] == 3 for r in rows)),
    ("region_scorecard", ["浙江省湖州市"], lambda rows: len(rows) == 5),
    ("indicator_across_regions", ["family_doctor_signing_rate"],
     lambda rows: [(r["region_code"], r["year"], r["target_value"], r["reported_value"], r["final_status"]) for r in rows]
     == [("330500", 2023, 45.0, 47.3, "met")]),
]


@pytest.mark.parametrize("name, params, expectation", QUERY_CASES)
def test_example_queries(linked_warehouse, name, params, expectation):
    sql = (SQL_ROOT / "queries" / f"{name}.sql").read_text(encoding="utf-8")
    rows = _rows(linked_warehouse, sql, params)
    assert expectation(rows), rows


def test_every_example_query_is_tested():
    tested = {name for name, _params, _check in QUERY_CASES}
    assert tested == {p.stem for p in (PROJECT_ROOT / "sql" / "queries").glob("*.sql")}


def _tvo_digest(published: Path) -> str:
    from pipelines.warehouse import store

    with store.connect(published, read_only=True) as con:
        return store.table_digests(con)["target_vs_outcome"]


# affected_keys.sql reads only the changed reports' facts; this is the same set read through the attainment_facts view
AFFECTED_KEYS_THROUGH_THE_VIEW = """
WITH changed_docs AS (SELECT doc_id FROM extraction_log WHERE extracted_at > $since),
gone_docs AS (
    SELECT target_doc_id AS doc_id FROM target_vs_outcome WHERE target_doc_id NOT IN (SELECT doc_id FROM reports)
    UNION
    SELECT outcome_doc_id FROM target_vs_outcome
    WHERE outcome_doc_id IS NOT NULL AND outcome_doc_id NOT IN (SELECT doc_id FROM reports)
),
direct AS (
SELECT DISTINCT region, indicator_key, unit, year FROM attainment_facts
WHERE doc_id IN (SELECT doc_id FROM changed_docs) AND kind IN ('target', 'outcome', 'baseline')
UNION
SELECT DISTINCT region, coalesce(indicator_id, 'name:' || indicator), unit, year FROM target_vs_outcome
WHERE target_doc_id IN (SELECT doc_id FROM changed_docs UNION SELECT doc_id FROM gone_docs)
   OR outcome_doc_id IN (SELECT doc_id FROM changed_docs UNION SELECT doc_id FROM gone_docs)
UNION
SELECT DISTINCT v.region, v.indicator_key, v.unit, v.year FROM target_vs_outcome AS v
JOIN mapping_changes AS c ON c.old_key = v.indicator_key AND c.unit IS NOT DISTINCT FROM v.unit
UNION
SELECT DISTINCT a.region, a.indicator_key, a.unit, a.year FROM attainment_facts AS a
JOIN mapping_changes AS c ON c.indicator = a.indicator AND c.unit IS NOT DISTINCT FROM a.unit
WHERE a.kind IN ('target', 'outcome', 'baseline')
)
SELECT * FROM direct
UNION
SELECT DISTINCT v.region, v.indicator_key, v.unit, v.year FROM target_vs_outcome AS v
JOIN direct AS d ON d.region IS NOT DISTINCT FROM v.region AND d.indicator_key = v.indicator_key
    AND d.unit IS NOT DISTINCT FROM v.unit AND v.year > d.year
WHERE v.status <> 'not_set'
"""


def _assert_affected_keys_match_the_view(work: Path, *, gone: str | None = None) -> None:
    """For every extraction batch as the last build (and none, and all), optionally with one report gone."""
    from pipelines.warehouse import store
    from pipelines.warehouse.sql import sql_file

    with store.connect(work) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM reports WHERE doc_id = ?", [gone])
        # some implausible and some undated facts, which both must leave out
        con.execute("UPDATE extracted_facts SET plausibility_flags = ['percent_out_of_range'] WHERE fact_id % 3 = 1")
        con.execute("UPDATE extracted_facts SET year = NULL WHERE fact_id % 3 = 2")
        batches = [r[0] for r in con.execute("SELECT DISTINCT extracted_at FROM extraction_log").fetchall()]
        assert len(batches) >= 2  # the first reports, then the summary alone
        for since in [dt.datetime(1970, 1, 1), dt.datetime(2100, 1, 1), *batches,
                      *(b - dt.timedelta(seconds=1) for b in batches)]:
            scoped = set(con.execute(sql_file("marts/affected_keys"), {"since": since}).fetchall())
            assert scoped == set(con.execute(AFFECTED_KEYS_THROUGH_THE_VIEW, {"since": since}).fetchall()), since
            assert scoped or since != dt.datetime(1970, 1, 1)
        con.execute("ROLLBACK")


def test_incremental_marts_match_a_full_build(tmp_path):
    """Adding then removing a report recomputes only the touched keys, and lands where a fresh build lands."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("huzhou_2023_plan.txt", "huzhou_2023_midyear.txt"):
        shutil.copy(FIXTURES / "linked" / name, raw / name)
    work, published = tmp_path / "work.duckdb", tmp_path / "health.duckdb"
    assert run_refresh(raw, work, published).success
    two_reports = _tvo_digest(published)
    assert {r["status"] for r in _rows(published, "SELECT status FROM target_vs_outcome WHERE is_latest")} == {
        "partial", "pending"}

    shutil.copy(FIXTURES / "linked" / "huzhou_2023_summary.txt", raw / "huzhou_2023_summary.txt")
    assert run_refresh(raw, work, published).success  # incremental: only the summary's keys
    _assert_affected_keys_match_the_view(work)
    _assert_affected_keys_match_the_view(work, gone="huzhou_2023_summary")
    fresh = tmp_path / "fresh"
    shutil.copytree(FIXTURES / "linked", fresh / "raw")
    assert run_refresh(fresh / "raw", fresh / "work.duckdb", fresh / "health.duckdb").success
    assert _tvo_digest(published) == _tvo_digest(fresh / "health.duckdb")

    (raw / "huzhou_2023_summary.txt").unlink()
    assert run_refresh(raw, work, published).success  # the outcomes it gave are withdrawn
    assert _tvo_digest(published) == two_reports


def test_the_next_refresh_counts_only_reports_stamped_after_the_build():
    """A run stamps all its reports with one second: the build that reflects them must not leave them "changed"."""
    from pipelines.refresh.marts import marts_since

    assert marts_since(1_000, now=1_060.4) == 1_000   # the next refresh recomputes only later runs' reports
    assert marts_since(1_060, now=1_060.9) == 1_059   # a run stamped this very second could still follow
    assert marts_since(0, now=1_060.0) == 0           # nothing extracted yet


def test_multi_year_target_with_baseline_is_read_on_track(tmp_path):
    """从2020年的3.2人提高到3.8人 (due 2025) and 3.6人 reported for 2023: required 0.12/yr, actual 0.133/yr."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "progress", raw)
    published = tmp_path / "health.duckdb"
    assert run_refresh(raw, tmp_path / "work.duckdb", published).success
    (row,) = _rows(published, "SELECT * FROM target_progress")
    assert (row["region_code"], row["baseline_year"], row["baseline_value"]) == ("330600", 2020, 3.2)
    assert (row["target_year"], row["target_value"], row["outcome_year"], row["outcome_value"]) == (2025, 3.8, 2023, 3.6)
    assert row["required_pace"] == pytest.approx(0.12, abs=1e-6)
    assert row["actual_pace"] == pytest.approx(0.4 / 3, abs=1e-6)
    assert row["on_track"] is True
    # the 2025 target has no 2025 outcome yet: pending, and the level target is not mistaken for a change
    (tvo,) = _rows(published, "SELECT status, year, target_value FROM target_vs_outcome")
    assert tvo == {"status": "pending", "year": 2025, "target_value": 3.8}


def _mart_digests(published: Path) -> dict[str, str]:
    from pipelines.warehouse import store

    with store.connect(published, read_only=True) as con:
        digests = store.table_digests(con)
    return {t: digests[t] for t in ("target_vs_outcome", "target_progress")}


def test_incremental_marts_match_a_full_build_on_the_linked_series(tmp_path):
    """The labelled series (multi-year targets with baselines, raised targets, targets not set) arriving in three
    refreshes, then one report withdrawn: target_vs_outcome and target_progress equal a fresh build's each time."""
    docs = sorted((Path(__file__).parent / "linked" / "docs").glob("*.txt"))
    raw = tmp_path / "raw"
    raw.mkdir()
    work, published = tmp_path / "work.duckdb", tmp_path / "health.duckdb"
    for start in (0, 7, 14):
        for path in docs[start:start + 7]:
            shutil.copy(path, raw / path.name)
        assert run_refresh(raw, work, published).success
    (raw / docs[3].name).unlink()
    assert run_refresh(raw, work, published).success
    fresh = tmp_path / "fresh"
    shutil.copytree(raw, fresh / "raw")
    assert run_refresh(fresh / "raw", fresh / "work.duckdb", fresh / "health.duckdb").success
    assert _mart_digests(published) == _mart_digests(fresh / "health.duckdb")
    assert _rows(published, "SELECT count(*) AS n FROM target_progress")[0]["n"] > 0


def test_reports_of_unknown_place_never_pair_across_reports(tmp_path):
    """Two reports whose place nothing names: the target of one is not answered by the other's outcome (they may be
    of different counties), while a target and a result stated in one report still pair."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text("2023年卫生健康工作要点\n\n一、主要目标\n力争家庭医生签约率达到45%以上。\n",
                                  encoding="utf-8")
    (raw / "summary.txt").write_text(
        "2023年卫生健康工作总结\n\n一、工作成效\n家庭医生签约率达到47.2%，年初目标为45%。\n", encoding="utf-8")
    work, published = tmp_path / "work.duckdb", tmp_path / "health.duckdb"
    assert run_refresh(raw, work, published).success
    rows = _rows(published, "SELECT region, target_doc_id, outcome_doc_id FROM target_vs_outcome")
    assert rows and all(r["region"] is None for r in rows), rows
    assert all(r["outcome_doc_id"] in (None, r["target_doc_id"]) for r in rows), rows
