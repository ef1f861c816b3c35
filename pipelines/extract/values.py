"""Value mentions: one regex scan for numbers with units, parsed and filtered by the exclusion lexicon."""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from pipelines.extract.lexicon import Lexicon
from pipelines.extract.numerals import parse_number


@dataclass
class ValueMention:
    start: int            # first character of the number (after any prefix qualifier)
    end: int              # end of unit / suffix qualifier
    outer_start: int      # start including a prefix qualifier such as 近/不低于
    value: float
    value_high: float | None
    unit: str
    qualifier: str | None
    value_text: str
    flags: list[str] = field(default_factory=list)


def _exclusion_spans(text: str, lx: Lexicon, candidates: list[re.Match]) -> tuple[list[int], list[int]]:
    """Exclusion matches that can touch a candidate value: the scan covers only the windows around them.

    A match longer than `lx.exclusion_reach` could start before its window; no span pattern matches that long.
    Spans come back sorted and disjoint, as one scan of the whole text would give them.
    """
    regex, reach, size = lx.exclusion_re, lx.exclusion_reach, len(text)
    starts: list[int] = []
    ends: list[int] = []
    resume = 0
    i, n = 0, len(candidates)
    while i < n:
        w_start = max(candidates[i].start() - reach, resume)
        w_end = candidates[i].end()
        i += 1
        while i < n and candidates[i].start() - reach <= w_end:  # neighbouring windows merge
            w_end = candidates[i].end()
            i += 1
        for m in regex.finditer(text, w_start, min(size, w_end + reach)):
            if m.start() >= w_end:
                break
            if m.end() > m.start():
                starts.append(m.start())
                ends.append(m.end())
                resume = m.end()
    return starts, ends


def _overlaps(starts: list[int], ends: list[int], a: int, b: int) -> bool:
    # exclusion spans come from one finditer, so they are sorted and disjoint
    i = bisect.bisect_right(starts, b - 1) - 1
    return i >= 0 and ends[i] > a


def find_values(text: str, lx: Lexicon) -> list[ValueMention]:
    """All value mentions in `text`, in order, minus dates, slogans, ordinals and page furniture."""
    candidates = list(lx.value_re.finditer(text))
    ex_starts, ex_ends = _exclusion_spans(text, lx, candidates)
    out: list[ValueMention] = []
    for m in candidates:
        mention = _parse(m, text, lx)
        if mention is None:
            continue
        num_end = m.end("unit") if m.group("unit") else m.end("body")
        if _overlaps(ex_starts, ex_ends, mention.start, num_end):
            continue
        out.append(mention)
    if "其中" in text:
        out = _bare_parts(text, lx, out)
    if "万" in text or "亿" in text:
        out = _bare_magnitudes(text, lx, out)
    return out


def _bare_magnitudes(text: str, lx: Lexicon, mentions: list[ValueMention]) -> list[ValueMention]:
    """Add counts written as 1000万 / 84.7亿 with no classifier; the counted noun before them (人次, 人数) gives the unit."""
    starts = [m.start for m in mentions]
    added = []
    for m in lx.bare_magnitude_re.finditer(text):
        a = m.start("num")
        i = bisect.bisect_right(starts, a)
        if i and mentions[i - 1].end > a:
            continue  # already read as a value with a classifier
        value = float(m.group("num")) * lx.magnitudes[m.group("mag")]
        qualifier = None
        if m.group("qpre"):
            qualifier = lx.prefix_qualifiers[m.group("qpre")]
        elif m.group("qsuf"):
            qualifier = lx.suffix_qualifiers[m.group("qsuf")]
        elif m.group("yu"):
            qualifier = "余"
        added.append(ValueMention(start=a, end=m.end(), outer_start=a, value=_tidy(value), value_high=None,
                                  unit=lx.bare_magnitude_nouns[m.group("noun")], qualifier=qualifier,
                                  value_text=text[a:m.end()], flags=["unit_from_noun"]))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda v: v.start)


def _bare_parts(text: str, lx: Lexicon, mentions: list[ValueMention]) -> list[ValueMention]:
    """Add 其中<part><number> values written without a classifier; they take the whole's unit."""
    starts = [m.start for m in mentions]
    added = []
    for m in lx.bare_part_re.finditer(text):
        i = bisect.bisect_left(starts, m.start()) - 1
        if i < 0:
            continue
        whole = mentions[i]
        if m.start() - whole.end > lx.bare_part_gap or whole.unit in lx.bare_part_no_share:
            continue
        if i + 1 < len(mentions) and mentions[i + 1].start < m.end():
            continue  # the number already has a classifier
        a, b = m.span("num")
        added.append(ValueMention(start=a, end=b, outer_start=a, value=float(m.group("num")), value_high=None,
                                  unit=whole.unit, qualifier=None, value_text=text[a:b], flags=["unit_from_whole"]))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda v: v.start)


def _parse(m: re.Match, text: str, lx: Lexicon) -> ValueMention | None:
    start = m.start("body")
    for width, words in lx.preceded_by:
        if start >= width and text[start - width:start] in words:
            return None
    if lx.followed_by_re.match(text, m.end()):
        return None
    if m.group("pctw"):
        value = parse_number(m.group("pnum"))
        unit = lx.percent_words[m.group("pctw")]
        high = None
    else:
        n1, n2 = m.group("n1"), m.group("n2")
        if n1 in lx.cn_excluded and not n2 and not _counted_one(m, text, lx):
            return None
        value = parse_number(n1)
        high = parse_number(n2) if n2 else None
        if value is None or (n2 and high is None):
            return None
        written = m.group("unit")
        unit = lx.units.get(written, written)
        if unit in lx.arabic_only_units and not n1[0].isdigit():
            return None
        mag = m.group("mag")
        factor = lx.unit_factors.get(written, 1)  # 万元 written as one unit still carries its magnitude
        if mag:
            factor *= lx.magnitudes[mag]
        value *= factor
        if m.group("neg"):
            value = -value  # 自然增长率为-1.2‰
        if high is not None:
            high *= factor
        if unit == "年" and value >= 1900:
            return None
        if written in lx.population_units or unit in lx.population_units:
            if lx.population_re.match(text, m.end()):
                return None
    if value is None:
        return None
    qualifier = None
    if m.group("qpre"):
        qualifier = lx.prefix_qualifiers[m.group("qpre")]
    if m.group("qsuf"):
        qualifier = lx.suffix_qualifiers[m.group("qsuf")]
    if m.group("pctw") is None and (m.group("yu1") or m.group("yu2")) and not m.group("qpre"):
        qualifier = "余"  # 近千余次 keeps its 近: the word read first says which side the value is on
    flags: list[str] = []
    if high is not None and high < value:
        flags.append("range_inverted")
    end = m.end()
    return ValueMention(
        start=start,
        end=end,
        outer_start=m.start(),
        value=_tidy(value),
        value_high=_tidy(high) if high is not None else None,
        unit=unit,
        qualifier=qualifier,
        value_text=text[start:end],
        flags=flags,
    )


def _counted_one(m: re.Match, text: str, lx: Lexicon) -> bool:
    """一例 / 一家 / clause-final 一起 count something; 一起 (together), 同一家 (the same) do not."""
    if m.group("mag"):
        return True  # 一万元, 一亿元
    if m.group("qpre") or m.group("yu1") or m.group("yu2"):
        return False
    start = m.start("body")
    if start and lx.cn_kept_not_after_re.match(text, start - 1):
        return False
    if lx.cn_kept_not_before_re.match(text, m.end()):
        return False  # 一家一策, 一家人: a word or slogan, not a count
    written = m.group("unit")
    if written in lx.cn_kept_units:
        return True
    return written in lx.cn_kept_final_units and bool(lx.cn_kept_final_re.match(text, m.end()))


def interval(bounds: dict, value: float, high: float | None, qualifier: str | None):
    """(lower, upper, lower_closed, upper_closed) of a value as its qualifier bounds it (qualifiers.json)."""
    if high is not None:
        return value, high, True, True
    rule = bounds.get(qualifier or "")
    if rule is None:
        return value, value, True, True
    lower = value if rule["lower"] == "v" else (-math.inf if rule["upper"] == "v" else None)
    upper = value if rule["upper"] == "v" else (math.inf if rule["lower"] == "v" else None)
    return lower, upper, rule["lower_closed"], rule["upper_closed"]


def _tidy(x: float) -> float:
    """Round away float noise from magnitude folding (604.02 × 10⁴)."""
    return float(round(x, 6))
