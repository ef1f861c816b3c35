"""A minimal cleaner used only when `pipelines.ingest` cannot be imported (development fallback).

NFKC → OpenCC t2s → drop "(pinyin)" glosses → sentences on 。；;！？ and newlines,
part headings (下半年/下一步/明年…) marked 'plan'.  Not a substitute for ingestion.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pipelines.ingest.model import CleanReport, OffsetMap, Section, Sentence

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])(.*)$", re.M)
_PLAN_HEADING = re.compile(r"下半年|下一步|明年|\d{4}年.{0,6}(?:计划|思路|安排|打算)|工作(?:计划|思路|安排|打算)")
_SENT = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")


def clean_report(path: Path) -> CleanReport:
    raw = Path(path).read_text(encoding="utf-8", errors="replace")
    text = unicodedata.normalize("NFKC", raw)
    try:
        import opencc

        text = opencc.OpenCC("t2s").convert(text)
    except ImportError:
        pass
    text = _PINYIN.sub("", text)
    head = text[:400]
    years = sorted({int(y) for y in re.findall(r"(20\d{2})年", head)})
    year = years[0] if years else None
    title = head.strip().splitlines()[0] if head.strip() else ""
    kind = "summary"
    if "要点" in head:
        kind = "work_points"
    elif "上半年" in head and ("下半年" in head):
        kind = "midyear_summary"
    elif "实施情况" in head:
        kind = "implementation_review"
    elif "总结" not in head and "计划" in head:
        kind = "plan"
    sections: list[Section] = []
    part = None
    for i, m in enumerate(_HEADING.finditer(text)):
        level = 1 if m.group(1).endswith("、") else 2
        if level == 1:
            part = "plan" if _PLAN_HEADING.search(m.group(2)) else "review"
        sections.append(Section(i, None, level, m.group(1), m.group(2).strip(), m.group(2).strip(), m.start(), len(text), part))
    starts = [s.start for s in sections]
    sentences = []
    import bisect

    for j, m in enumerate(_SENT.finditer(text)):
        if not m.group(0).strip():
            continue
        k = bisect.bisect_right(starts, m.start()) - 1
        sentences.append(Sentence(j, sections[k].section_id if k >= 0 else None, m.start(), m.end(), m.group(0)))
    return CleanReport(
        doc_id=Path(path).stem, source_path=str(path), content_hash="", byte_size=len(raw.encode()),
        encoding="utf-8", raw_text=raw, clean_text=text, offsets=OffsetMap((), (), ()),
        title=title, report_kind=kind, year=year, years=tuple(years), sections=sections, sentences=sentences,
    )
