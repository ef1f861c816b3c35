"""Page furniture removal: site headers, paywall notices, widgets, related lists.

Patterns live in `pipelines/lexicons/boilerplate.json` (name, regex, why).
Matches are deleted from the tracked text (never rewritten), so the offset map
simply skips them; a pattern flagged `truncation` marks the report truncated.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.ingest.offsets import TrackedText
from pipelines.text.regexscan import LineStartScan, line_start_scan, required_pieces, skips_in_c

LEXICON = Path(__file__).resolve().parents[1] / "lexicons" / "boilerplate.json"


@dataclass(frozen=True)
class FurniturePattern:
    name: str
    regex: re.Pattern[str]
    to_end: bool
    truncation: bool
    extend_left: str = ""
    pieces: tuple[str, ...] | None = None  # every match holds one of these
    gated: bool = False  # a text holding none of the pieces is not scanned (worth it only for a slow scan)
    line_scan: LineStartScan | None = None  # for a pattern opening with ^: the same matches, found faster

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self.line_scan is not None:
            return self.line_scan.spans(text)
        return [match.span() for match in self.regex.finditer(text)]


def _load(path: Path = LEXICON) -> tuple[FurniturePattern, ...]:
    entries = json.loads(path.read_text(encoding="utf-8"))["patterns"]
    return tuple(
        FurniturePattern(
            name=entry["name"],
            regex=re.compile(entry["pattern"], re.MULTILINE),
            to_end=entry.get("scope") == "to_end",
            truncation=bool(entry.get("truncation")),
            extend_left=entry.get("extend_left", ""),
            pieces=required_pieces(entry["pattern"], re.MULTILINE),
            line_scan=line_start_scan(entry["pattern"], re.MULTILINE),
            gated=not skips_in_c(entry["pattern"], re.MULTILINE),
        )
        for entry in entries
    )


PATTERNS = _load()

# gaps left behind: edge whitespace of lines, and blank-line runs longer than one empty line
# (the spaces at a line's end, or at its start: written to open with the class, so re skips to spaces in C)
_LINE_EDGE_SPACE = re.compile(r"[ \t\u3000\xa0](?:[ \t\u3000\xa0]*$|(?<=^[ \t\u3000\xa0])[ \t\u3000\xa0]*)", re.MULTILINE)
_EXTRA_NEWLINES = re.compile(r"\n\n(\n+)")


@dataclass(frozen=True)
class FurnitureResult:
    tracked: TrackedText
    truncated: bool
    removed: tuple[str, ...]   # names of the patterns that matched, in lexicon order


def strip_furniture(tracked: TrackedText, patterns: tuple[FurniturePattern, ...] = PATTERNS) -> FurnitureResult:
    text = tracked.text
    spans: list[tuple[int, int]] = []
    truncated = False
    removed: list[str] = []
    for pattern in patterns:
        if pattern.gated and pattern.pieces and not any(piece in text for piece in pattern.pieces):
            continue
        matched = False
        for start, end in pattern.spans(text):
            if end == start:
                continue
            while start > 0 and text[start - 1] in pattern.extend_left:
                start -= 1
            spans.append((start, len(text) if pattern.to_end else end))
            matched = True
        if matched:
            removed.append(pattern.name)
            truncated = truncated or pattern.truncation
    return FurnitureResult(tidy_whitespace(tracked.delete(spans)), truncated, tuple(removed))


def tidy_whitespace(tracked: TrackedText) -> TrackedText:
    text = tracked.text
    spans = [m.span() for m in _LINE_EDGE_SPACE.finditer(text)]
    tracked = tracked.delete(spans)
    text = tracked.text
    spans = [m.span(1) for m in _EXTRA_NEWLINES.finditer(text)]
    return tracked.delete(spans + document_edges(text))


def document_edges(text: str) -> list[tuple[int, int]]:
    """Spans of the whitespace that opens and closes the text (what `\\A\\s+|\\s+\\Z` finds, without trying
    `\\s+\\Z` at every space)."""
    lead = len(text) - len(text.lstrip())
    spans = [(0, lead)] if lead else []
    body_end = len(text.rstrip())
    if lead <= body_end < len(text):
        spans.append((body_end, len(text)))
    return spans
