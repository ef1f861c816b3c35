"""Text that remembers where each of its characters came from in the raw text.

Every cleaning step takes a `TrackedText` and returns a new one; the raw
position of each character travels with it, so composing steps composes their
offset maps for free.  `offset_map()` compresses the positions into the
segment form of `OffsetMap`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy

from pipelines.ingest.model import OffsetMap

INSERTED = -1  # raw position of a character that has no source (e.g. a newline for </p>)


@dataclass
class TrackedText:
    text: str
    # raw position of each character, as a numpy int64 array (a list is converted): cutting spans and finding
    # the runs of the offset map are then array operations, not a Python step per character
    positions: numpy.ndarray
    # raw start -> raw width for characters decoded from several raw ones (HTML entities)
    wide: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.positions, numpy.ndarray) or self.positions.dtype != numpy.int64:
            self.positions = numpy.asarray(self.positions, dtype=numpy.int64).reshape(-1)

    @classmethod
    def identity(cls, text: str) -> "TrackedText":
        return cls(text, numpy.arange(len(text), dtype=numpy.int64))

    def delete(self, spans: Iterable[tuple[int, int]]) -> "TrackedText":
        """Drop the given [start, end) spans (may overlap, any order)."""
        merged = merge_spans(spans)
        if not merged:
            return self
        pieces: list[str] = []
        kept: list[numpy.ndarray] = []
        cursor = 0
        for start, end in merged:
            pieces.append(self.text[cursor:start])
            kept.append(self.positions[cursor:start])
            cursor = end
        pieces.append(self.text[cursor:])
        kept.append(self.positions[cursor:])
        return TrackedText("".join(pieces), numpy.concatenate(kept), self.wide)

    def replace_same_length(self, new_text: str) -> "TrackedText":
        """A 1:1 character substitution (width folding, traditional→simplified)."""
        if len(new_text) != len(self.text):
            raise ValueError("replace_same_length needs a length-preserving conversion")
        return TrackedText(new_text, self.positions, self.wide)

    def spans_from_raw(self, raw_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The span of this text that came from each raw [start, end) span, edge whitespace trimmed.

        Positions only ever grow along the text (cleaning deletes and substitutes, never reorders), so a
        raw span is found by binary search; an inserted character takes the position before it, which
        keeps a newline inserted inside a span inside it. A span whose text was deleted comes back empty
        (start == end) at the place it was.
        """
        if not raw_spans:
            return []
        monotone = numpy.maximum.accumulate(self.positions) if len(self.positions) else self.positions
        bounds = numpy.asarray(raw_spans, dtype=numpy.int64).reshape(-1)
        found = numpy.searchsorted(monotone, bounds, side="left").tolist()
        text = self.text
        out: list[tuple[int, int]] = []
        for start, end in zip(found[0::2], found[1::2]):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            out.append((start, end))
        return out

    def offset_map(self) -> OffsetMap:
        positions = self.positions
        n = len(positions)
        if not n:
            return OffsetMap((), (), ())
        # run boundaries = where the raw position does not advance by one
        breaks = set((numpy.flatnonzero(numpy.diff(positions) != 1) + 1).tolist())
        if self.wide:
            # an entity character is a segment of its own
            for index in numpy.flatnonzero(numpy.isin(positions, list(self.wide))).tolist():
                breaks.add(index)
                breaks.add(index + 1)
        bounds = [0, *sorted(b for b in breaks if b < n), n]
        c_starts: list[int] = []
        r_starts: list[int] = []
        lengths: list[int] = []
        for start, end in zip(bounds, bounds[1:]):
            if start >= end:
                continue
            raw = int(positions[start])
            if raw == INSERTED:
                start += 1  # INSERTED (-1) then raw 0 looks like a step of one
                if start >= end:
                    continue
                raw = int(positions[start])
            width = self.wide.get(raw)
            c_starts.append(start)
            r_starts.append(raw)
            lengths.append(-width if width else end - start)
        return OffsetMap(tuple(c_starts), tuple(r_starts), tuple(lengths))


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
