"""The static attainment report on a linked plan/summary pair: a section per region, status colours, the
evidence sentences, escaped report text, nothing fetched from the network, same bytes on a rerun."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from conftest import PROJECT_ROOT, run_pipeline
from pipelines.quality.report import REPORT_DIRNAME, STATUS_COLOURS, region_title, write_attainment_report

LINKED_FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "linked"

# A city's work points and its year-end summary: one target met, one not met, one never reported.
JIAXING_PLAN = """嘉兴市卫生健康委员会2022年工作要点
发布日期:2022-02-20 来源:嘉兴市卫生健康委员会

2022年是党的二十大召开之年,也是实施“十四五”规划的关键之年。全市卫生健康系统要坚持以人民健康为中心,推动卫生健康事业高质量发展。

一、主要目标
到2022年底,全市家庭医生签约率达到45%以上,居民电子健康档案建档率达到90%以上,高血压患者规范管理率达到65%以上。

二、重点任务
(一)深化医药卫生体制改革
推进紧密型县域医共体建设,完善分级诊疗制度。
"""
JIAXING_SUMMARY = """嘉兴市卫生健康委员会2022年工作总结
发布日期:2023-01-16 来源:嘉兴市卫生健康委员会

2022年,全市卫生健康系统在市委、市政府的坚强领导下,统筹推进疫情防控和卫生健康事业发展。

一、主要工作成效
(一)基层卫生服务能力持续提升
全市家庭医生签约率达到47.2%,较上年提高1.8个百分点。居民电子健康档案建档率为86.5%。
(二)医疗服务水平稳步提高
新增省级临床重点专科5个。
"""
JIAXING = "浙江省嘉兴市"


@pytest.fixture(scope="module")
def linked_run(tmp_path_factory) -> tuple[dg.ExecuteInProcessResult, Path]:
    """The real refresh job over the linked pair (plus the lead's linked fixtures when present)."""
    root = tmp_path_factory.mktemp("quality_report")
    raw = root / "raw"
    raw.mkdir()
    (raw / "jiaxing_2022_plan.txt").write_text(JIAXING_PLAN, encoding="utf-8")
    (raw / "jiaxing_2022_summary.txt").write_text(JIAXING_SUMMARY, encoding="utf-8")
    for path in sorted(LINKED_FIXTURES.glob("*.txt")):
        shutil.copy(path, raw / path.name)
    published = root / "out" / "health.duckdb"
    _refresh, result = run_pipeline(raw, root / "work" / "w.duckdb", published)
    assert result.success
    return result, published


def _page(published: Path) -> str:
    return (published.parent / REPORT_DIRNAME / "index.html").read_text(encoding="utf-8")


def _query(published: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(published), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _section(page: str, heading: str) -> str:
    """The HTML of the region section whose <h2> is `heading`, up to the next section."""
    start = page.index(f"<h2>{html.escape(heading)}</h2>")
    end = page.find("<section", start)
    return page[start:] if end < 0 else page[start:end]


def test_every_region_has_a_section_with_chart_and_evidence(linked_run):
    result, published = linked_run
    [materialization] = [m.materialization for m in result.get_asset_materialization_events()
                         if m.asset_key == dg.AssetKey("attainment_report")]
    page = _page(published)
    regions = [r[0] for r in _query(published, "SELECT DISTINCT region FROM target_vs_outcome WHERE is_latest")]
    reports = pl.DataFrame(_query(published, "SELECT coalesce(g.region, r.region), r.region, r.doc_id "
                                             "FROM reports r LEFT JOIN report_regions g USING (doc_id)"),
                           schema=["region", "region_as_written", "doc_id"], orient="row")
    assert JIAXING in regions
    assert materialization.metadata["regions"].value == len(regions)
    assert page.count("<section ") == len(regions)
    for region in regions:
        section = _section(page, region_title(region, reports))
        assert "<svg" in section and "<table>" in section
    report_dir = published.parent / REPORT_DIRNAME
    pngs = sorted(report_dir.glob("region_*.png"))
    assert len(pngs) == len(regions)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    assert all(f'href="{p.name}"' in page for p in pngs)


def test_linked_pair_shows_met_not_met_and_pending_with_evidence(linked_run):
    _, published = linked_run
    section = _section(_page(published), JIAXING)
    rows = {re.sub(r"<[^>]+>", "", m.group(1)): m.group(0) for m in
            re.finditer(r"<tr><td>\d+</td><td>.*?</td>\s*<td>([^<]+)</td>.*?</tr>", section, re.S)}
    assert STATUS_COLOURS["met"] in rows["家庭医生签约率"] and "47.2%" in rows["家庭医生签约率"]
    assert STATUS_COLOURS["not_met"] in rows["居民电子健康档案建档率"] and "86.5%" in rows["居民电子健康档案建档率"]
    assert STATUS_COLOURS["pending"] in rows["高血压患者规范管理率"]
    # the evidence: both sentences and both reports, under the chart
    assert "全市家庭医生签约率达到47.2%" in rows["家庭医生签约率"]
    assert "jiaxing_2022_plan" in rows["家庭医生签约率"] and "jiaxing_2022_summary" in rows["家庭医生签约率"]
    assert "45%以上" in rows["家庭医生签约率"]
    # verdicts before pending targets, in the table as in the chart
    assert section.index("居民电子健康档案建档率") < section.index("家庭医生签约率") < section.index("高血压患者规范管理率")


def test_report_text_is_escaped(linked_run, tmp_path):
    _, published = linked_run
    copy = tmp_path / "hostile" / "health.duckdb"
    copy.parent.mkdir()
    shutil.copy(published, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("UPDATE reports SET title = '<script>alert(1)</script>' || title "
                    "WHERE doc_id = 'jiaxing_2022_plan'")
        con.execute("UPDATE target_vs_outcome SET target_sentence = target_sentence || '<img src=x onerror=alert(2)>' "
                    "WHERE target_doc_id = 'jiaxing_2022_plan'")
        con.execute("UPDATE target_vs_outcome SET indicator = indicator || ' & <em>' "
                    "WHERE target_doc_id = 'jiaxing_2022_plan'")
    finally:
        con.close()
    page = write_attainment_report(copy).index_html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;嘉兴市卫生健康委员会2022年工作要点" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "家庭医生签约率 &amp; &lt;em&gt;" in page
    assert "<script" not in page and "<img" not in page and "<em>" not in page


def test_report_is_offline(linked_run):
    _, published = linked_run
    page = _page(published)
    assert "<script" not in page  # charts are inline SVG: no JavaScript at all, so nothing to fetch
    assert not re.search(r"https?://", page), re.findall(r"https?://\S{0,60}", page)
    assert not re.search(r"""(src|href)\s*=\s*["']?//""", page)
    assert "cdn" not in page.lower()


def _files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_warehouse_gives_the_same_bytes(linked_run, tmp_path):
    """A rebuild copies unchanged charts from the previous report (none is drawn again) and writes the very bytes a
    report drawn from scratch has."""
    _, published = linked_run
    report_dir = published.parent / REPORT_DIRNAME
    before = _files(report_dir)
    summary = write_attainment_report(published)
    after = _files(report_dir)
    assert after == before
    assert summary.charts_drawn == 0 and summary.charts
    scratch = write_attainment_report(published, tmp_path / "scratch")
    assert scratch.charts_drawn == len(scratch.charts) and _files(tmp_path / "scratch") == after
    page = after["index.html"].decode("utf-8")
    generation = _query(published, "SELECT value FROM pipeline_state WHERE key = 'generation'")[0][0]
    assert summary.generation == generation
    assert f"Warehouse generation {generation}:" in page
    assert not list(published.parent.glob(f".{REPORT_DIRNAME}*"))  # no staging folder left behind
