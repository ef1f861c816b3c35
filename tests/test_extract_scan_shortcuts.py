"""The scan shortcuts that make extraction fast must not change what it finds.

Each shortcut rests on a claim about the lexicons (a prefilter lists every first character, no exclusion
match is longer than its reach, no year cue puts more than _YEAR_LEAD characters before its year); these
tests hold the lexicons to those claims on every report the project ships and on every gold sentence.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipelines.extract import facts as facts_module
from pipelines.extract.lexicon import LEXICON_DIR, lexicon
from pipelines.text.regexscan import compile_prefiltered, first_char_class, required_pieces
from pipelines.extract.values import _exclusion_spans

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    paths = sorted((ROOT / "tests" / "fixtures").rglob("*.txt")) + sorted((ROOT / "raw").glob("*.txt"))
    texts = []
    for path in paths:
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            texts.append(path.read_bytes().decode("gb18030", errors="replace"))
    for gold in sorted((ROOT / "tests" / "gold").glob("*.jsonl")):
        for line in gold.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.append(row.get("sentence") or row.get("value_text") or "")
    return [t for t in texts if t]


TEXTS = _texts()


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("力争|确保", {"力", "确"}),
        (r"(?<!主)要(?=达到)", {"要"}),
        (r"(?:计划|预计)?(?:在|于)?\d{4}年", {"计", "预", "在", "于", "0", "9"}),
        (r"^(?P<y>\d{4})年", {"2"}),
        (r"[一-龥]{0,2}率", {"卫", "率"}),
    ],
)
def test_first_char_class_admits_every_start(pattern, expected):
    cls = first_char_class(pattern)
    assert cls is not None
    admitted = re.compile(f"[{cls}]")
    assert all(admitted.fullmatch(ch) for ch in expected)


@pytest.mark.parametrize("pattern", [r"\d*", r"(?:到)?", r".年", r"[^,]+率", r"a|b?"])
def test_first_char_class_refuses_when_no_prefilter_is_possible(pattern):
    # empty matches, '.' and negated classes can start anywhere
    assert first_char_class(pattern) is None


def _lexicon_regexes():
    lx = lexicon()
    return [(name, value) for name, value in vars(lx).items() if isinstance(value, re.Pattern)]


@pytest.mark.parametrize("name, regex", _lexicon_regexes(), ids=lambda v: v if isinstance(v, str) else "")
def test_prefiltered_lexicon_regex_finds_what_the_plain_one_finds(name, regex):
    plain_source = regex.pattern
    m = re.match(r"\(\?=\[(.*?)\]\)\(\?:(.*)\)\Z", plain_source, re.S)
    if m is None:
        pytest.skip("compiled without a prefilter")
    plain = re.compile(m.group(2), regex.flags)
    assert compile_prefiltered(m.group(2), regex.flags & ~re.UNICODE).pattern == plain_source
    for text in TEXTS:
        assert [x.span() for x in regex.finditer(text)] == [x.span() for x in plain.finditer(text)], name


def test_no_exclusion_match_is_longer_than_its_reach():
    lx = lexicon()
    longest = max((len(m.group()) for t in TEXTS for m in lx.exclusion_re.finditer(t)), default=0)
    assert 0 < longest <= lx.exclusion_reach
    spec = json.loads((LEXICON_DIR / "exclusions.json").read_text(encoding="utf-8"))
    assert spec["reach"] == lx.exclusion_reach


def test_windowed_exclusion_scan_equals_whole_text_scan_where_values_are():
    lx = lexicon()
    for text in TEXTS:
        candidates = list(lx.value_re.finditer(text))
        starts, ends = _exclusion_spans(text, lx, candidates)
        windowed = list(zip(starts, ends))
        whole = [m.span() for m in lx.exclusion_re.finditer(text) if m.end() > m.start()]
        # every whole-text span that touches a candidate value is found by the windowed scan, and nothing else
        touching = [s for s in whole if any(s[0] < c.end() and s[1] > c.start() for c in candidates)]
        assert set(touching) <= set(windowed)
        assert set(windowed) <= set(whole)
        assert windowed == sorted(windowed)


def _naive_year(regex, text, start, end):
    found = None
    for found in regex.finditer(text, start, end):
        pass
    return int(next(g for g in found.groups() if g)) if found else None


def test_year_lookup_equals_a_scan_from_the_sentence_start():
    lx = lexicon()
    regexes = (lx.year_target_re, lx.year_outcome_re, lx.year_baseline_re)
    for text in TEXTS:
        for m in re.finditer(r"\d", text):
            end = m.start()
            start = max(0, text.rfind("。", 0, end) + 1)
            for regex in regexes:
                found = facts_module._year_at(regex, text, start, end)
                assert (found[0] if found else None) == _naive_year(regex, text, start, end)


def test_year_cues_put_at_most_year_lead_characters_before_the_year():
    lx = lexicon()
    for text in TEXTS:
        for regex in (lx.year_target_re, lx.year_outcome_re, lx.year_baseline_re):
            for m in regex.finditer(text):
                assert m.group().find("年") - 4 <= facts_module._YEAR_LEAD, m.group()


def test_prefilter_is_added_only_where_re_has_no_prefix_search_of_its_own():
    assert compile_prefiltered("力争|确保").pattern == "力争|确保"  # re skips to 力/确 in C already
    assert compile_prefiltered(r"[(（]\d{4}").pattern == r"[(（]\d{4}"
    wrapped = compile_prefiltered(r"(?:计划|预计)?\d{4}年").pattern
    assert wrapped.startswith("(?=[") and wrapped.endswith(r"(?:(?:计划|预计)?\d{4}年)")


@pytest.mark.parametrize(
    "pattern, pieces",
    [
        (r"^[ \t]*(?:您的位置|当前位置)[:：][^\n]*$", ("当前位置", "您的位置")),
        (r"收藏《[^》\n]{0,80}》", ("收藏《",)),
        (r"\((?:未完|全文共\d+字)", ("全文共", "未完")),
        (r"(?:ab)+c?", ("ab",)),
        (r"\d+年", ("年",)),
        (r"\d+[^,]?", None),        # no literal every match must hold
        (r"(?:力争|\d+)年", ("年",)),  # one alternative without a literal: the later 年 is still required
        (r"a?b", ("b",)),
    ],
)
def test_required_pieces(pattern, pieces):
    assert required_pieces(pattern) == pieces


def test_required_pieces_hold_for_every_furniture_match():
    from pipelines.ingest.boilerplate import PATTERNS

    assert sum(p.pieces is not None for p in PATTERNS) >= len(PATTERNS) - 2
    raw = sorted((ROOT / "tests" / "fixtures").rglob("*")) + sorted((ROOT / "raw").glob("*"))
    texts = TEXTS + [p.read_bytes().decode("utf-8", errors="replace") for p in raw if p.is_file()]
    seen = 0
    for pattern in PATTERNS:
        if pattern.pieces is None:
            continue
        for text in texts:
            for m in pattern.regex.finditer(text):
                assert any(piece in m.group() for piece in pattern.pieces), (pattern.name, m.group())
                seen += 1
    assert seen > 0


def _furniture_texts() -> list[str]:
    raw = sorted((ROOT / "tests" / "fixtures").rglob("*")) + sorted((ROOT / "raw").glob("*"))
    return TEXTS + [p.read_bytes().decode("utf-8", errors="replace") for p in raw if p.is_file()]


def test_line_start_scan_finds_what_finditer_finds_for_every_furniture_pattern():
    from pipelines.ingest.boilerplate import PATTERNS

    scanned = [p for p in PATTERNS if p.line_scan is not None]
    assert len(scanned) >= len(PATTERNS) // 2  # the ^-anchored patterns all take the fast scan
    seen = 0
    for pattern in scanned:
        for text in _furniture_texts():
            expected = [m.span() for m in pattern.regex.finditer(text)]
            assert pattern.spans(text) == expected, pattern.name
            seen += len(expected)
    assert seen > 0


@pytest.mark.parametrize(
    "pattern",
    [r"^\d+\n?", r"^[ \t]*\d+(?:\n\d+)*", r"^a*b$", r"^(?=x)\w+", r"^[^\n]{0,3}b\n\n?"],
)
def test_line_start_scan_matches_finditer_on_fuzzed_text(pattern):
    """Matches that end on a newline, at the first character, across lines and back to back."""
    import random

    from pipelines.text.regexscan import line_start_scan

    scan = line_start_scan(pattern, re.MULTILINE)
    plain = re.compile(pattern, re.MULTILINE)
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("12ab x\n\n") for _ in range(rng.randint(0, 24)))
        assert scan.spans(text) == [m.span() for m in plain.finditer(text)], (pattern, text)


@pytest.mark.parametrize("pattern", [r"a^b", r"^a|b", r"^\d*", r"(?m)^a", r"\n^a"])
def test_line_start_scan_declines_patterns_it_cannot_rewrite(pattern):
    from pipelines.text.regexscan import line_start_scan

    assert line_start_scan(pattern, re.MULTILINE) is None
