"""The public API: context from a CleanReport, offsets, records, bounds."""
from __future__ import annotations

import math

from pipelines.extract import ExtractionContext, IndicatorFact, SectionInfo, extract_facts
from pipelines.ingest.model import CleanReport, OffsetMap, Section, Sentence

TEXT = "一、上半年工作总结\n全市签约率达到31.57%。\n二、下半年工作安排\n年底前重点人群签约服务覆盖率达到65%以上。\n"


def _report() -> CleanReport:
    review_end = TEXT.index("二、")
    sections = [
        Section(0, None, 1, "一、", "上半年工作总结", "上半年工作总结", 0, review_end, "review"),
        Section(1, None, 1, "二、", "下半年工作安排", "下半年工作安排", review_end, len(TEXT), "plan"),
    ]
    sentences = []
    for i, line in enumerate(TEXT.splitlines()):
        start = TEXT.index(line)
        sentences.append(Sentence(i, 0 if start < review_end else 1, start, start + len(line), line))
    return CleanReport(
        doc_id="doc", source_path="", content_hash="", byte_size=0, encoding="utf-8", raw_text=TEXT,
        clean_text=TEXT, offsets=OffsetMap((), (), ()), report_kind="midyear_summary", year=2019,
        years=(2019,), sections=sections, sentences=sentences,
    )


def test_extract_from_report_uses_parts_for_kind():
    ctx = ExtractionContext.from_report(_report())
    plan = ctx.sections[1]
    assert (plan.path, plan.part, plan.level, plan.heading) == ("下半年工作安排", "plan", 1, "下半年工作安排")
    assert isinstance(plan, SectionInfo) and plan.start == TEXT.index("二、") and plan.end == len(TEXT)
    facts = extract_facts(ctx)
    assert [(f.value, f.kind, f.year) for f in facts] == [(31.57, "outcome", 2019), (65.0, "target", 2019)]
    assert facts[1].section_path == "下半年工作安排"
    assert facts[1].qualifier == "以上" and facts[1].lower == 65.0 and facts[1].upper == math.inf


def test_extract_offsets_point_at_value_text():
    ctx = ExtractionContext.from_report(_report())
    for fact in extract_facts(ctx):
        assert ctx.text[fact.start:fact.end] == fact.value_text
        assert fact.sentence_start <= fact.start < fact.end <= fact.sentence_end


def test_extract_record_is_json_ready():
    fact = extract_facts(ExtractionContext.from_text("力争签约率25%以上。", year=2023))[0]
    assert isinstance(fact, IndicatorFact)
    record = fact.to_record()
    assert record["doc"] == record["doc_id"] == "text"
    assert record["upper"] is None and record["lower"] == 25.0


def test_extract_empty_text():
    assert extract_facts(ExtractionContext.from_text("")) == []
