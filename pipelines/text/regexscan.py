"""Shortcuts for scanning text with the lexicons' regexes, read off the parsed patterns.

Python's `re` tries every alternative of a pattern at every position of the text, unless the pattern opens
with a literal or a class it can skip to in C. These shortcuts avoid most of that work; all are derived from
the pattern itself, so lexicon authors never maintain them by hand:
- a lookahead on the characters a match can start with, `(?=[…])`, rejects most positions in one class test;
- the literal pieces every match must contain (`required_pieces`): when none occurs in a text (a substring
  test runs in C), the pattern cannot match there and the scan is skipped (worth it only where `skips_in_c`
  says the scan itself is slow);
- `LineStartScan`: a pattern opening with `^` is searched as the newline before each line, a literal.
"""
from __future__ import annotations

import re

try:  # the parser is private; without it patterns are simply compiled as written
    from re import _constants as sre_c
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - other Python versions
    sre_c = sre_parse = None


class _Unbounded(Exception):
    """The pattern can start with almost any character (., a negated class): no useful prefilter."""


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_WORD": r"\w",
}


def first_char_class(pattern: str, flags: int = 0) -> str | None:
    """The body of a character class holding every character a non-empty match of `pattern` can start with,
    or None when no such class is useful (the pattern can match empty, or start with almost anything)."""
    if sre_parse is None or flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(pattern, flags)
        fragments: list[str] = []
        if _first(list(parsed), fragments):
            return None  # can match the empty string
    except (_Unbounded, re.error, RecursionError):
        return None
    return "".join(dict.fromkeys(fragments))


def with_lookahead(pattern: str, flags: int = 0) -> str:
    """`pattern` behind a lookahead on its first characters, as regex source (it may be embedded in a larger
    pattern); the pattern unchanged when no class can be derived."""
    cls = first_char_class(pattern, flags)
    return f"(?=[{cls}])(?:{pattern})" if cls else pattern


def compile_prefiltered(pattern: str, flags: int = 0) -> re.Pattern:
    """`pattern` compiled behind a lookahead on its first characters, when one can be derived and `re`
    has no faster prefix search of its own."""
    if _has_native_prefix(pattern, flags):
        return re.compile(pattern, flags)
    return re.compile(with_lookahead(pattern, flags), flags)


def _has_native_prefix(pattern: str, flags: int) -> bool:
    """True when the pattern opens with a literal, a class, or a choice of literals: `re` then skips to the
    candidate positions in C, which beats a lookahead tried at every position."""
    if sre_parse is None:
        return True
    try:
        items = list(sre_parse.parse(pattern, flags))
    except re.error:
        return True
    c = sre_c
    while items and items[0][0] is c.SUBPATTERN:
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if op in (c.LITERAL, c.IN):
        return True
    if op is c.BRANCH:
        return all(alt and list(alt)[0][0] is c.LITERAL for alt in av[1])
    return False


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _first(items: list, out: list[str]) -> bool:
    """Add to `out` the first characters of the sequence `items`; True when the whole sequence can be empty."""
    c = sre_c
    for op, av in items:
        if op is c.LITERAL:
            out.append(_char(av))
            return False
        if op is c.IN:
            for item_op, item_av in av:
                if item_op is c.LITERAL:
                    out.append(_char(item_av))
                elif item_op is c.RANGE:
                    out.append(f"{_char(item_av[0])}-{_char(item_av[1])}")
                elif item_op is c.CATEGORY and str(item_av) in _CATEGORIES:
                    out.append(_CATEGORIES[str(item_av)])
                else:  # NEGATE, negated categories
                    raise _Unbounded
            return False
        if op is c.BRANCH:
            empty = False
            for alternative in av[1]:
                empty |= _first(list(alternative), out)
            if not empty:
                return False
        elif op is c.SUBPATTERN:
            if not _first(list(av[3]), out):
                return False
        elif op is getattr(c, "ATOMIC_GROUP", None):
            if not _first(list(av), out):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _high, body = av
            if not _first(list(body), out) and low > 0:
                return False
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero-width: the next item decides the first character
        else:  # ANY, NOT_LITERAL, group references, …
            raise _Unbounded
    return True


def required_pieces(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Literal strings of which every match of `pattern` contains at least one, or None when none can be
    named (a pattern such as `\\d+年` has no required literal longer than a digit class)."""
    if sre_parse is None or flags & re.IGNORECASE:
        return None
    try:
        pieces = _pieces(list(sre_parse.parse(pattern, flags)))
    except (re.error, RecursionError):
        return None
    return tuple(sorted(pieces)) if pieces else None


_MAX_PIECES = 16   # more alternatives than this cost more substring tests than they save
_CLASS_PIECES = 4  # a class of a few literal characters ([：:]) still makes a usable piece set


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two piece sets: longer shortest piece first, then fewer pieces."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _pieces(items: list) -> frozenset[str] | None:
    """The best piece set of a sequence: every match of the sequence contains one of its strings."""
    c = sre_c
    best: frozenset[str] | None = None
    run = ""  # consecutive required literal characters form one piece
    for op, av in items:
        if op is c.LITERAL:
            run += chr(av)
            continue
        if run:
            best = _better(best, frozenset({run}))
            run = ""
        found: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            found = _pieces(list(av[3]))
        elif op is getattr(c, "ATOMIC_GROUP", None):
            found = _pieces(list(av))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            found = _pieces(list(av[2]))
        elif op is c.BRANCH:
            union: set[str] = set()
            for alternative in av[1]:
                sub = _pieces(list(alternative))
                if sub is None:
                    union = set()
                    break
                union |= sub
            found = frozenset(union) if union and len(union) <= _MAX_PIECES else None
        elif op is c.IN and all(item_op is c.LITERAL for item_op, _ in av) and len(av) <= _CLASS_PIECES:
            found = frozenset(chr(item_av) for _, item_av in av)
        best = _better(best, found)
    if run:
        best = _better(best, frozenset({run}))
    return best


class LineStartScan:
    """`finditer` spans of a pattern that opens with `^` under re.MULTILINE, found by searching for the newline
    before each candidate line: `re` skips to a literal first character in C, while a pattern opening with
    `^` is tried at every position of the text. Same matches, in the same order, as the plain pattern."""

    def __init__(self, regex: re.Pattern, after_newline: re.Pattern) -> None:
        self.regex = regex                  # the pattern as written
        self.after_newline = after_newline  # "\n" followed by the pattern without its "^"

    def spans(self, text: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        first = self.regex.match(text)     # the first line has no newline before it
        end = 0
        if first:
            found.append(first.span())
            end = first.end()
        search = self.after_newline.search
        # finditer resumes at `end`; a line start at or after it has its newline at or after end - 1
        match = search(text, end - 1 if end else 0)
        while match:
            found.append((match.start() + 1, match.end()))
            end = match.end()
            match = search(text, end - 1)
        return found


def line_start_scan(pattern: str, flags: int = 0) -> LineStartScan | None:
    """A `LineStartScan` for `pattern` when it opens with `^` under re.MULTILINE (no top-level alternation) and
    cannot match the empty string; None otherwise, and the pattern is best scanned as written."""
    if sre_parse is None or not flags & re.MULTILINE or not pattern.startswith("^"):
        return None
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    items = list(parsed)
    if not items or items[0] != (sre_c.AT, sre_c.AT_BEGINNING) or parsed.getwidth()[0] == 0:
        return None
    return LineStartScan(re.compile(pattern, flags), re.compile("\n(?:" + pattern[1:] + ")", flags))


def skips_in_c(pattern: str, flags: int = 0) -> bool:
    """True when `re` reaches the candidate positions of `pattern` without trying it at every character: it
    opens with a literal or class, or with `^` (scanned by `LineStartScan`) and a bounded set of first
    characters after it. Such a scan costs less than testing the text for the pattern's required pieces."""
    if line_start_scan(pattern, flags) is not None:
        return first_char_class(pattern[1:], flags) is not None
    return _has_native_prefix(pattern, flags)
