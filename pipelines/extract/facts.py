"""Cleaned report text → `IndicatorFact` list: value scan, then per-sentence naming, kind, year and bounds."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from pipelines.extract.anaphora import resolve_names
from pipelines.extract.lexicon import Lexicon, lexicon
from pipelines.extract.model import ExtractionContext, IndicatorFact, SectionInfo, UnsetTarget
from pipelines.extract.naming import (
    UNNAMED,
    change_only,
    combine_pre_post,
    inherit,
    list_head,
    name_after_de,
    read_post,
    relevel,
    respectively_names,
    trim_name,
)
from pipelines.extract.pairs import settle_pairs
from pipelines.extract.sentences import split_sentences
from pipelines.extract.structure import DocumentStructure
from pipelines.extract.tables import read_tables
from pipelines.extract.unitless import unitless_values
from pipelines.extract.unset import unset_targets
from pipelines.extract.values import ValueMention, find_values, interval

_NO_SECTION = SectionInfo()


@dataclass
class ReportReading:
    """What extraction made of one report: its facts, the table cells it could not place, and the targets it
    deliberately leaves unset."""

    facts: list[IndicatorFact]
    unplaced_cells: int = 0
    unset: list[UnsetTarget] = field(default_factory=list)


def extract_facts(ctx: ExtractionContext) -> list[IndicatorFact]:
    """Every indicator fact stated in `ctx.text`, in text order."""
    return read_report(ctx).facts


def read_report(ctx: ExtractionContext) -> ReportReading:
    """The report read as a whole: its structure first, then its tables (one fact per value cell), then
    its sentences, which leave the values inside a table to the table reader."""
    structure = DocumentStructure(ctx)
    tables = read_tables(ctx, structure.year_at)
    facts = _sentence_grammar(ctx, structure, tables.spans)
    if tables.facts:
        facts = sorted(facts + tables.facts, key=lambda f: (f.start, f.end))
    unset = unset_targets(ctx, lexicon(), lambda sentence, at: _unset_year(ctx, structure, sentence, at))
    return ReportReading(facts, tables.unplaced_cells, unset)


_STATED_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def _unset_year(ctx: ExtractionContext, structure: DocumentStructure, sentence: tuple, at: int) -> int | None:
    """The year a target left unset would have applied to: a year the sentence states before the statement,
    a word such as 今年, else its section's period (a review's: 我们没有提出全年经济增速具体目标 looks back)."""
    start, _end, section_id = sentence
    stated = None
    for stated in _STATED_YEAR.finditer(ctx.text, start, at):
        pass
    if stated is not None and structure.plausible(int(stated.group(1))):
        return int(stated.group(1))
    year = structure.clause_year(ctx.text, start, at, section_id, "target")
    if year is not None:
        return year
    section = ctx.sections.get(section_id) if section_id is not None else None
    return structure.period(section_id, "outcome" if section is not None and section.part == "review" else "target")[0]


def _sentence_grammar(ctx: ExtractionContext, structure: DocumentStructure,
                      table_spans: list[tuple[int, int]]) -> list[IndicatorFact]:
    lx = lexicon()
    text = ctx.text
    sentences = ctx.sentences or split_sentences(text)
    mentions = unitless_values(text, lx, find_values(text, lx))
    if table_spans:
        mentions = _outside(mentions, table_spans)
    if not mentions:
        return []
    sent_starts = [s[0] for s in sentences]
    by_sentence: dict[int, list[ValueMention]] = {}
    for mention in mentions:
        i = bisect.bisect_right(sent_starts, mention.start) - 1
        if i < 0 or mention.start >= sentences[i][1]:
            continue  # outside every sentence (headings the splitter skipped)
        by_sentence.setdefault(i, []).append(mention)
    facts: list[IndicatorFact] = []
    outcome_years = _OutcomeYears(lx, text)
    for i, group in by_sentence.items():
        facts.extend(settle_pairs(_sentence_facts(ctx, lx, sentences[i], group, outcome_years, structure), text, lx))
    resolve_names(facts, text, lx)
    return facts


class _OutcomeYears:
    """Outcome year cues of one text, found in one pass on first use, for sentences that state no year."""

    def __init__(self, lx: Lexicon, text: str):
        self._lx, self._text = lx, text
        self._starts: list[int] | None = None

    def carried(self, s_start: int) -> int | None:
        """An outcome year stated earlier in the same paragraph (2023年末,…;…7.15人) still frames this sentence."""
        if self._starts is None:
            self._index()
        i = bisect.bisect_right(self._ends, s_start) - 1
        if i < 0:
            return None
        floor = max(0, s_start - _CARRY_SPAN)
        para = self._text.rfind("\n", floor, s_start) + 1
        return self._years[i] if self._starts[i] >= max(para, floor) else None


    def _index(self) -> None:
        # visit only the 'NNNN年' spots (str.find runs in C) and test the cue patterns right there
        text, cue_re = self._text, self._lx.year_outcome_re
        self._starts, self._ends, self._years = [], [], []
        last_end = -1
        at = text.find("年", 4)
        while at >= 0:
            if text[at - 4:at].isdigit():
                m = cue_re.search(text, max(last_end, at - 6), at + 8)
                if m is not None and m.start() <= at - 4 and m.end() > at:
                    self._starts.append(m.start())
                    self._ends.append(m.end())
                    self._years.append(int(next(g for g in m.groups() if g)))
                    last_end = m.end()
            at = text.find("年", at + 1)


def _sentence_facts(ctx, lx: Lexicon, sentence, mentions: list[ValueMention],
                    outcome_years: _OutcomeYears, structure: DocumentStructure) -> list[IndicatorFact]:
    text = ctx.text
    s_start, s_end, section_id = sentence
    section = ctx.sections.get(section_id, _NO_SECTION) if section_id is not None else _NO_SECTION
    plan_context = section.part in lx.plan_parts or (
        section.part is None and ctx.report_kind in lx.plan_report_kinds
    )
    breaks = [m.start() for m in lx.clause_break_re.finditer(text, s_start, s_end)]
    # cue positions are found once per sentence; each value then looks them up by offset
    frame = structure.paragraph_frame(s_start) if plan_context else None
    if frame is not None:
        plan_context = False  # 2023年,全市…: a plan's paragraph that looks back reports outcomes
    targets = _spans(lx.target_re, text, s_start, s_end)
    bounded_targets = targets
    if targets and not plan_context:
        # 控制在1.8% in a review says what was achieved; 控制在10/10万以内 still sets a bound
        targets = [t for t in targets if not lx.plan_only_target_re.fullmatch(text, t[0], t[1])]
    # a target cue after a value (超额完成500个的年度目标任务) names that value; it does not carry to the next clause
    # (完成年初确定的65万人目标): its cues, before or after it, do not carry to the next clause
    after_value = [(_clause_start(breaks, m.outer_start, s_start), m.end + _AFTER_REACH)
                   for m in mentions if lx.target_after_re.match(text, m.end)] if targets else []
    carrying = [t for t in targets if not any(a <= t[0] <= b for a, b in after_value)] if after_value else targets
    if not plan_context and carrying:
        # in a review, a stated target (年初安排1500万元) is one value's; 力争/确保… still carry through a list
        carrying = [t for t in carrying if not lx.stated_target_re.search(text, t[0], t[1])]
    outcomes = _spans(lx.outcome_strong_re, text, s_start, s_end)
    standard_before = _spans(lx.standard_before_re, text, s_start, s_end)
    # 按照…标准: the second cue matters only where the first one occurs
    standard_after = _spans(lx.standard_after_re, text, s_start, s_end) if standard_before else []
    lead_in = None if plan_context else _target_lead_in(lx, text, s_start)
    facts: list[IndicatorFact] = []
    previous_name: str | None = None
    previous_clause = -1
    previous_end = s_start
    respectively = _respectively(text, lx, breaks, mentions, s_start, s_end)
    list_change: dict[int, str | None] = {}
    has_colon = text.find(":", s_start, s_end) >= 0 or text.find("：", s_start, s_end) >= 0
    colon_heads: dict[int, str] = {}
    baseline_year: int | None = None
    carried_year: int | None | object = _UNSET
    for idx, mention in enumerate(mentions):
        clause_start = _clause_start(breaks, mention.outer_start, s_start)
        clause_end = _clause_end(breaks, mention.end, s_end)
        same_clause = clause_start == previous_clause
        seg_start = max(clause_start, previous_end) if same_clause else clause_start
        pre_raw = text[seg_start:mention.outer_start]
        clause_prefix = text[clause_start:mention.outer_start]
        next_start = mentions[idx + 1].outer_start if idx + 1 < len(mentions) else s_end
        post_raw = text[mention.end:min(clause_end, next_start)]

        # kind --------------------------------------------------------------
        change = _change(lx, pre_raw)
        if change is None and id(mention) in respectively:
            change = list_change.get(respectively[id(mention)][1])  # 分别增长12.1%、8.7%: both rose
        elif id(mention) in respectively:
            list_change[respectively[id(mention)][1]] = change
        baseline = _is_baseline(lx, clause_prefix, text[mention.end:clause_end])
        note = lx.baseline_note_re.search(text, max(s_start, mention.outer_start - _NOTE_SPAN), mention.outer_start)
        baseline = baseline or note is not None or lx.baseline_after_re.match(text, mention.end) is not None
        standard = _any_within(standard_before, s_start, mention.outer_start) and _any_within(
            standard_after, mention.end, s_end
        )
        target_cue = _any_within(bounded_targets if _written_as_bound(mention) else targets, clause_start,
                                 mention.outer_start)
        outcome_cue = _any_within(outcomes, clause_start, mention.outer_start)
        if outcome_cue and plan_context and _only_planned_comparison(lx, text, outcomes, clause_start, mention):
            outcome_cue = False  # 居民健康素养水平较上年提高2个百分点 in a plan: how much it should change
        # a target cue in an earlier clause reaches this one unless an outcome cue came after it
        carried_target = _last_end(carrying, clause_start) > _last_end(outcomes, clause_start)
        if carried_target and not plan_context and _result_beside_target(lx, text, targets, clause_start,
                                                                          mention.outer_start):
            carried_target = False  # 年初安排1500万元,落实1740万元: the result stated beside the target
        listed = structure.list_scope(mention.start) if structure.lists else None
        past = structure.past_period(text, s_start, mention.outer_start) if target_cue or carried_target else None
        if past is not None:
            target_cue = carried_target = False  # 到“十三五”期末,全市共有… in a 2021 plan: a past figure
        if baseline:
            kind = "baseline"
        elif lx.target_after_re.match(text, mention.end):
            kind = "target"  # 均高于省定80%的目标
        elif standard:
            kind = "target"
        elif listed is not None and listed.kind == "target" and not (outcome_cue and not target_cue):
            kind = "target"  # 主要预期目标是:A、B、C…: the head gives every item its kind
        elif listed is not None and listed.kind == "outcome" and not target_cue:
            kind = "outcome"  # 主要指标完成情况:…
        elif plan_context:
            kind = "outcome" if outcome_cue and not target_cue else "target"
        elif target_cue or (carried_target and not outcome_cue) or (lead_in is not None and not outcome_cue):
            kind = "target"
        else:
            kind = "outcome"

        # indicator ---------------------------------------------------------
        if id(mention) in respectively:
            name, resp_at, pos, size = respectively[id(mention)]
            if not name:
                # 床位32.5万张、人员101万人,分别比上年增长9.8%、8.8%: the list names the values before it
                name = _names_before_list(text, lx, facts, pos, size, resp_at, mention.outer_start)
        else:
            pre_name = list_head(trim_name(pre_raw, lx), lx)
            post_name = read_post(post_raw, lx)
            if post_name:
                name = combine_pre_post(pre_name, pre_raw, post_name, lx)
            else:
                name = pre_name
            verb = change_only(name, lx)
            share = lx.share_re.search(pre_raw.strip()) if previous_name else None
            if share:
                base = lx.change_tail_re.sub("", previous_name) or previous_name
                what = share.group("what")
                name = base + ("占" + what + "比例" if what else "占比")  # …,占全国门诊总量的23.1%
            elif verb and previous_name:
                base = previous_name
                if lx.change_re.search(base[-2:]):
                    base = base[:-2]  # 比上年增加3.2万人次,增长了1.5倍 → 总诊疗人次增长, not …增加增长
                name = base + verb  # 卫生总费用12.5亿元,同比增长8% → 卫生总费用增长
            elif previous_name and lx.level_re.fullmatch(name):
                name = relevel(previous_name, name, lx)  # 省级示范卫生院3家,市级5家 → 市级示范卫生院
            elif not name and previous_name and change is None:
                # 覆盖率44.6%,较上年提高1.8个百分点,但未达到45%的年度目标: the level, not the change, is named
                name = _as_total(lx, lx.change_tail_re.sub("", previous_name) or previous_name, pre_raw)
            elif len(name) <= 3 and same_clause or not name:
                name = inherit(name, previous_name)
                if not pre_name:
                    name = _as_total(lx, name, pre_raw)
            if not name:
                name = trim_name(text[_clause_start(breaks, clause_start - 1, s_start):clause_start], lx)
            if not name and clause_start == s_start:
                # a value wrapped onto a new line takes its name from the line before
                before = text[max(0, s_start - 40):s_start].rstrip()
                cut = max(before.rfind(ch) for ch in ",，;；。:：\n")
                name = trim_name(before[cut + 1:], lx)
            if not name:
                name = name_after_de(post_raw, lx)
            if name and has_colon:
                name = _with_colon_head(text, lx, breaks, mentions, name, s_start, clause_start, colon_heads)
        unnamed = not name
        if unnamed:
            name = UNNAMED

        qualifier = mention.qualifier
        list_year = None
        if id(mention) in respectively:
            _name, resp_at, pos, size = respectively[id(mention)]
            if pos and qualifier is None and facts and _has_prefix_qualifier(facts[-1]):
                qualifier = facts[-1].qualifier  # 分别不低于24%和30%: the leading bound covers the list
            list_year = _list_year(lx, text, s_start, resp_at, pos, size)

        # year --------------------------------------------------------------
        year, year_source = None, "unknown"
        if list_year is not None:
            year, year_source = list_year, "sentence"
        elif note is not None:
            if note.group("y"):
                year, year_source = int(note.group("y")), "sentence"
            else:  # (上年为41.2%): the year before the one the sentence speaks of
                year = structure.clause_year(text, note.start(), note.end(), section_id, "outcome")
                year_source = "sentence" if year is not None else "unknown"
        elif kind == "baseline":
            # 由2017年的76.7岁提高到77岁,孕产妇死亡率从19.6下降到18.3: parallel baselines share the year
            found = _year_at(lx.year_baseline_re, text, clause_start, mention.outer_start)
            relative = structure.clause_year(text, clause_start, mention.outer_start, section_id, kind)
            if found is not None:
                year, year_source = found[0], "clause"
            elif relative is not None:
                year, year_source = relative, "clause"  # 由上年的84元提高到…
            elif baseline_year is not None:
                year, year_source = baseline_year, "sentence"
            baseline_year = year
        elif standard:
            pass
        else:
            cue_re = lx.year_target_re if kind == "target" else lx.year_outcome_re
            found = _year_at(cue_re, text, s_start, mention.outer_start)
            if found is not None and baseline_year is not None and found[1] < previous_end:
                found = None  # 由2021年底的88.6%提高到91.2%: that year is the baseline's
            if found is not None and found[1] >= clause_start:
                year, year_source = found[0], "clause"
            else:
                # from the previous value on: 由上年的84元提高到89元 — 上年 is the baseline's year, not 89's;
                # a word in the clause (今年新增6家) beats a year stated earlier in the sentence
                year = structure.clause_year(text, seg_start, mention.outer_start, section_id, kind)
                year_source = "clause" if year is not None else "unknown"
                if year is None and found is not None:
                    year, year_source = found[0], "sentence"
                elif year is None and clause_start > s_start:
                    # 过去一年,全市…增长6.1% / 到“十四五”末,…达到4.5个: the sentence's opening clause frames it
                    year = structure.clause_year(text, s_start, clause_start, section_id, kind)
                    year_source = "sentence" if year is not None else "unknown"
            if year is None and kind == "target" and lead_in is not None:
                found = _year_at(lx.year_target_re, text, *lead_in)
                if found is not None:
                    year, year_source = found[0], "section"
            if year is None and listed is not None and listed.year is not None:
                year, year_source = listed.year, "section"
            if year is None and kind == "target":
                opener = structure.paragraph_target_year(s_start)
                if opener is not None:
                    year, year_source = opener, "sentence"  # 2024年,县卫生健康局将…力争…
            if year is None and frame is not None and kind == "outcome":
                year, year_source = frame, "sentence"
            if year is None and kind == "outcome":
                if carried_year is _UNSET:
                    carried_year = outcome_years.carried(s_start)  # once per sentence
                if carried_year:
                    year, year_source = carried_year, "sentence"
            if year is None:
                year, year_source = structure.period(section_id, kind)
        if year is not None and not structure.plausible(year):
            year, year_source = None, "unknown"  # 二〇九九年: never a guessed year

        scope_m = lx.scope_re.search(text, clause_start, mention.outer_start)
        lower, upper, lower_closed, upper_closed = interval(lx.bounds, mention.value, mention.value_high, qualifier)
        flags = list(mention.flags)
        if mention.unit == "%" and not 0 <= mention.value <= 100 and change is None:
            flags.append("percent_out_of_range")
        if standard:
            flags.append("standard")
        if unnamed:
            flags.append("unnamed")
        facts.append(
            IndicatorFact(
                doc_id=ctx.doc_id,
                indicator=name,
                value=mention.value,
                value_high=mention.value_high,
                unit=mention.unit,
                qualifier=qualifier,
                kind=kind,
                year=year,
                value_text=mention.value_text,
                start=mention.start,
                end=mention.end,
                sentence_start=s_start,
                sentence_end=s_end,
                section_path=section.path or None,
                scope=scope_m.group(0) if scope_m else None,
                lower=lower,
                upper=upper,
                lower_closed=lower_closed,
                upper_closed=upper_closed,
                change=change,
                flags=flags,
                year_source=year_source,
                is_change=_is_change(lx, text, pre_raw, mention, change),
            )
        )
        if id(mention) not in respectively and "均" in pre_raw:
            _spread_over_list(facts, text, lx, clause_start, mention.outer_start)
        previous_name = facts[-1].indicator
        previous_clause = clause_start
        previous_end = mention.end
    return facts


def _spread_over_list(facts: list[IndicatorFact], text: str, lx: Lexicon, clause_start: int, value_start: int) -> None:
    """高血压、糖尿病患者规范管理率均达到73%以上: one fact per item of the list, each named for it."""
    cue = None
    for cue in lx.all_of_re.finditer(text, clause_start, value_start):
        pass
    if cue is None:
        return
    subject = text[clause_start:cue.start()]
    if not subject.strip(" 　") and clause_start and text[clause_start - 1] in ":：":
        # 高血压、糖尿病规范管理率:均达到70% — the list stands before the colon
        head = text.rfind("\n", 0, clause_start - 1) + 1
        subject = text[max(head, clause_start - 1 - _LIST_HEAD_REACH):clause_start - 1]
    if not lx.list_split_re.search(subject):
        return
    names = respectively_names(subject, 2, lx)
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) < 2:
        return
    fact = facts.pop()
    facts.extend(replace(fact, indicator=name, flags=list(fact.flags)) for name in names)


def _outside(mentions: list[ValueMention], spans: list[tuple[int, int]]) -> list[ValueMention]:
    """The mentions that no table span holds (spans are sorted and disjoint)."""
    starts = [a for a, _ in spans]
    kept = []
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0 or spans[i][1] <= m.start:
            kept.append(m)
    return kept


def _respectively(text: str, lx: Lexicon, breaks, mentions, s_start: int, s_end: int) -> dict[int, tuple[str, int, int, int]]:
    """Name, list (the offset of its 分别), position and list size of each value of 'A、B的比例分别为x、y',
    keyed by id(mention).

    The values are those after 分别 in its clause, continued by values that follow with nothing
    but list separators between them (分别为72.5%,68.3%; 分别达100%93%).
    """
    names: dict[int, tuple[str, int]] = {}
    resp_at = text.find("分别", s_start, s_end)
    while resp_at >= 0:
        clause_start = _clause_start(breaks, resp_at, s_start)
        clause_end = _clause_end(breaks, resp_at, s_end)
        group = [m for m in mentions if m.outer_start > resp_at and m.end <= clause_end and id(m) not in names]
        if group:
            k = next(i for i, m in enumerate(mentions) if m is group[-1])
            while k + 1 < len(mentions) and lx.list_gap_re.fullmatch(text, mentions[k].end, mentions[k + 1].outer_start):
                k += 1
                group.append(mentions[k])
            subject_names = respectively_names(text[clause_start:resp_at], len(group), lx)
            for pos, m in enumerate(group):
                names[id(m)] = (subject_names[pos] if pos < len(subject_names) else subject_names[-1], resp_at, pos, len(group))
        resp_at = text.find("分别", resp_at + 2, s_end)
    return names


def _names_before_list(text: str, lx: Lexicon, facts: list[IndicatorFact], pos: int, size: int,
                       resp_at: int, end: int) -> str:
    """Name of item `pos` of an unnamed 分别 list: the value as many places before the list, plus its change verb."""
    before = facts[: len(facts) - pos]  # facts of this sentence that precede the list
    if len(before) < size:
        return ""
    base = before[len(before) - size + pos]
    if base.flags and "unnamed" in base.flags:
        return ""
    verb = None
    for verb in lx.change_re.finditer(text, resp_at, end):
        pass
    return base.indicator + (verb.group(0) if verb else "")


def _has_prefix_qualifier(fact: IndicatorFact) -> bool:
    """The fact's qualifier was written before its number (不低于24%), so it can lead a list."""
    return fact.qualifier in _LEADING


_LEADING = frozenset({"不低于", "不超过", "超", "近", "约"})  # qualifiers only ever written before a number


def _list_year(lx: Lexicon, text: str, s_start: int, resp_at: int, pos: int, size: int) -> int | None:
    """到2023年底和2030年,…分别不低于24%和30%: the years of the list, in order."""
    run = None
    for run in lx.year_list_re.finditer(text, s_start, resp_at):
        pass
    if run is None:
        return None
    years = re.findall(r"\d{4}", run.group(0))
    return int(years[pos]) if len(years) == size else None


def _with_colon_head(text, lx: Lexicon, breaks, mentions, name: str, s_start: int, clause_start: int,
                     heads: dict[int, str]) -> str:
    """'基本药物配备使用比例:乡镇卫生院不低于70%' → 乡镇卫生院基本药物配备使用比例 (the head before the colon)."""
    if lx.generic_head_re.search(name):
        return name
    colon = max(text.rfind(":", s_start, clause_start), text.rfind("：", s_start, clause_start))
    if colon < 0:
        return name
    if colon not in heads:
        head_start = _clause_start(breaks, colon, s_start)
        head = "" if any(head_start <= m.outer_start < colon for m in mentions) else trim_name(text[head_start:colon], lx)
        heads[colon] = head if head and lx.generic_head_re.search(head) else ""
    return name + heads[colon]


def _as_total(lx: Lexicon, inherited: str, pre_raw: str) -> str:
    """新创建示范村9个,累计达到21个: a value under a stock cue named after a flow is the total of the same thing."""
    flow = lx.flow_prefix_re.match(inherited) if lx.stock_cue_re.search(pre_raw) else None
    return "累计" + inherited[flow.end():] if flow and flow.end() < len(inherited) else inherited


def _only_planned_comparison(lx: Lexicon, text: str, outcomes: list[tuple[int, int]], clause_start: int,
                             mention: ValueMention) -> bool:
    """Every outcome cue of the clause before the value is a comparison leading straight into it (较上年提高)."""
    cues = [(a, b) for a, b in outcomes if clause_start <= a < mention.outer_start]
    return bool(cues) and all(lx.planned_comparison_re.match(text[a:mention.outer_start]) for a, _b in cues)


def _clause_start(breaks: list[int], pos: int, s_start: int) -> int:
    i = bisect.bisect_left(breaks, pos) - 1
    return breaks[i] + 1 if i >= 0 else s_start


def _clause_end(breaks: list[int], pos: int, s_end: int) -> int:
    i = bisect.bisect_left(breaks, pos)
    return breaks[i] if i < len(breaks) else s_end


def _spans(regex, text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in regex.finditer(text, start, end)]


def _any_within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    # spans come from one finditer: sorted, so the first span starting at or after `start` ends first
    for a, b in spans:
        if a >= start:
            return b <= end
    return False


def _last_end(spans: list[tuple[int, int]], limit: int) -> int:
    """End of the last cue finished by `limit`, -1 when none."""
    last = -1
    for _a, b in spans:
        if b <= limit:
            last = b
    return last


def _change(lx: Lexicon, pre_raw: str) -> str | None:
    found = None
    for m in lx.change_re.finditer(pre_raw):
        found = lx.change_kind[m.group(0)]
    return found


def _is_baseline(lx: Lexicon, clause_prefix: str, after: str) -> bool:
    """从/由 X … 提高到 Y: X is the baseline when the change verb comes after it."""
    m = None
    for m in lx.baseline_from_re.finditer(clause_prefix):
        pass
    if m is None or lx.change_re.search(clause_prefix, m.end()):
        return False
    verb = lx.change_re.search(after)
    return bool(verb and lx.change_to_re.match(after, verb.end()))


_BOUND_QUALIFIERS = frozenset({"以内", "以下", "不超过", "以上", "不低于"})


def _written_as_bound(mention: ValueMention) -> bool:
    """A value written as a bound (以内, 不超过) is a limit to keep, even after 控制在 in a review."""
    return mention.qualifier in _BOUND_QUALIFIERS


def _result_beside_target(lx: Lexicon, text: str, targets, clause_start: int, value_start: int) -> bool:
    """年初安排1500万元,落实1740万元: a result verb in this clause answers a target stated in an earlier one."""
    if not lx.result_verb_re.search(text, clause_start, value_start):
        return False
    last = None
    for a, b in targets:
        if b <= clause_start:
            last = (a, b)
    return last is not None and lx.stated_target_re.search(text, last[0], last[1]) is not None


def _year_at(regex, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The last year cue between start and end: (year, offset of the cue)."""
    first = text.find("年", start, end)
    if first < 0:
        return None
    found = None
    for found in regex.finditer(text, max(start, first - 4 - _YEAR_LEAD), end):
        pass
    if found is None:
        return None
    return int(next(g for g in found.groups() if g)), found.start()


_VERB_OBJECT = re.compile(r"[\u4e00-\u9fff“”\"()（）]{2,}\s*$")
_RATE_UNITS = frozenset({"%", "‰", "个百分点", "百分点", "倍"})


def _is_change(lx: Lexicon, text: str, pre_raw: str, mention: ValueMention, change: str | None) -> bool:
    """增长7%, 提高3个百分点, 增幅控制在6%以内 are changes; 提高到80%, 增至120张 are levels."""
    if mention.unit == "个百分点":
        return True
    if change is None:
        return bool(lx.change_word_re.search(pre_raw))
    last = None
    for last in lx.change_re.finditer(pre_raw):
        pass
    if last is None:
        return True
    verb = last.group(0)
    if verb.endswith("至"):
        return False  # 增至, 降至, 升至
    if _VERB_OBJECT.match(pre_raw, last.end()) and mention.unit not in _RATE_UNITS:
        return False  # 改造提升村卫生室1000个: the verb takes a noun; the value counts it
    return not lx.change_to_re.match(pre_raw, last.end())


def _target_lead_in(lx: Lexicon, text: str, s_start: int) -> tuple[int, int] | None:
    """Span of the line introducing the numbered list this sentence's line belongs to, when that
    line ends with a colon and sets a goal (到2020年将实现:\n1、…\n2、…); else None."""
    near = max(0, s_start - _ITEM_SPAN)  # every search is bounded: no rescans of long paragraphs
    line_start = text.rfind("\n", near, s_start) + 1
    if (not line_start and near) or not lx.list_item_re.match(text, line_start):
        return None
    floor = max(0, s_start - _LEAD_IN_SPAN)
    while line_start > floor:
        prev_start = text.rfind("\n", floor, line_start - 1) + 1
        if not prev_start and floor:
            return None
        line = text[prev_start:line_start - 1].rstrip()
        if not lx.list_item_re.match(line):
            if line.endswith((":", "：")) and lx.target_re.search(line):
                return prev_start, prev_start + len(line)
            return None
        line_start = prev_start
    return None


_LEAD_IN_SPAN = 1500  # how far up a numbered list may reach for its lead-in line
_ITEM_SPAN = 300  # a list item line longer than this before the sentence is prose, not a list


_UNSET = object()
_AFTER_REACH = 8  # 的年度目标任务: how far after a value a target cue still belongs to it
_LIST_HEAD_REACH = 40  # how far before a colon the list of 高血压、糖尿病…:均达到x may start
_YEAR_LEAD = 4  # longest cue before a year's digits in cues.json (计划在, 截至); a test holds the lexicon to it
_NOTE_SPAN = 10  # (2022年:  — the longest bracketed year lead-in
_CARRY_SPAN = 300  # characters looked back; keeps the scan linear on long paragraphs
