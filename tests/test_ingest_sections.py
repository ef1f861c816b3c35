"""Heading hierarchy (levels, parents, paths, review/plan parts) and sentence splitting."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipelines.ingest import ingest_report
from pipelines.ingest.sections import build_sections, find_headings, split_sentences

RAW = Path(__file__).parents[1] / "raw"


@cache
def sample(prefix: str):
    return ingest_report(next(RAW.glob(f"{prefix}_*.txt")))


def _by_path(report):
    return {s.path: s for s in report.sections}


def test_sample_002_tree_levels_paths_and_parts():
    report = sample("002")
    sections = _by_path(report)
    top = [s for s in report.sections if s.level == 1]
    assert [(s.marker, s.heading, s.part) for s in top] == [
        ("一、", "上半年工作总结", "review"),
        ("二、", "下半年主要工作安排", "plan"),
    ]
    sub = sections["上半年工作总结 > 优化健康发展环境,健康要素保障坚实有力"]
    assert (sub.level, sub.marker, sub.part, sub.parent_id) == (2, "(一)", "review", top[0].section_id)
    clause = sections["上半年工作总结 > 优化健康发展环境,健康要素保障坚实有力 > 民生实事项目按期实施"]
    assert (clause.level, clause.marker, clause.part) == (4, "一是", "review")
    plan = sections["下半年主要工作安排 > 抓基层、强基础,加快建立健康诊疗新秩序 > 做实做细家庭医生签约服务"]
    assert (plan.level, plan.marker, plan.part) == (4, "二是", "plan")
    # the 65% coverage target sits in a plan part
    target = next(s for s in report.sentences if "覆盖率达到65%以上" in s.text)
    assert report.sections[target.section_id].part == "plan"
    assert report.sections[target.section_id].path == plan.path
    outcome = next(s for s in report.sentences if "居民健康素养水平达到23.71%" in s.text)
    assert report.sections[outcome.section_id].part == "review"


def test_sample_001_tree_levels_paths_and_parts():
    report = sample("001")
    top = [(s.marker, s.heading, s.part) for s in report.sections if s.level == 1]
    assert top == [
        ("一、", "2020年卫计工作总结", "review"),
        ("二、", "亮点工作", "review"),
        ("三、", "2020年工作计划", "plan"),
    ]
    sections = _by_path(report)
    assert sections["2020年卫计工作总结 > 卫生工作长足进步 > 基本公共卫生"].level == 3
    assert sections["2020年卫计工作总结 > 卫生工作长足进步 > 基本公共卫生"].marker == "1."
    assert sections["2020年卫计工作总结 > 计生工作保持新国优 > 两扶工作"].marker == "1、"
    assert "2020年卫计工作总结 > 计生工作保持新国优 > 2020年度独生子女保健费发放工作" in sections
    assert sections["2020年工作计划 > 深化卫计工作改革 > 加强人才队伍建设 > 质量安全培训"].level == 4
    assert sections["亮点工作 > 巩固省级卫生城市创建成果"].part == "review"


def test_sample_000_number_at_line_start_is_not_a_heading():
    report = sample("000")
    assert not any(s.heading.startswith("6个") or s.marker == "3." and s.heading.startswith("6") for s in report.sections)
    headings = [(s.level, s.heading) for s in report.sections]
    assert (1, "工作情况及成效") in headings
    assert (3, "重大疾病预防控制能力不断增强") in headings
    assert [s.part for s in report.sections if s.level == 1] == ["review", "review"]


def test_sections_nest_and_cover_their_children():
    for prefix in ("000", "001", "002", "003", "004"):
        report = sample(prefix)
        for section in report.sections:
            assert section.start < section.end <= len(report.clean_text)
            if section.parent_id is not None:
                parent = report.sections[section.parent_id]
                assert parent.level < section.level
                assert parent.start < section.start and section.end <= parent.end
                assert section.path.startswith(parent.path + " > ")


HEADING_CASES = [
    # (line, expected (level, marker, heading) or None)
    ("一、工作情况及成效", (1, "一、", "工作情况及成效")),
    ("十二、其他工作", (1, "十二、", "其他工作")),
    ("(一)务实笃行抓推进,医疗服务水平再提升", (2, "(一)", "务实笃行抓推进,医疗服务水平再提升")),
    ("(三)加强宣传教育工作", (2, "(三)", "加强宣传教育工作")),
    ("1.助力公立医院提档升级。紧紧围绕", (3, "1.", "助力公立医院提档升级")),
    ("1、两扶工作:2020年全年共有农村奖扶对象2300人", (3, "1、", "两扶工作")),
    ("1. 基本公共卫生:2020年我局按照", (3, "1.", "基本公共卫生")),
    ("(1)门诊量", (4, "(1)", "门诊量")),
    ("一是打造特色重点。确定神经内科", (4, "一是", "打造特色重点")),
    ("下半年工作思路", (1, "", "下半年工作思路")),
    ("2020年工作计划", (1, "", "2020年工作计划")),
    ("3.6个,新增普惠性托育机构省级1家、市级2家。", None),   # a number, not heading 3
    ("2023年是贯彻党的二十大精神的开局之年。", None),        # a year, not a heading
    ("4.25预防接种宣传日活动有序开展。", None),
    ("这一是非常重要的工作。", None),                       # 一是 not at a sentence start
]


@pytest.mark.parametrize("line,expected", HEADING_CASES)
def test_heading_markers(line, expected):
    headings = [(h.level, h.marker, h.heading) for h in find_headings(line)]
    assert headings[:1] == ([expected] if expected else [])


def test_inline_clauses_after_a_sentence_end():
    text = "(一)卫生工作\n加强队伍建设。一是质量安全培训。二是科技教育;三是继续开展签约服务培训。"
    sections = build_sections(text)
    assert [(s.level, s.marker, s.heading) for s in sections] == [
        (2, "(一)", "卫生工作"), (4, "一是", "质量安全培训"), (4, "二是", "科技教育"), (4, "三是", "继续开展签约服务培训"),
    ]
    assert all(s.parent_id == 0 for s in sections[1:])


def test_plan_part_from_stand_alone_part_heading():
    text = "上半年工作总结\n一、医疗服务\n门诊量增长10%。\n下半年工作思路\n一、医疗服务\n力争门诊量增长12%。"
    sections = build_sections(text, report_kind="summary_and_plan")
    sentences = split_sentences(text, sections)
    parts = {s.text: sections[s.section_id].part for s in sentences if s.section_id is not None}
    assert parts["门诊量增长10%。"] == "review"
    assert parts["力争门诊量增长12%。"] == "plan"


SENTENCE_CASES = [
    ("全区签约率提升3个百分点。新增床位24张;预计11月完工", ["全区签约率提升3个百分点。", "新增床位24张;", "预计11月完工"]),
    ("一、工作情况\n今年以来,成效明显!下一步?", ["一、工作情况", "今年以来,成效明显!", "下一步?"]),
    ("提出“健康优先。人人参与”的口号。继续推进。", ["提出“健康优先。人人参与”的口号。", "继续推进。"]),
    # mojibake debris is not a question mark: the sentence stays whole
    ("全区目前总?cè)丝跀?shù)为619835人,接种率为95.35%。", ["全区目前总?cè)丝跀?shù)为619835人,接种率为95.35%。"]),
    ("促进了我区卫计事业长足发展?,F(xiàn)将工作报告如下:", ["促进了我区卫计事业长足发展?,F(xiàn)将工作报告如下:"]),
]


@pytest.mark.parametrize("text,expected", SENTENCE_CASES)
def test_sentence_split(text, expected):
    sentences = split_sentences(text, [])
    assert [s.text for s in sentences] == expected
    assert all(text[s.start:s.end] == s.text for s in sentences)


@pytest.mark.parametrize(
    "fast,spec,alphabet",
    [
        ("_SENTENCE_END", "SENTENCE_END_SPEC", "。！;?\n”\"a,(x一"),
        ("_INLINE_HEADING", "INLINE_HEADING_SPEC", "一二三十是的否。;:x"),
    ],
)
def test_class_first_scans_equal_their_readable_forms_on_fuzzed_text(fast, spec, alphabet):
    import random
    import re

    from pipelines.ingest import sections

    fast_re, spec_re = getattr(sections, fast), re.compile(getattr(sections, spec))
    rng = random.Random(5)
    for _ in range(30000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        expected = [(m.span(), m.groups()) for m in spec_re.finditer(text)]
        assert [(m.span(), m.groups()) for m in fast_re.finditer(text)] == expected, repr(text)
