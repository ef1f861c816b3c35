"""Values without a unit: ratios, indices and scores (出生人口性别比108.5, CMI值0.92, 医护比1:1.53).

The value scan (`values.py`) reads a number only with its unit; a ratio or index has none, so a bare
number counts here only when a noun that measures without a unit (`pipelines/lexicons/unitless.json`)
stands before it in the same sentence, within reach. The mentions join the sentence grammar like any
other, with unit None.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extract.lexicon import LEXICON_DIR, Lexicon
from pipelines.extract.values import ValueMention

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
_RATIO_BASE = re.compile(r"1\s*[:：]\s*$")
_SENTENCE_END = re.compile(r"[。；;!！?？\n]")


@dataclass(frozen=True)
class UnitlessLexicon:
    nouns: re.Pattern
    reach: int
    ratio: re.Pattern
    stop: re.Pattern


@lru_cache(maxsize=1)
def unitless_lexicon() -> UnitlessLexicon:
    with open(LEXICON_DIR / "unitless.json", encoding="utf-8") as fh:
        raw = json.load(fh)
    return UnitlessLexicon(re.compile(raw["nouns"]), raw["reach"], re.compile(raw["ratio"]), re.compile(raw["stop"]))


def unitless_values(text: str, lx: Lexicon, mentions: list[ValueMention]) -> list[ValueMention]:
    """`mentions` plus the bare numbers that ratio and index nouns measure, in text order."""
    ul = unitless_lexicon()
    nouns = list(ul.nouns.finditer(text))
    if not nouns:
        return mentions
    taken = [(m.outer_start, m.end) for m in mentions]
    words = _qualifier_words(lx)  # once per document that names a ratio or an index
    starts = [a for a, _ in taken]
    added: list[ValueMention] = []
    last_end = -1
    for noun in nouns:
        pos = max(noun.end(), last_end)
        stop = _SENTENCE_END.search(text, pos)
        limit = stop.start() if stop else len(text)
        reach_end = min(limit, pos + ul.reach)
        for num in _NUMBER.finditer(text, pos, limit):
            if num.start() > reach_end:
                break
            a, b = num.span()
            if ul.stop.match(text, b) or _covered(starts, taken, a, b):
                reach_end = min(limit, b + ul.reach)
                continue
            ratio = ul.ratio.match(text, a)
            if ratio and ratio.group(0) and b == a + 1:
                continue  # 1:1.53 — the leading 1 is the base of the ratio
            mention = _mention(text, words, a, b)
            added.append(mention)
            last_end = mention.end
            reach_end = min(limit, mention.end + ul.reach)
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda v: v.start)


def _covered(starts: list[int], spans: list[tuple[int, int]], a: int, b: int) -> bool:
    i = bisect.bisect_right(starts, a) - 1
    return i >= 0 and spans[i][1] > a


def _qualifier_words(lx: Lexicon) -> tuple[tuple, tuple]:
    """(suffix, prefix) qualifier words, longest first; after a bare ratio only bounds and 左右 count."""
    by_length = lambda kv: -len(kv[0])  # noqa: E731
    suffixes = tuple((w, c) for w, c in sorted(lx.suffix_qualifiers.items(), key=by_length)
                     if c in ("以上", "以下", "左右", "以内"))
    return suffixes, tuple(sorted(lx.prefix_qualifiers.items(), key=by_length))


def _mention(text: str, words: tuple[tuple, tuple], a: int, b: int) -> ValueMention:
    qualifier = None
    end = b
    suffixes, prefixes = words
    for word, canonical in suffixes:
        if text.startswith(word, b):
            qualifier, end = canonical, b + len(word)
            break
    outer = a
    base = _RATIO_BASE.search(text, max(0, a - 4), a)
    if base:
        outer = base.start()  # 1:1.53 — the base belongs to the value, not to its name
    for word, canonical in prefixes:
        if text.endswith(word, 0, outer):
            qualifier, outer = canonical, a - len(word)
            break
    return ValueMention(start=a, end=end, outer_start=outer, value=float(text[a:b]), value_high=None, unit=None,
                        qualifier=qualifier, value_text=text[a:end], flags=["no_unit"])
