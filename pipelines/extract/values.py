"""Value mentions: one regex scan for numbers with units, parsed and filtered by the exclusion lexicon."""
from __future__ import annotations

import bisect
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


def _spans(regex: re.Pattern, text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for m in regex.finditer(text):
        if m.end() > m.start():
            starts.append(m.start())
            ends.append(m.end())
    return starts, ends


def _overlaps(starts: list[int], ends: list[int], a: int, b: int) -> bool:
    # exclusion spans come from one finditer, so they are sorted and disjoint
    i = bisect.bisect_right(starts, b - 1) - 1
    return i >= 0 and ends[i] > a


def find_values(text: str, lx: Lexicon) -> list[ValueMention]:
    """All value mentions in `text`, in order, minus dates, slogans, ordinals and page furniture."""
    ex_starts, ex_ends = _spans(lx.exclusion_re, text)
    out: list[ValueMention] = []
    for m in lx.value_re.finditer(text):
        mention = _parse(m, text, lx)
        if mention is None:
            continue
        num_end = m.end("unit") if m.group("unit") else m.end("body")
        if _overlaps(ex_starts, ex_ends, mention.start, num_end):
            continue
        out.append(mention)
    return out


def _parse(m: re.Match, text: str, lx: Lexicon) -> ValueMention | None:
    start = m.start("body")
    for word in lx.preceded_by:
        if text.startswith(word, max(0, start - len(word))) and start >= len(word):
            return None
    if lx.followed_by_re.match(text, m.end()):
        return None
    if m.group("pctw"):
        value = parse_number(m.group("pnum"))
        unit = lx.percent_words[m.group("pctw")]
        high = None
    else:
        n1, n2 = m.group("n1"), m.group("n2")
        if n1 in lx.cn_excluded and not n2:
            return None
        value = parse_number(n1)
        high = parse_number(n2) if n2 else None
        if value is None or (n2 and high is None):
            return None
        written = m.group("unit")
        unit = lx.units.get(written, written)
        factor = lx.magnitudes.get(m.group("mag") or "", 1)
        for prefix, mult in lx.magnitudes.items():
            # 万元 written as one unit still carries its magnitude
            if written.startswith(prefix) and len(written) > len(prefix):
                factor *= mult
                break
        value *= factor
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
    if m.group("pctw") is None and (m.group("yu1") or m.group("yu2")):
        qualifier = "余"
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


def _tidy(x: float) -> float:
    """Round away float noise from magnitude folding (604.02 × 10⁴)."""
    return float(round(x, 6))
