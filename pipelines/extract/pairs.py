"""A target and its result stated side by side in one sentence: two facts of one indicator.

年初目标4个,实际建成5个 / 年初安排1500万元,落实1740万元 / 新增托位600个,超额完成500个的年度目标任务 /
目标值为85%,完成值为88.6%. The sentence grammar reads each value's kind from its own cue; the words
that carry that cue (年初目标, 实际建成, 完成值) are not the thing measured, so a value named only by
them takes the name of the value it is paired with, and the two share `pair` so they can be linked.
"""
from __future__ import annotations

from pipelines.extract.lexicon import Lexicon
from pipelines.extract.model import IndicatorFact
from pipelines.extract.naming import UNNAMED, trim_name

_PAIRED_KINDS = frozenset({"target", "outcome"})


def settle_pairs(facts: list[IndicatorFact], text: str, lx: Lexicon) -> list[IndicatorFact]:
    """Name cue-word values after their partner and mark each target/outcome pair; facts of one sentence."""
    if not facts:
        return facts
    if any(f.unit == "%" for f in facts) and text.find("完成", facts[0].sentence_start, facts[0].sentence_end) >= 0:
        _name_completion_shares(facts, text, lx)
    if len(facts) < 2 or not any(f.kind == "target" for f in facts):
        return facts
    for fact in facts:
        stem = _strip_cue_tail(fact.indicator, lx)
        if stem != fact.indicator:
            fact.indicator = stem
    for i, fact in enumerate(facts):
        if not _is_cue_name(fact.indicator, lx):
            continue
        partner = _partner(facts, i, lx)
        if partner is None:
            subject = _subject_before(facts, text, lx)
            if subject:
                for other in facts:
                    if _is_cue_name(other.indicator, lx) and other.unit == fact.unit:
                        other.indicator = subject  # 预防接种门诊建设,年初目标4个,实际建成5个
            partner = _partner(facts, i, lx)
            if partner is None:
                continue
        fact.indicator = partner.indicator
        if "unnamed" in fact.flags:
            fact.flags.remove("unnamed")
        if {fact.kind, partner.kind} == _PAIRED_KINDS:
            fact.pair = partner.pair = min(fact.start, partner.start)
    for a, b in zip(facts, facts[1:]):
        if a.pair is None and b.pair is None and {a.kind, b.kind} == _PAIRED_KINDS \
                and a.indicator == b.indicator and a.unit == b.unit:
            a.pair = b.pair = a.start  # 计划新建5家卫生室,建成卫生室6家
    return facts


def _name_completion_shares(facts: list[IndicatorFact], text: str, lx: Lexicon) -> None:
    """建成公共停车泊位8500个,完成年度目标的85%: the share is the completion rate of the value before it."""
    for i, fact in enumerate(facts):
        if fact.unit != "%" or not _is_cue_name(fact.indicator, lx):
            continue
        before = text[max(fact.sentence_start, fact.start - _SHARE_REACH):fact.start]
        if not lx.completion_share_re.search(before):
            continue
        measured = next((f for f in reversed(facts[:i]) if f.unit != "%" and not _is_cue_name(f.indicator, lx)),
                        None)
        if measured is not None:
            fact.indicator = measured.indicator + "完成率"


_SHARE_REACH = 16  # 完成年度目标任务的: the longest lead-in of a completion share


def _is_cue_name(name: str, lx: Lexicon) -> bool:
    if name == UNNAMED or lx.cue_name_re.search(name):
        return True
    return len(lx.cue_filler_re.sub("", name)) <= 1


def _strip_cue_tail(name: str, lx: Lexicon) -> str:
    """基层能力建设资金年初安排 → 基层能力建设资金: the cue words after the thing measured."""
    for cut in range(len(name) - 2, 1, -1):
        if lx.cue_name_re.fullmatch(name[cut:]) and not lx.cue_name_re.search(name[:cut]):
            return name[:cut]
    return name


def _subject_before(facts: list[IndicatorFact], text: str, lx: Lexicon) -> str:
    """The thing measured, stated in the clause before a pair that names only its cues."""
    first = facts[0]
    start = first.sentence_start
    head = text[start:first.start]
    cut = max(head.rfind(","), head.rfind("，"))
    if cut < 0:
        return ""
    before = head[:cut]
    prev = max(before.rfind(","), before.rfind("，"))
    name = trim_name(before[prev + 1:], lx)
    return "" if not name or _is_cue_name(name, lx) else name


def _partner(facts: list[IndicatorFact], i: int, lx: Lexicon) -> IndicatorFact | None:
    """The nearest value of the other kind (then any kind) with the same unit and a real name."""
    me = facts[i]
    best = None
    for j in sorted(range(len(facts)), key=lambda j: (abs(j - i), j > i)):
        other = facts[j]
        if j == i or other.unit != me.unit or _is_cue_name(other.indicator, lx):
            continue
        if {me.kind, other.kind} == _PAIRED_KINDS:
            return other
        if best is None:
            best = other
    return best
