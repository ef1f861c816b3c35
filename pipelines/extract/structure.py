"""A report read as a whole: the period of each part and section, and the kind a list head gives its items.

The sentence grammar (`facts.py`) reads a number's year and kind from its own clause and sentence; when
they say nothing, the answer is in the document's structure:

- the **speaking year**: the year the report is written in. Usually the report's year; a report that
  looks back on 过去一年 (a government work report delivered in March) speaks from the year after the
  one it reviews, so its 今年 is the plan year and its 过去一年 the review year;
- each **section**'s own period, from its heading: a year (2023年工作回顾, 二、2024年重点工作), a
  relative word (今年, 明年, 下半年, 过去一年) or a plan period's end (“十四五”期末 → 2025). A heading
  year that cannot be right (二〇九九年 in a 2023 report) places nothing: its facts get no year;
- each **part**'s year: the review part reports the review year; the plan part sets targets for the
  year after it (2025年工作思路 after 2024年工作总结; a plan part that names no year), for the year the
  report speaks in (a work report's 今年工作安排), for the report's own year when it follows a mid-year
  review (下半年), or for a multi-year plan's last year;
- **list heads**: a clause ending in a colon (主要预期目标是：, 主要指标完成情况：) gives its kind, and
  the year its head names, to every item until the list ends.

Pure logic: the lexicon is `pipelines/lexicons/structure.json`; no Dagster, no ingestion code.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extract.lexicon import LEXICON_DIR
from pipelines.extract.model import ExtractionContext, SectionInfo
from pipelines.text.regexscan import compile_prefiltered as scanner

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:-{1,2}|—{1,2}|–|~|～|至|到)\s*((?:19|20)\d{2})\s*年")
_FIVE_YEAR_PLAN_NAME = re.compile(r"十[一二三四五]五")
_HEAD_LINES = 6  # lines at each end of a report where a speech's date line or a signature's date stands


@dataclass(frozen=True)
class StructureLexicon:
    relative: tuple[tuple[re.Pattern, int, bool], ...]   # (word, offset, counted from the local year?)
    relative_any: re.Pattern
    interim: re.Pattern
    plan_ends: dict
    plan_end_cue: re.Pattern
    looking_back: re.Pattern
    work_report: re.Pattern
    delivery_line: re.Pattern
    target_head: re.Pattern
    outcome_head: re.Pattern
    list_item: re.Pattern
    plausible_span: int
    plan_end_words: re.Pattern
    data_year: re.Pattern
    paragraph_plan_period: re.Pattern
    head_plan_period: re.Pattern
    paragraph_year: re.Pattern
    review_of_plan_title: re.Pattern


@lru_cache(maxsize=1)
def structure_lexicon() -> StructureLexicon:
    with open(LEXICON_DIR / "structure.json", encoding="utf-8") as fh:
        raw = json.load(fh)
    relative = tuple((re.compile(pattern), offset, anchor == "local") for pattern, offset, anchor in raw["relative_years"])
    return StructureLexicon(
        relative=relative,
        relative_any=scanner("|".join(f"(?:{p})" for p, _o, _a in raw["relative_years"])),
        interim=re.compile(raw["interim"]),
        plan_ends=raw["five_year_plan_ends"],
        plan_end_cue=scanner(raw["five_year_plan_end_cue"]),
        looking_back=re.compile(raw["looking_back"]),
        work_report=re.compile(raw["work_report_title"]),
        delivery_line=re.compile(raw["delivery_line"], re.M),
        target_head=scanner(raw["list_heads"]["target"]),
        outcome_head=scanner(raw["list_heads"]["outcome"]),
        list_item=re.compile(raw["list_item_start"]),
        plausible_span=raw["plausible_span"],
        plan_end_words=re.compile(raw["plan_end_words"]),
        data_year=re.compile(raw["data_year"]),
        paragraph_plan_period=re.compile(raw["paragraph_plan_period"]),
        head_plan_period=re.compile(raw["head_plan_period"]),
        paragraph_year=re.compile(raw["paragraph_year"]),
        review_of_plan_title=re.compile(raw["review_of_plan_title"]),
    )


@dataclass(frozen=True)
class ListScope:
    """The items a list head governs: clean span, the kind it gives them, the year its head names."""

    start: int
    end: int
    kind: str
    year: int | None


_COMPARED = frozenset("比较与同")
_HEADING_CLAUSE = re.compile(r"[,，;；(（]")
_MAX_HEADING_PERIOD = 30  # characters of a heading's opening clause read for its period
_DATA_YEAR_REACH = 2000  # characters from the start where a review states the year its data run to
_CLAUSE_YEAR_CHARS = "年五末期"  # a test holds structure.json's words to them
_CLAUSE_YEAR_GATE = re.compile(f"[{_CLAUSE_YEAR_CHARS}]")
_IMPOSSIBLE = -1  # a heading whose year cannot be right: what it governs has no year
_PLAN_KINDS = frozenset({"plan", "work_points"})


class DocumentStructure:
    """Periods and list scopes of one report; built once per report, asked once per fact."""

    def __init__(self, ctx: ExtractionContext):
        self.ctx = ctx
        self.lx = structure_lexicon()
        sections = ctx.sections
        self._ordered = sorted(sections.items(), key=lambda kv: (kv[1].start, -kv[1].end))
        self._starts = [s.start for _, s in self._ordered]
        self.looks_back = self._looks_back()
        self.speaking_year = self._speaking_year()
        self._own: dict[int, int | None] = {}  # a section's own heading year, read when first asked
        self._periods: dict[tuple, tuple[int | None, str]] = {}
        self.has_parts = any(s.part == "review" for s in sections.values()) and any(
            s.part == "plan" for s in sections.values())
        self.plan_end = self._plan_end()
        self.reviews_plan = bool(ctx.title and self.lx.review_of_plan_title.search(ctx.title))
        self.review_year = self._review_year()
        self.plan_year = self._plan_year()
        self.lists = self._list_scopes()
        self._list_starts = [scope.start for scope in self.lists]

    # -- the report's frame -------------------------------------------------------------------------------
    def _looks_back(self) -> bool:
        if self.ctx.title and self.lx.work_report.search(self.ctx.title):
            return True
        return any(s.part == "review" and self.lx.looking_back.search(s.heading) for s in self.ctx.sections.values())

    def _delivery_year(self) -> int | None:
        lines = self.ctx.text.split("\n")
        for line in lines[:_HEAD_LINES] + lines[-_HEAD_LINES:]:
            m = self.lx.delivery_line.match(line)
            if m:
                return int(m.group(1))
        return None

    def _speaking_year(self) -> int | None:
        if not self.looks_back:
            return self.ctx.year
        delivered = self._delivery_year()
        if delivered is not None:
            return delivered
        for s in self.ctx.sections.values():
            year = _explicit_year(s.heading, s.part)
            if year is not None:
                return year if s.part == "plan" else year + 1
        return self.ctx.year

    def plausible(self, year: int | None) -> bool:
        anchor = self.ctx.year or self.speaking_year
        if year is None:
            return False
        if anchor is None:
            return 1949 <= year <= 2060
        return abs(year - anchor) <= self.lx.plausible_span

    def own_year(self, section_id: int) -> int | None:
        """The year a section's own heading names (cached: most sections are never asked)."""
        if section_id not in self._own:
            self._own[section_id] = self._heading_year(self.ctx.sections[section_id])
        return self._own[section_id]

    def _heading_year(self, section: SectionInfo) -> int | None:
        """The year a heading itself names (explicit, relative or a plan period's end); None when it names none."""
        # a numbered item's "heading" is often its whole first sentence: only its opening words can name
        # the period (10.…达到90%以上(2023年为87.4%),… names none)
        heading = _HEADING_CLAUSE.split(section.heading, 1)[0][:_MAX_HEADING_PERIOD]
        if not heading:
            return None
        year = _explicit_year(heading, section.part)
        if year is None:
            m = self.lx.plan_end_cue.search(heading)
            if m:
                year = self.lx.plan_ends[m.group(1)]
        if year is None:
            year = self.relative_year(heading, 0, len(heading))
        if year is None:
            return None
        return year if self.plausible(year) else _IMPOSSIBLE

    def _review_year(self) -> int | None:
        for sid, s in self._ordered:
            if s.part == "review" and s.level == 1 and self.own_year(sid) not in (None, _IMPOSSIBLE):
                return self.own_year(sid)
        data_year = self._data_year()
        if data_year is not None:
            return data_year  # a plan's review reports the year its data run to (截至2022年底)
        if self.looks_back and self.speaking_year is not None:
            return self.speaking_year - 1
        if self.ctx.report_kind in _PLAN_KINDS and self.ctx.years:
            return min(self.ctx.years) - 1  # a plan's background states where things stood before it began
        return self.ctx.year

    def _plan_year(self) -> int | None:
        for sid, s in self._ordered:
            if s.part == "plan" and s.level == 1 and self.own_year(sid) not in (None, _IMPOSSIBLE):
                return self.own_year(sid)
        if self.looks_back:
            return self.speaking_year
        if self.ctx.report_kind in _PLAN_KINDS:
            if len(self.ctx.years) > 1:
                return max(self.ctx.years)  # a multi-year plan's targets fall due at its end
            return self.ctx.year
        if self.reviews_plan and self.plan_end is not None and self.review_year is not None \
                and self.plan_end > self.review_year:
            return self.plan_end  # a mid-term review's next steps aim at the plan's end
        if self.has_parts and self.review_year is not None and not self._mid_year():
            return self.review_year + 1
        return self.ctx.year

    def _plan_end(self) -> int | None:
        """The last year of the plan the document sets or reviews, as its title names it."""
        span = title_plan_span(self.ctx.title)
        return span[1] if span else None

    def _data_year(self) -> int | None:
        """The year a plan's review says its data run to, near its opening (截至2022年底, 以2023年底数据为依据)."""
        if not self.reviews_plan:
            return None
        m = self.lx.data_year.search(self.ctx.text, 0, _DATA_YEAR_REACH)
        if m is None:
            return None
        year = int(next(g for g in m.groups() if g))
        return year if self.plausible(year) else None

    def _opening_year(self, offset: int, plan_periods: bool, *, sentence: bool = False) -> int | None:
        """The year the paragraph holding `offset` opens with (2023年,全市…), or with `plan_periods` the end of
        the plan period it opens with (“十三五”时期,全市… → 2020); with `sentence`, the sentence starting at
        `offset` instead of its paragraph."""
        start = offset if sentence else self.ctx.text.rfind("\n", 0, offset) + 1
        m = self.lx.paragraph_year.match(self.ctx.text, start)
        if m is not None:
            return int(m.group(1))
        if plan_periods:
            m = self.lx.paragraph_plan_period.match(self.ctx.text, start)
            if m is not None:
                return self.lx.plan_ends[m.group(1)]
        return None

    def paragraph_frame(self, offset: int) -> int | None:
        """The past year a paragraph of a plan opens with (2023年,全市…), or else the sentence at `offset`
        (…开局之年。2022年,全省人均预期寿命达到78.42岁): its values are that year's outcomes."""
        year = self._opening_year(offset, plan_periods=True)
        if year is None:
            year = self._opening_year(offset, plan_periods=True, sentence=True)
        plan = self.plan_year
        if year is None or plan is None:
            return None
        return year if year < plan and self.plausible(year) else None

    def paragraph_target_year(self, offset: int) -> int | None:
        """A later year a paragraph opens with (2024年,县卫生健康局将…) in a report of an earlier one: the year
        its targets are set for."""
        year = self._opening_year(offset, plan_periods=False)
        if year is None or self.ctx.year is None:
            return None
        return year if year > self.ctx.year and self.plausible(year) else None

    def _mid_year(self) -> bool:
        if self.ctx.report_kind == "midyear_summary":
            return True
        return any(s.level == 1 and ("上半年" in s.heading or "下半年" in s.heading)
                   for s in self.ctx.sections.values())

    # -- per position -----------------------------------------------------------------------------------
    def relative_year(self, text: str, start: int, end: int, local: int | None = None) -> int | None:
        """今年/明年/去年/过去一年 between start and end → a year counted from the speaking year, or for the
        words a clause counts from its own period (上年, 明年) from `local` when given; the last word wins."""
        found = None
        for m in self.lx.relative_any.finditer(text, start, end):
            if m.start() and text[m.start() - 1] in _COMPARED:
                continue  # 较上年, 比去年: the year compared with, not the year of the value
            found = m
        if found is None:
            return None
        word = found.group(0)
        for pattern, offset, is_local in self.lx.relative:
            if pattern.fullmatch(word):
                anchor = local if is_local and local is not None else self.speaking_year
                return None if anchor is None else anchor + offset
        return None

    def clause_year(self, text: str, start: int, end: int, section_id: int | None,
                    kind: str = "target") -> int | None:
        """A year a clause names without digits: a plan period's end (for a target: 提前达到规划期末目标的指标
        14项 are this year's count) or a relative word (今年, 由上年的…)."""
        # every relative word holds 年, every plan-end cue 五, 末 or 期: most clauses hold none of them
        if _CLAUSE_YEAR_GATE.search(text, start, end) is None:
            return None
        year = self.plan_period_end(text, start, end) if kind == "target" else None
        if year is not None or self.lx.relative_any.search(text, start, end) is None:
            return year
        # a review narrates its year (由上年的84元: the year before it); elsewhere the writer's present counts
        local = self.period(section_id, "outcome")[0] if self._part(section_id) == "review" else None
        return self.relative_year(text, start, end, local)

    def _part(self, section_id: int | None) -> str | None:
        sections = self.ctx.sections
        return sections[section_id].part if section_id in sections else None

    def past_period(self, text: str, start: int, end: int) -> int | None:
        """A plan period the clause names that ended before the report's year (到“十三五”期末 in 2021)."""
        m = None
        for m in self.lx.plan_end_cue.finditer(text, start, end):
            pass
        if m is None or self.ctx.year is None:
            return None
        year = self.lx.plan_ends[m.group(1)]
        return year if year < self.ctx.year else None

    def plan_period_end(self, text: str, start: int, end: int) -> int | None:
        """到“十四五”末 / “十四五”期末 → 2025; 规划期末 → the end of the document's own plan."""
        m = None
        for m in self.lx.plan_end_cue.finditer(text, start, end):
            pass
        if m:
            return self.lx.plan_ends[m.group(1)]
        if self.plan_end is not None and self.lx.plan_end_words.search(text, start, end):
            return self.plan_end
        return None

    def section_at(self, offset: int) -> int | None:
        """The innermost section holding a clean offset."""
        i = bisect.bisect_right(self._starts, offset) - 1
        best = None
        while i >= 0:
            sid, s = self._ordered[i]
            if s.end > offset and (best is None or s.level > self.ctx.sections[best].level):
                best = sid
            i -= 1
            if best is not None and s.level <= 1:
                break
        return best

    def period(self, section_id: int | None, kind: str) -> tuple[int | None, str]:
        """(year, source) from the structure for a fact of `kind` in a section: its own or an ancestor's
        heading, else its part, else the report's year (remembered per section and kind)."""
        key = (section_id, kind)
        found = self._periods.get(key)
        if found is None:
            found = self._periods[key] = self._period(section_id, kind)
        return found

    def _period(self, section_id: int | None, kind: str) -> tuple[int | None, str]:
        sections = self.ctx.sections
        part = None
        sid = section_id
        seen = 0
        while sid is not None and sid in sections and seen < 12:
            own = self.own_year(sid)
            if own == _IMPOSSIBLE:
                return None, "unknown"
            if own is not None:
                return own, "section"
            if part is None:
                part = sections[sid].part
            sid = sections[sid].parent_id
            seen += 1
        if part is None and section_id is None:
            part = "plan" if self.ctx.report_kind in ("plan", "work_points") else None
        if part == "plan" and (kind == "target" or not self.has_parts):
            year = self.plan_year
            source = "part" if self.has_parts or self.looks_back else "report"
        elif kind == "target" and part != "plan" and self.plan_end is not None and self.reviews_plan:
            year, source = self.plan_end, "part"  # a review restating its plan's target: due at the plan's end
        elif part == "review" and (self.has_parts or self.looks_back):
            year, source = self.review_year, "part"
        elif part == "plan":
            year, source = self.review_year, "part"  # a status figure stated inside the plan part
        else:
            year, source = (self.plan_year if kind == "target" else self.ctx.year), "report"
        if year is None:
            return None, "unknown"
        return year, source

    def year_at(self, offset: int, kind: str = "outcome") -> tuple[int | None, str]:
        """Year and its source for a clean offset (tables ask this of the cell's position)."""
        return self.period(self.section_at(offset), kind)

    def list_scope(self, offset: int) -> ListScope | None:
        i = bisect.bisect_right(self._list_starts, offset) - 1
        if i >= 0 and self.lists[i].end > offset:
            return self.lists[i]
        return None

    # -- list heads -------------------------------------------------------------------------------------
    def _list_scopes(self) -> list[ListScope]:
        text = self.ctx.text
        if ":" not in text and "：" not in text:
            return []
        scopes: list[ListScope] = []
        for kind, regex in (("target", self.lx.target_head), ("outcome", self.lx.outcome_head)):
            for m in regex.finditer(text):
                start = m.end()
                end = self._list_end(text, start)
                if end <= start:
                    continue
                head_start = max(text.rfind("\n", 0, m.start()), text.rfind("。", 0, m.start()),
                                 text.rfind("；", 0, m.start())) + 1
                scopes.append(ListScope(start, end, kind, self._head_year(text, head_start, m.start())))
        scopes.sort(key=lambda s: s.start)
        merged: list[ListScope] = []
        for scope in scopes:  # an outcome head inside a target list (…完成情况：) starts a list of its own
            if merged and scope.start < merged[-1].end:
                last = merged[-1]
                merged[-1] = ListScope(last.start, scope.start, last.kind, last.year)
            merged.append(scope)
        return [s for s in merged if s.end > s.start]

    def _list_end(self, text: str, start: int) -> int:
        """Where a list opened at `start` ends: its paragraph, plus enumerated item lines right under it."""
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        end = line_end
        pos = line_end + 1
        while pos < len(text):
            nxt = text.find("\n", pos)
            nxt = len(text) if nxt < 0 else nxt
            line = text[pos:nxt]
            if not line.strip():
                pos = nxt + 1
                continue
            if not self.lx.list_item.match(line):
                break
            end = nxt
            pos = nxt + 1
        return end

    def _head_year(self, text: str, start: int, end: int) -> int | None:
        year = _explicit_year(text[start:end], "plan")
        if year is None:
            year = self.plan_period_end(text, start, end)
        if year is None and (period := self.lx.head_plan_period.search(text, start, end)) is not None:
            year = self.lx.plan_ends.get(period.group(1))  # “十四五”时期…主要目标是: the period's last year
        if year is None:
            year = self.relative_year(text, start, end)
        return year if year is not None and self.plausible(year) else None


def title_plan_span(title: str | None) -> tuple[int, int] | None:
    """(first, last) year of the plan a title names: its span (…三年行动计划(2022—2024年)), else the
    five-year plan (“十四五” → 2021–2025); None when it names neither."""
    if not title:
        return None
    span = _YEAR_RANGE.search(title)
    if span:
        return int(span.group(1)), int(span.group(2))
    m = _FIVE_YEAR_PLAN_NAME.search(title)
    ends = structure_lexicon().plan_ends
    if m and m.group(0) in ends:
        return ends[m.group(0)] - 4, ends[m.group(0)]
    return None


def _explicit_year(heading: str, part: str | None) -> int | None:
    """A year a heading names: a span's last year; of two years, the plan's later or the review's earlier one."""
    span = _YEAR_RANGE.search(heading)
    if span:
        return int(span.group(2))
    years = [int(y) for y in _YEAR.findall(heading)]
    if not years:
        return None
    return max(years) if part == "plan" else min(years)
