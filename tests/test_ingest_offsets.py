"""Offset map property: every clean sentence, and random Han/digit spans, map back to the raw
slice they came from (after the same character normalisation)."""
from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import pytest

from pipelines.ingest import OffsetMap, ingest_report
from pipelines.ingest.normalise import normalise_fragment

RAW = Path(__file__).parents[1] / "raw"
SAMPLES = sorted(RAW.glob("*.txt"))
HAN_DIGIT_RUN = re.compile(r"[\u4e00-\u9fff0-9]{2,}")


@cache
def report_of(path: Path):
    return ingest_report(path)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem[:3] for p in SAMPLES])
def test_every_sentence_maps_back_to_its_raw_text(path):
    report = report_of(path)
    assert report.sentences
    for sentence in report.sentences:
        assert report.clean_text[sentence.start:sentence.end] == sentence.text
        start, end = report.offsets.to_raw(sentence.start, sentence.end)
        assert normalise_fragment(report.raw_text[start:end]) == sentence.text


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem[:3] for p in SAMPLES])
def test_random_han_digit_spans_map_back(path):
    report = report_of(path)
    rng = random.Random(path.stem)
    runs = [m.span() for m in HAN_DIGIT_RUN.finditer(report.clean_text)]
    for run_start, run_end in rng.sample(runs, min(300, len(runs))):
        start = rng.randrange(run_start, run_end - 1)
        end = rng.randrange(start + 1, run_end + 1)
        raw_start, raw_end = report.offsets.to_raw(start, end)
        assert normalise_fragment(report.raw_text[raw_start:raw_end]) == report.clean_text[start:end]


def test_html_entities_map_to_their_whole_source_span(tmp_path):
    page = "<html><body><p>签约率达到&nbsp;45.6%&amp;床位1200张</p></body></html>"
    path = tmp_path / "entities.html"
    path.write_text(page, encoding="utf-8")
    report = ingest_report(path)
    clean = report.clean_text
    assert clean == "签约率达到 45.6%&床位1200张"
    for fragment, raw in [(" ", "&nbsp;"), ("&", "&amp;"), ("达到 45.6%&床", "达到&nbsp;45.6%&amp;床"),
                          ("45.6%&", "45.6%&amp;")]:
        start = clean.index(fragment)
        raw_start, raw_end = report.offsets.to_raw(start, start + len(fragment))
        assert report.raw_text[raw_start:raw_end] == raw


def test_offset_map_round_trips_through_storage():
    report = report_of(SAMPLES[1])
    flat = report.offsets.to_list()
    assert OffsetMap.from_list(flat) == report.offsets
    assert len(flat) % 3 == 0


def test_html_sentences_map_back_through_inline_markup(tmp_path):
    from pipelines.ingest.html import html_to_text
    from pipelines.ingest.normalise import normalise

    page = ("<html><head><title>工作总结</title><script>var a = 1;</script></head><body>"
            "<p>一、<b>主要成效</b></p><p>全市家庭医生签约率达到<span class='n'>45.6%</span>,"
            "新增床位&nbsp;1200张。力争明年达到５０％。</p><div>总結(jié)完畢</div></body></html>")
    path = tmp_path / "inline.html"
    path.write_text(page, encoding="utf-8")
    report = ingest_report(path)
    texts = [s.text for s in report.sentences]
    assert texts == ["一、主要成效", "全市家庭医生签约率达到45.6%,新增床位 1200张。", "力争明年达到50%。", "总结完毕"]
    for sentence in report.sentences:
        start, end = report.offsets.to_raw(sentence.start, sentence.end)
        tracked, _ = normalise(html_to_text(report.raw_text[start:end]))
        assert tracked.text.strip() == sentence.text
    assert report.repaired_count == 1
