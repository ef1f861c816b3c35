"""Targets meet their outcomes on the labelled report series of tests/linked (three regions, one national):
link precision is held at 0.97 and recall where it was measured (docs/QUALITY.md); national targets also meet
the published statistics of pipelines/lexicons/reference."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from conftest import run_refresh
from pipelines.evaluation.links import load_links, score_links, system_links

LINKED = Path(__file__).parent / "linked"


def test_labelled_series_link_precisely(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(LINKED / "docs", raw)
    published = tmp_path / "out" / "health.duckdb"
    assert run_refresh(raw, tmp_path / "work" / "w.duckdb", published).success
    summary, missed, wrong = score_links(load_links(LINKED / "links.jsonl"), system_links(published))
    assert summary["precision"] >= 0.97, (summary, wrong)
    assert summary["recall"] >= 0.75, (summary, missed[:5])
    con = duckdb.connect(str(published), read_only=True)
    try:
        methods = dict(con.execute("SELECT link_method, count(*) FROM target_vs_outcome "
                                   "WHERE outcome_doc_id IS NOT NULL GROUP BY 1").fetchall())
    finally:
        con.close()
    assert methods.get("name", 0) > 0 and methods.get("catalogue", 0) > 0  # local indicators link by name


def test_national_target_meets_the_published_statistic(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "nhc_2024.txt").write_text(
        "国家卫生健康委2024年工作要点\n\n一、主要目标\n2024年，力争全国人均预期寿命达到79.5岁。\n", encoding="utf-8")
    published = tmp_path / "out" / "health.duckdb"
    assert run_refresh(raw, tmp_path / "work" / "w.duckdb", published).success
    con = duckdb.connect(str(published), read_only=True)
    try:
        rows = con.execute(
            "SELECT region_code, target_value, outcome_doc_id, outcome_value, status FROM target_vs_outcome "
            "WHERE indicator_id = 'life_expectancy'").fetchall()
    finally:
        con.close()
    assert ("000000", 79.5, "national_statistics", 79.0, "not_met") in rows, rows
