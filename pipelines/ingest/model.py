"""The cleaned-report data model shared by ingestion and everything downstream."""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field


class UnreadableReport(Exception):
    """A raw file that cannot become a report; `reason` says why in one line."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OffsetMap:
    """Maps cleaned-text offsets back to raw-text offsets.

    Stored as aligned segments: clean[c_starts[i] : c_starts[i]+lengths[i]] came
    character-for-character from raw[r_starts[i] : r_starts[i]+lengths[i]]
    (1:1 substitutions such as full-width→half-width or traditional→simplified
    keep a segment going).  Characters of clean text outside every segment were
    inserted (e.g. a newline); they map to the nearest raw position.  A segment
    with a negative length -n is one clean character decoded from n raw ones
    (an HTML entity such as &nbsp;), so spans keep the whole entity.
    """

    c_starts: tuple[int, ...]
    r_starts: tuple[int, ...]
    lengths: tuple[int, ...]

    def raw_pos(self, clean_pos: int, *, end: bool = False) -> int:
        if not self.c_starts:
            return clean_pos
        if end:
            # an end offset belongs to the segment holding the character before it
            i = bisect.bisect_right(self.c_starts, clean_pos - 1) - 1 if clean_pos > 0 else 0
        else:
            i = bisect.bisect_right(self.c_starts, clean_pos) - 1
        if i < 0:
            return self.r_starts[0]
        delta = clean_pos - self.c_starts[i]
        length = self.lengths[i]
        if length < 0:
            # a negative length is one clean character standing for -length raw ones (an HTML entity)
            return self.r_starts[i] if delta <= 0 else self.r_starts[i] - length
        if delta <= length:
            return self.r_starts[i] + delta
        return self.r_starts[i] + length

    def to_raw(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        raw_start = self.raw_pos(clean_start)
        raw_end = self.raw_pos(clean_end, end=True)
        return raw_start, max(raw_start, raw_end)

    def to_list(self) -> list[int]:
        """Flat [c0, r0, n0, c1, r1, n1, ...] for storage."""
        out: list[int] = []
        for triple in zip(self.c_starts, self.r_starts, self.lengths):
            out.extend(triple)
        return out

    @classmethod
    def from_list(cls, flat: list[int]) -> "OffsetMap":
        return cls(tuple(flat[0::3]), tuple(flat[1::3]), tuple(flat[2::3]))


@dataclass(frozen=True)
class Section:
    section_id: int
    parent_id: int | None
    level: int            # 1 = 一、 / part heading, 2 = (一), 3 = 1. , 4 = 一是…
    marker: str           # the enumerator as written, e.g. "一、", "(二)", "3.", "一是", "" for part headings
    heading: str          # heading text without the marker
    path: str             # headings from the root joined with " > "
    start: int            # clean offset of the heading's first character
    end: int              # clean offset where the section (incl. subsections) ends
    part: str | None = None  # 'review' | 'plan' when a part heading (上半年工作总结 / 下半年工作思路) governs it


@dataclass(frozen=True)
class Sentence:
    sentence_id: int
    section_id: int | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TableCell:
    """One <td>/<th> of an HTML table: its place in the grid and its text's span in the clean text."""

    row: int              # 0-based row index of the <tr> that opens the cell
    col: int              # 0-based column after earlier rows' rowspans and this row's colspans are placed
    rowspan: int
    colspan: int
    header: bool          # a <th>, or a cell of a <thead> row
    start: int            # clean offset of the cell's first character (start == end for an empty cell)
    end: int


@dataclass(frozen=True)
class TableGrid:
    """An HTML <table> before it was flattened to one cell per line; offsets index `clean_text`."""

    start: int            # clean offset where the table's text begins
    end: int              # clean offset where it ends
    caption: tuple[int, int] | None
    cells: tuple[TableCell, ...]

    def to_list(self) -> list:
        """A JSON-ready form, so a report read back from the warehouse keeps its grids."""
        return [self.start, self.end, list(self.caption) if self.caption else None,
                [[c.row, c.col, c.rowspan, c.colspan, int(c.header), c.start, c.end] for c in self.cells]]

    @classmethod
    def from_list(cls, data: list) -> "TableGrid":
        start, end, caption, cells = data
        return cls(start, end, tuple(caption) if caption else None,
                   tuple(TableCell(r, c, rs, cs, bool(h), a, b) for r, c, rs, cs, h, a, b in cells))


@dataclass
class CleanReport:
    doc_id: str
    source_path: str
    content_hash: str
    byte_size: int
    encoding: str
    raw_text: str
    clean_text: str
    offsets: OffsetMap
    title: str | None = None
    issuer: str | None = None
    region: str | None = None
    region_anonymised: bool = False
    admin_level: str | None = None
    report_kind: str | None = None
    year: int | None = None
    years: tuple[int, ...] = ()
    published_on: dt.date | None = None
    truncated: bool = False
    repaired_count: int = 0
    corrupted_spans: list[tuple[int, int]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tables: list[TableGrid] = field(default_factory=list)
