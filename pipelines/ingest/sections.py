"""Heading hierarchy and sentences of a cleaned report.

Officialese enumerators: "一、" (1), "(一)" (2), "1." / "1、" (3), "(1)" / "①"
and the inline "一是…" clauses (4).  Stand-alone part headings such as
上半年工作总结 / 下半年工作思路 and level-1 headings carrying a part cue set
`part` ('review' | 'plan') for everything under them; the cue regexes live in
`pipelines/lexicons/report_metadata.json`.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.ingest.metadata import LEXICON
from pipelines.ingest.model import Section, Sentence

_CN_NUM = "一二三四五六七八九十"
_LINE_HEADINGS = (
    (1, re.compile(rf"^([{_CN_NUM}]{{1,3}}、)\s*")),
    (2, re.compile(rf"^([((][{_CN_NUM}]{{1,3}}[))])\s*")),
    # "3.6个" is a number, not heading 3: the enumerator must not be followed by a digit
    (3, re.compile(r"^(\d{1,2}(?:、|\.(?!\d)|\.(?=\s)))\s*")),
    (4, re.compile(r"^([((]\d{1,2}[))]|[①-⑳])\s*")),
)
# "一是…" only at a sentence start (or right after a colon: "加大信息化建设:一是…")
INLINE_HEADING_SPEC = rf"(?:^|(?<=[。;;::!！?？]))([{_CN_NUM}]{{1,3}}是)(?![的否])"
# the same, opening with the numeral class (the line-start/punctuation test moves into a lookbehind after it),
# so re skips to numerals in C instead of trying the pattern at every character; tests hold it to the spec
_INLINE_HEADING = re.compile(rf"([{_CN_NUM}](?<=(?<![^。;;::!！?？])[{_CN_NUM}])[{_CN_NUM}]{{0,2}}是)(?![的否])")
_HEADING_END = re.compile(r"[。;;::!！?？]")
_MAX_HEADING = 60
_PART_LINE = re.compile(LEXICON["part_line"])
_PLAN_CUE = re.compile(LEXICON["part_cues"]["plan"])
_REVIEW_CUE = re.compile(LEXICON["part_cues"]["review"])
_REVIEW_FIRST = re.compile(LEXICON["part_cues"]["review_first"])
_DEFAULT_PART = LEXICON["default_part_by_kind"]

# An ASCII ? next to pinyin, a comma or another ? is mojibake debris (總?cè)丝, ?,F(xiàn), ??啤), not a question.
SENTENCE_END_SPEC = r"[。！？；;!]+[”’\"]?|(?<!\?)\?(?![A-Za-z\u00c0-\u024f,?(（])[”’\"]?|\n"
# the same alternatives behind one leading class, each picked by a lookbehind on the character just read
_SENTENCE_END = re.compile(
    r"[。！？；;!?\n](?:(?<=[。！？；;!])[。！？；;!]*[”’\"]?"
    r"|(?<=\?)(?<!\?\?)(?![A-Za-z\u00c0-\u024f,?(（])[”’\"]?"
    r"|(?<=\n))"
)
_OPEN_QUOTES = "“‘《"
_CLOSE_QUOTES = "”’》"
# a sentence without an opening quote has depth ≤ 0: one scan in C settles most sentences
_OPEN_QUOTE = re.compile(f"[{_OPEN_QUOTES}]")


@dataclass
class _Heading:
    level: int
    marker: str
    heading: str
    start: int
    is_part_line: bool = False


def part_of(heading: str) -> str | None:
    if _REVIEW_FIRST.search(heading):
        return "review"  # 主要任务推进情况: progress on the plan's tasks
    if _PLAN_CUE.search(heading):
        return "plan"
    if _REVIEW_CUE.search(heading):
        return "review"
    return None


def _heading_text(rest: str) -> str:
    match = _HEADING_END.search(rest)
    text = rest[: match.start()] if match else rest
    return text.strip()[:_MAX_HEADING]


def find_headings(clean_text: str, title: str | None = None) -> list[_Heading]:
    headings: list[_Heading] = []
    offset = 0
    for line in clean_text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        for level, pattern in _LINE_HEADINGS:
            match = pattern.match(stripped)
            if match:
                headings.append(_Heading(level, match.group(1), _heading_text(stripped[match.end():]), line_start + lead))
                break
        else:
            if stripped != title and len(stripped) <= 24 and _PART_LINE.match(stripped):
                headings.append(_Heading(1, "", stripped.rstrip("::"), line_start + lead, is_part_line=True))
        for match in _INLINE_HEADING.finditer(line):
            headings.append(_Heading(4, match.group(1), _heading_text(line[match.end():]), line_start + match.start(1)))
    headings.sort(key=lambda h: h.start)
    return headings


def build_sections(clean_text: str, title: str | None = None, report_kind: str | None = None) -> list[Section]:
    headings = find_headings(clean_text, title)
    default_part = _DEFAULT_PART.get(report_kind or "")
    sections: list[Section] = []
    stack: list[int] = []          # indices into sections of the open ancestors
    current_part = default_part    # part set by the latest level-1 heading with a cue
    ends = _section_ends(headings, len(clean_text))
    for index, heading in enumerate(headings):
        while stack and sections[stack[-1]].level >= heading.level:
            stack.pop()
        parent = sections[stack[-1]] if stack else None
        if heading.level == 1:
            cue = part_of(heading.heading)
            if cue:
                current_part = cue
            part = current_part
        else:
            part = parent.part if parent else current_part
        label = heading.heading or heading.marker
        path = f"{parent.path} > {label}" if parent else label
        sections.append(
            Section(
                section_id=index,
                parent_id=parent.section_id if parent else None,
                level=heading.level,
                marker=heading.marker,
                heading=heading.heading,
                path=path,
                start=heading.start,
                end=ends[index],
                part=part,
            )
        )
        stack.append(index)
    return sections


_PART_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# relative years of part headings (过去一年, 明年): the same words the extractor's structure reader uses
_RELATIVE_YEARS = json.loads((Path(__file__).resolve().parents[1] / "lexicons" / "structure.json")
                             .read_text(encoding="utf-8"))["relative_years"]
_RELATIVE_HEADING = re.compile("|".join(f"(?:{pattern})" for pattern, _o, _a in _RELATIVE_YEARS))


def kind_and_years_from_parts(sections: list[Section], kind: str | None, year: int | None,
                              years: tuple[int, ...]) -> tuple[str | None, tuple[int, ...]]:
    """A report with both a review and a plan part is a summary_and_plan (a government work report is one),
    and it covers every year its part headings name (2024年工作总结 … 2025年工作思路)."""
    parts = {s.part for s in sections if s.level == 1 and s.part and part_of(s.heading)}
    if {"review", "plan"} <= parts and kind in _KINDS_WITH_PARTS:
        kind = "summary_and_plan"
    covered = set(years)
    for section in sections:
        if section.level == 1 and part_of(section.heading):
            covered.update(int(y) for y in _PART_YEAR.findall(section.heading)
                           if year is None or abs(int(y) - year) <= 5)
            relative = _RELATIVE_HEADING.search(section.heading)
            if relative and year is not None:  # 一、过去一年工作回顾 in a report of 2024 covers 2023
                covered.add(year + next(off for pattern, off, _a in _RELATIVE_YEARS
                                        if re.fullmatch(pattern, relative.group(0))))
    return kind, tuple(sorted(covered))


# kinds a review part plus a plan part turn into summary_and_plan (a plan with a background section stays a plan)
_KINDS_WITH_PARTS = frozenset({None, "summary", "summary_and_plan", "implementation_review"})


def _section_ends(headings: list[_Heading], text_end: int) -> list[int]:
    ends = [text_end] * len(headings)
    open_stack: list[int] = []
    for index, heading in enumerate(headings):
        while open_stack and headings[open_stack[-1]].level >= heading.level:
            ends[open_stack.pop()] = heading.start
        open_stack.append(index)
    return ends


def split_sentences(clean_text: str, sections: list[Section]) -> list[Sentence]:
    sentences: list[Sentence] = []
    section_starts = [s.start for s in sections]
    start = 0
    for match in _SENTENCE_END.finditer(clean_text):
        if match.group() != "\n":
            if (_OPEN_QUOTE.search(clean_text, start, match.start())
                    and _quote_depth(clean_text, start, match.start()) > 0 and _closes_soon(clean_text, match.end())):
                continue  # inside “…”: a 。 there does not end the sentence
        _append(sentences, clean_text, start, match.end() if match.group() != "\n" else match.start(),
                sections, section_starts)
        start = match.end()
    _append(sentences, clean_text, start, len(clean_text), sections, section_starts)
    return sentences


def _closes_soon(text: str, position: int, window: int = 40) -> bool:
    # a stray unmatched “ must not glue a whole paragraph into one sentence
    ahead = text[position : position + window].split("\n", 1)[0]
    return any(q in ahead for q in _CLOSE_QUOTES)


def _quote_depth(text: str, start: int, end: int) -> int:
    chunk = text[start:end]
    depth = sum(chunk.count(q) for q in _OPEN_QUOTES) - sum(chunk.count(q) for q in _CLOSE_QUOTES)
    return depth if depth <= 2 else 0  # unbalanced garbage: do not swallow the rest of the line


def _append(sentences: list[Sentence], text: str, start: int, end: int,
            sections: list[Section], section_starts: list[int]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    sentences.append(Sentence(len(sentences), _section_at(start, sections, section_starts), start, end, text[start:end]))


def _section_at(position: int, sections: list[Section], section_starts: list[int]) -> int | None:
    index = bisect.bisect_right(section_starts, position) - 1
    while index >= 0:
        if sections[index].end > position:
            return sections[index].section_id
        index -= 1
    return None
