"""The table reader: case table of table shapes (tests/cases/tables.json) run through ingestion and
`read_tables`, plus HTML grid placement, provenance back to the raw file, and bad input."""
from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from pipelines.extract import ExtractionContext
from pipelines.extract.tables import TableReading, read_tables
from pipelines.ingest import ingest_bytes

CASES = json.loads((Path(__file__).parent / "cases" / "tables.json").read_text(encoding="utf-8"))["cases"]


def _input(case: dict) -> str:
    return "\n".join(case["lines"]) if "lines" in case else case["text"]


def _read(case: dict, year_at=None):
    report = ingest_bytes(_input(case).encode("utf-8"), doc_id=case["name"], is_html=bool(case.get("html")))
    ctx = ExtractionContext.from_report(report)
    for key, value in case.get("context", {}).items():
        setattr(ctx, key, value)
    return report, ctx, read_tables(ctx, year_at)


def _row(fact) -> tuple:
    value = int(fact.value) if float(fact.value).is_integer() else fact.value
    return (fact.indicator, value, fact.unit, fact.kind, fact.year, fact.qualifier, fact.region)


def _expected(case: dict) -> list[tuple]:
    return [tuple(int(v) if isinstance(v, float) and v.is_integer() else v for v in row) for row in case["expect"]]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_table_shape(case):
    _report, _ctx, reading = _read(case)
    assert sorted(map(_row, reading.facts), key=repr) == sorted(_expected(case), key=repr)
    if "unplaced" in case:
        assert reading.unplaced_cells == case["unplaced"]
    if case.get("no_spans"):
        assert reading.spans == []
    for fact in reading.facts:
        assert fact.source == "table" and fact.is_change == fact.indicator.endswith("增长")
        assert any(a <= fact.start and fact.end <= b for a, b in reading.spans), "a fact outside every table span"


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"]], ids=[c["name"] for c in CASES if c["expect"]])
def test_each_fact_maps_back_to_its_cell_number_in_the_raw_file(case):
    report, _ctx, reading = _read(case)
    for fact in reading.facts:
        assert report.clean_text[fact.start:fact.end] == fact.value_text
        raw_start, raw_end = report.offsets.to_raw(fact.start, fact.end)
        raw = report.raw_text[raw_start:raw_end]
        digits = "".join(ch for ch in fact.value_text if ch.isdigit() or ch == ".")
        assert digits and digits in raw.replace(",", ""), (fact.indicator, fact.value_text, raw)
        assert fact.sentence_start <= fact.start < fact.end <= fact.sentence_end


def _case(name: str) -> dict:
    return next(c for c in CASES if c["name"] == name)


def test_target_outcome_and_rate_of_a_row_share_a_pair_and_the_row_nature():
    _report, _ctx, reading = _read(_case("html_two_row_header_caption_unit"))
    by_name: dict[str, list] = {}
    for fact in reading.facts:
        by_name.setdefault(fact.indicator.removesuffix("完成率"), []).append(fact)
    pairs = {name: {f.pair for f in facts} for name, facts in by_name.items()}
    assert all(len(p) == 1 and None not in p for p in pairs.values())
    assert len({next(iter(p)) for p in pairs.values()}) == len(pairs)
    assert {f.nature for f in by_name["公共卫生服务经费"]} == {"约束性"}
    assert {f.nature for f in by_name["家庭医生签约率"]} == {"预期性"}
    assert all(f.year_source == "table" for f in reading.facts)


def test_column_groups_pair_per_group_within_a_row():
    _report, _ctx, reading = _read(_case("flat_column_groups_districts_total"))
    shanghai = [f for f in reading.facts if f.region == "上城区"]
    groups = {}
    for fact in shanghai:
        groups.setdefault(fact.indicator.removesuffix("完成率"), set()).add(fact.pair)
    assert all(len(p) == 1 for p in groups.values()) and len({min(p) for p in groups.values()}) == 2


def test_a_year_callable_dates_columns_whose_header_names_no_year():
    calls = []

    def year_at(offset):
        calls.append(offset)
        return 2022, "section"

    _report, _ctx, reading = _read(_case("text_space_table"), year_at)
    assert calls and {(f.year, f.year_source) for f in reading.facts} == {(2022, "section")}
    _report, _ctx, reading = _read(_case("text_pipe_plan_table"), year_at)
    assert {(f.year, f.year_source) for f in reading.facts} == {(2023, "table"), (2024, "table")}


def test_change_columns_are_changes():
    case = {"name": "change", "context": {"year": 2023, "report_kind": "summary"},
            "lines": ["| 指标 | 2023年完成 | 比上年增长(%) |", "| 门诊人次(万人次) | 128.6 | 7.2 |", "| 住院人次(人次) | 4890 | -2.5 |",
                      "运行平稳。"]}
    _report, _ctx, reading = _read(case)
    changes = {(f.indicator, f.value, f.unit, f.change) for f in reading.facts if f.is_change}
    # a fall is stored as its size with the direction in the name, as a sentence's 下降2.5% is
    assert changes == {("门诊人次增长", 7.2, "%", "increase"), ("住院人次下降", 2.5, "%", "decrease")}


# --- HTML grids from ingestion ------------------------------------------------------------------------------------

PLACEMENT_PAGE = (
    "<html><body><p>附表</p><table>"
    "<tr><th rowspan=2>类别<th>指标<th colspan=2>2023年</tr>"
    "<tr><th>名称<th>目标<th>完成</tr>"
    "<tr><td rowspan=2>医疗<td>床位(张)<td>100<td>98"
    "<tr><td>医师(人)<td colspan=2>50"
    "<tr><td>公卫</td><td>签约率(%)</td><td>&ge;75</td><td>78</td></tr>"
    "</table><p>以上。</p></body></html>"
)


def test_html_rowspan_and_colspan_place_cells_in_the_grid():
    report = ingest_bytes(PLACEMENT_PAGE.encode(), doc_id="grid", is_html=True)
    (grid,) = report.tables
    placed = {(c.row, c.col): (c.rowspan, c.colspan, c.header, report.clean_text[c.start:c.end]) for c in grid.cells}
    assert placed == {
        (0, 0): (2, 1, True, "类别"), (0, 1): (1, 1, True, "指标"), (0, 2): (1, 2, True, "2023年"),
        (1, 1): (1, 1, True, "名称"), (1, 2): (1, 1, True, "目标"), (1, 3): (1, 1, True, "完成"),
        (2, 0): (2, 1, False, "医疗"), (2, 1): (1, 1, False, "床位(张)"), (2, 2): (1, 1, False, "100"),
        (2, 3): (1, 1, False, "98"), (3, 1): (1, 1, False, "医师(人)"), (3, 2): (1, 2, False, "50"),
        (4, 0): (1, 1, False, "公卫"), (4, 1): (1, 1, False, "签约率(%)"), (4, 2): (1, 1, False, "≥75"),
        (4, 3): (1, 1, False, "78"),
    }
    assert report.clean_text[grid.start:grid.end].startswith("类别") and report.clean_text[grid.start:grid.end].endswith("78")
    for cell in grid.cells:  # every cell's clean text maps back to its <td>'s content in the raw page
        raw_start, raw_end = report.offsets.to_raw(cell.start, cell.end)
        clean = report.clean_text[cell.start:cell.end]
        assert report.raw_text[raw_start:raw_end] == clean.replace("≥", "&ge;")


def test_html_colspan_value_is_read_once_and_header_rows_under_a_category():
    report = ingest_bytes(PLACEMENT_PAGE.encode(), doc_id="grid", is_html=True)
    ctx = ExtractionContext.from_report(report)
    ctx.year, ctx.report_kind = 2023, "summary"
    reading = read_tables(ctx)
    rows = sorted(map(_row, reading.facts), key=repr)
    assert rows == sorted([
        ("床位", 100, "张", "target", 2023, None, None), ("床位", 98, "张", "outcome", 2023, None, None),
        ("医师", 50, "人", "target", 2023, None, None),
        ("签约率", 75, "%", "target", 2023, "不低于", None), ("签约率", 78, "%", "outcome", 2023, None, None),
    ], key=repr)


def test_cell_text_removed_by_cleaning_gets_an_empty_span():
    page = ("<html><body><table><tr><th>指标</th><th>目标</th></tr><tr><td>床位(张)</td><td>100</td></tr>"
            "<tr><td>医师(人)</td><td>12</td></tr></table></body></html>")
    report = ingest_bytes(page.encode(), doc_id="removed", is_html=True)
    (grid,) = report.tables
    last = max(grid.cells, key=lambda c: (c.row, c.col))
    assert last.start == last.end  # a stray number at the very end of a page is furniture to ingestion
    assert all(c.end > c.start for c in grid.cells if c is not last)


def test_nested_table_is_its_own_grid_and_the_outer_cell_is_not_read():
    page = ("<html><body><table><tr><td>布局</td><td><table><tr><th>指标</th><th>目标</th><th>完成</th></tr>"
            "<tr><td>床位数(张)</td><td>100</td><td>98</td></tr></table></td></tr></table><p>以上。</p></body></html>")
    report = ingest_bytes(page.encode(), doc_id="nested", is_html=True)
    assert len(report.tables) == 2
    outer, inner = sorted(report.tables, key=lambda g: g.end - g.start, reverse=True)
    assert outer.start <= inner.start and inner.end <= outer.end
    assert [(c.row, c.col) for c in inner.cells] == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    ctx = ExtractionContext.from_report(report)
    ctx.year = 2023
    reading = read_tables(ctx)
    assert sorted((f.indicator, f.value, f.kind) for f in reading.facts) == [("床位数", 98, "outcome"), ("床位数", 100, "target")]


def test_text_report_has_no_grids():
    report = ingest_bytes("指标|目标\n床位数(张)|100\n以上。".encode(), doc_id="text")
    assert report.tables == []


# --- bad input ----------------------------------------------------------------------------------------------------


def test_unclosed_and_malformed_tables_still_ingest_and_read():
    page = ("<html><body><table><tr><th>指标<th>目标<th>完成<tr><td>床位(张)<td>100<td>98<tr><td rowspan=0 colspan=99999>x"
            "<td rowspan=abc>5<table><tr><td>1</body></html>")
    report = ingest_bytes(page.encode(), doc_id="malformed", is_html=True)
    assert len(report.tables) == 2
    reading = read_tables(ExtractionContext.from_report(report))
    assert isinstance(reading, TableReading)


@pytest.mark.parametrize("seed", range(40))
def test_reader_never_raises_on_hostile_text(seed):
    rng = random.Random(seed)
    pieces = ["指标", "目标", "完成", "完成率", "2023年", "地区", "上城区", "合计", "—", "-", "/", "预期性", "约束性", "张",
              "(万元)", "单位:万元", "1.5", "12%", "≥90", "10/11", "1,200", "以上", "|", "｜", "\t", "   ", "\n", "\n", "\n",
              "", "家庭医生签约 高血压管理", "序号", "1", "类别"]
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(5, 600)))
    ctx = ExtractionContext.from_text(text or "空", doc_id=f"fuzz{seed}", year=2023)
    reading = read_tables(ctx)
    for fact in reading.facts:
        assert 0 <= fact.start < fact.end <= len(text)
        assert math.isfinite(fact.value)
    assert reading.unplaced_cells >= 0


@pytest.mark.parametrize("seed", range(10))
def test_reader_never_raises_on_hostile_html(seed):
    rng = random.Random(seed)
    tags = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<td rowspan=3>", "<td colspan=2>",
            "<thead>", "</thead>", "<caption>", "</caption>", "指标", "目标", "98", "1.5万", "上城区", "&ge;", "<p>", "说明。"]
    page = "<html><body>" + "".join(rng.choice(tags) for _ in range(rng.randint(5, 300))) + "<p>结束。</p></body></html>"
    report = ingest_bytes(page.encode(), doc_id=f"html{seed}", is_html=True)
    for grid in report.tables:
        for cell in grid.cells:
            assert 0 <= cell.start <= cell.end <= len(report.clean_text)
    read_tables(ExtractionContext.from_report(report))


def test_prose_costs_no_table_work(monkeypatch):
    """On prose the line scans are gated away: no region of short lines is ever built."""
    import pipelines.extract.table_shapes as shapes

    def forbidden(*_args, **_kwargs):
        raise AssertionError("scanned a prose page for flattened tables")

    monkeypatch.setattr(shapes, "_short_line_region", forbidden)
    text = "2023年,全市家庭医生签约率达到45.6%,新增床位1200张。力争明年达到50%。\n" * 200
    assert read_tables(ExtractionContext.from_text(text)) == TableReading([], [], 0)


# --- one cell -----------------------------------------------------------------------------------------------------

CELLS = [
    ("1,200", (1200, None, None, None)), ("≥75", (75, None, None, "不低于")), ("≤ 10", (10, None, None, "不超过")),
    ("50以上", (50, None, None, "以上")), ("5%以内", (5, None, "%", "以内")), ("不低于95%", (95, None, "%", "不低于")),
    ("达到95%", (95, None, "%", None)), ("约290", (290, None, None, "约")), ("80-85%", (80, 85, "%", None)),
    ("-2.5", (-2.5, None, None, None)), ("1,200.5万元", (12005000, None, "元", None)), ("4万余人", (40000, None, "人", "余")),
    ("3.2/10万", (3.2, None, "/10万", None)), ("95%(省定)", (95, None, "%", None)),
    ("", None), ("—", None), ("-", None), ("/", None), ("基本实现", None), ("2025年", None), ("2023年底前", None),
    ("1200/1250", "unreadable"), ("12(13)", "unreadable"), ("95%,98%", "unreadable"),
]


@pytest.mark.parametrize("text, expected", CELLS, ids=[c[0] or "empty" for c in CELLS])
def test_cell_values(text, expected):
    from pipelines.extract.table_cells import UNREADABLE, Span, parse_cell, table_lexicon

    parsed = parse_cell(Span(100, 100 + len(text), text), table_lexicon())
    if expected is None or expected == "unreadable":
        assert parsed is (None if expected is None else UNREADABLE)
        return
    value, high, unit, qualifier = expected
    magnitude = parsed.magnitude * (parsed.unit[1] if parsed.unit else 1)
    assert (parsed.value * magnitude, parsed.value_high, parsed.unit[0] if parsed.unit else None, parsed.qualifier) == (
        value, high, unit, qualifier)
    assert text[parsed.start - 100:parsed.end - 100].lstrip("-")[:1].isdigit()


def test_html_grids_survive_the_warehouse_round_trip():
    """Re-extraction reads a report back from the warehouse: its HTML grids come from report_texts.html_tables
    (frames.text_row → JSON → extraction_run.StoredReport) and must give the very facts a fresh parse gives."""
    import dataclasses
    import json as json_lib

    from pipelines.extract import ExtractionContext, read_report
    from pipelines.ingest import ingest_bytes
    from pipelines.ingest.model import TableGrid
    from pipelines.warehouse.frames import text_row

    page = (Path(__file__).parent / "gold" / "docs" / "t01_html_plan_merged_cells_2024.html").read_bytes()
    report = ingest_bytes(page, doc_id="t01", is_html=True)
    assert report.tables
    stored = json_lib.loads(text_row(report)["html_tables"])
    again = dataclasses.replace(report, tables=[TableGrid.from_list(grid) for grid in stored])
    assert again.tables == report.tables
    fresh = [f.to_record() for f in read_report(ExtractionContext.from_report(report)).facts]
    reread = [f.to_record() for f in read_report(ExtractionContext.from_report(again)).facts]
    assert reread == fresh and any(f["source"] == "table" for f in fresh)
