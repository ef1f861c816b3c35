"""Character-level normalisation that keeps every character traceable to the raw text.

Steps (each returns a new TrackedText): newline normalisation, repair of
pinyin-annotation mojibake ("總結(jié)" → "總結"), folding of full-width
digits/letters/number punctuation to half-width, traditional → simplified
(OpenCC t2s, kept 1:1 per character), years written in Chinese numerals
(二〇二二年 → 2022年, also 1:1), and flagging of spans that stay
corrupted ('?' / U+FFFD / stray Latin inside Han text) without inventing text.
"""
from __future__ import annotations

import re

import opencc

from pipelines.ingest.offsets import TrackedText

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_VOWELS = "aeiouv" + _TONED
# one pinyin syllable: optional initial, vowel nucleus, optional nasal/r coda
_SYLLABLE = rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[{_VOWELS}]{{1,4}}(?:ng|n|r)?"
# "(jié)" right after a character; the tone mark / ü requirement keeps real parentheses such as "(含九华)" or "(a)"
# (the bracket comes first and the lookbehind after it, so re can skip to brackets in C)
PINYIN_ANNOTATION = re.compile(rf"[(（](?<=\S[(（])(?=[a-zü{_TONED}]*[{_TONED}])({_SYLLABLE})[)）]", re.I)

# full-width forms that matter for numbers and codes; 〇 and Chinese punctuation such as 。、 are kept
_FULL_WIDTH = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ％．，：（）＋－／＜＞＝～"
_HALF_WIDTH = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz%.,:()+-/<>=~"
WIDTH_TABLE = str.maketrans(_FULL_WIDTH, _HALF_WIDTH)
_FULL_WIDTH_RUN = re.compile(f"[{re.escape(_FULL_WIDTH)}]+")

# what mojibake leaves behind: '?' runs or U+FFFD glued to Han text, Latin debris between Han characters;
# the "after Han" condition is checked in code. Readable form (tests hold the fast form to it):
CORRUPTION_SPEC = (
    r"\ufffd+"
    r"|\?+(?:[A-Za-z\u00c0-\u024f\u20ac,)]+|[\u4e00-\u9fff\u2460-\u24ff])"
    r"|[a-z](?=[\u4e00-\u9fff])"
    r"|[A-Za-z](?=\?)"
)
# the same alternatives behind one leading class, which lets re skip in C to the few candidate characters
CORRUPTION = re.compile(
    r"[\ufffd?A-Za-z](?:(?<=\ufffd)\ufffd*"
    r"|(?<=\?)\?*(?:[A-Za-z\u00c0-\u024f\u20ac,)]+|[\u4e00-\u9fff\u2460-\u24ff])"
    r"|(?<=[a-z])(?=[\u4e00-\u9fff])"
    r"|(?<=[A-Za-z])(?=\?))"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_OR_LATIN = re.compile(r"[\u4e00-\u9fffA-Za-z]")

# a year written digit by digit in Chinese numerals (二〇二二年, 二零二三, 一九九八年): four positional digits
# that start like a year, not touching another numeral; folded to Arabic one character for one
_CN_YEAR_DIGITS = "〇零一二三四五六七八九"
_CN_YEAR = re.compile(
    r"(?<![〇零一二两三四五六七八九十百千万亿\d])(?:二[〇零][〇零一二三四五六七八九]{2}|一九[〇零一二三四五六七八九]{2})"
    r"(?![〇零一二两三四五六七八九十百千万亿\d])"
)
_CN_YEAR_TABLE = str.maketrans(_CN_YEAR_DIGITS, "00123456789")

_CONVERTER = opencc.OpenCC("t2s")
_char_cache: dict[str, str] = {}


def normalise_newlines(tracked: TrackedText) -> TrackedText:
    text = tracked.text
    if "\r" not in text:
        return tracked
    tracked = tracked.delete((m.start(), m.end()) for m in re.finditer(r"\r(?=\n)", text))
    return tracked.replace_same_length(tracked.text.replace("\r", "\n"))


def repair_pinyin(tracked: TrackedText) -> tuple[TrackedText, int]:
    """Delete pinyin annotations; returns the text and how many were removed."""
    spans = [m.span() for m in PINYIN_ANNOTATION.finditer(tracked.text)]
    return tracked.delete(spans), len(spans)


def fold_width(tracked: TrackedText) -> TrackedText:
    # a regex scan finds the few full-width runs faster than translate() walks every character
    folded = _FULL_WIDTH_RUN.sub(lambda m: m.group().translate(WIDTH_TABLE), tracked.text)
    return tracked.replace_same_length(folded)


def to_simplified(text: str) -> str:
    """OpenCC t2s, guaranteed to keep the length (and so the offset map) exact."""
    converted = _CONVERTER.convert(text)
    if len(converted) == len(text):
        return converted
    # a phrase rule changed the length somewhere: redo the lines that moved character by character
    lines = text.split("\n")
    out = []
    for line in lines:
        simplified = _CONVERTER.convert(line)
        out.append(simplified if len(simplified) == len(line) else "".join(_simplify_char(c) for c in line))
    return "\n".join(out)


def _simplify_char(char: str) -> str:
    cached = _char_cache.get(char)
    if cached is None:
        converted = _CONVERTER.convert(char)
        cached = converted if len(converted) == 1 else char
        _char_cache[char] = cached
    return cached


def fold_chinese_years(tracked: TrackedText) -> TrackedText:
    """二〇二二年 → 2022年, so every year rule downstream reads it; the raw text keeps what was written."""
    text = tracked.text
    if "〇" not in text and "零" not in text and "九" not in text:
        return tracked  # every such year holds 〇/零 (二〇xx) or 九 (一九xx)
    folded = _CN_YEAR.sub(lambda m: m.group().translate(_CN_YEAR_TABLE), text)
    return tracked if folded == text else tracked.replace_same_length(folded)


def simplify(tracked: TrackedText) -> TrackedText:
    return tracked.replace_same_length(to_simplified(tracked.text))


def normalise(tracked: TrackedText) -> tuple[TrackedText, int]:
    """All character-level steps; returns the text and the pinyin repair count."""
    tracked = normalise_newlines(tracked)
    tracked, repaired = repair_pinyin(tracked)
    tracked = fold_chinese_years(simplify(fold_width(tracked)))
    return tracked, repaired


def normalise_fragment(text: str) -> str:
    """The same character-level normalisation on a plain raw slice (used to check offsets)."""
    return normalise(TrackedText.identity(text))[0].text


def corrupted_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in CORRUPTION.finditer(text):
        start, first = match.start(), match.group()[0]
        if first != "\ufffd":
            before = text[start - 1] if start else ""
            # '?' debris follows Han (or Latin debris); a stray letter sits right after Han
            allowed = _HAN_OR_LATIN if first == "?" else _HAN
            if not before or not allowed.match(before):
                continue
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], match.end()))
        else:
            spans.append(match.span())
    return spans
