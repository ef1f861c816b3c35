"""Decoded HTML source → visible text, each character tracked to its source position.

A small regex tokenizer (selectolax and html.parser do not give exact source
offsets for entity-decoded text): markup is dropped, script/style/nav/header/
footer/aside subtrees are skipped, block elements become newlines, whitespace
runs fold to one space, and an entity becomes one character that maps to the
whole entity in the source.

Tables are also recorded while tokenising (`RawTable`: each cell's grid place after rowspan/colspan and
its source span), because flattening loses which line was which cell; `place_tables` maps them onto the
cleaned text once cleaning is done.
"""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

from pipelines.ingest.model import TableCell, TableGrid
from pipelines.ingest.offsets import INSERTED, TrackedText

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"                          # comment
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"                # CDATA
    r"|<[!?][^>]*>"                               # doctype / processing instruction
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",  # tag
    re.S,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")

# subtrees that are never the report's text
_SKIPPED = frozenset({"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                      "head", "iframe", "svg", "select", "button", "form"})
# elements whose boundaries are line breaks in the rendered page
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                    "section", "article", "main", "blockquote", "pre", "hr", "dd", "dt", "dl", "center",
                    "body", "html", "td", "th", "caption", "figure", "figcaption", "address"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
                   "track", "wbr", "param"})
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)


def html_title(source: str) -> str | None:
    """The <title> text (site suffixes are trimmed later by metadata)."""
    match = _TITLE.search(source)
    if not match:
        return None
    title = _SPACE_RUN.sub(" ", html_lib.unescape(match.group(1))).strip()
    return title or None


def html_to_text(source: str) -> TrackedText:
    """Visible text of an HTML page with positions into `source`."""
    return html_to_text_with_tables(source)[0]


def html_to_text_with_tables(source: str) -> tuple[TrackedText, list["RawTable"]]:
    """Visible text of an HTML page with positions into `source`, and its visible tables (source offsets)."""
    tables = _TableRecorder()
    pieces: list[str] = []
    positions: list[int] = []
    wide: dict[int, int] = {}
    skip_stack: list[str] = []
    cursor = 0

    def emit_text(start: int, end: int) -> None:
        chunk = source[start:end]
        cursor_local = start
        for entity in _ENTITY.finditer(chunk):
            _emit_plain(cursor_local, start + entity.start())
            decoded = html_lib.unescape(entity.group())
            raw_start = start + entity.start()
            if decoded == entity.group():  # not a real entity: keep the text as is
                _emit_plain(raw_start, start + entity.end())
            else:
                decoded = decoded.replace("\xa0", " ")
                for char in decoded[:1]:
                    pieces.append(" " if char.isspace() else char)
                    positions.append(raw_start)
                    wide[raw_start] = entity.end() - entity.start()
                for char in decoded[1:]:  # rare multi-character entities
                    pieces.append(char)
                    positions.append(INSERTED)
            cursor_local = start + entity.end()
        _emit_plain(cursor_local, end)

    def _emit_plain(start: int, end: int) -> None:
        if start >= end:
            return
        chunk = source[start:end]
        last = start
        for space in _SPACE_RUN.finditer(chunk):
            s, e = start + space.start(), start + space.end()
            pieces.append(source[last:s])
            positions.extend(range(last, s))
            pieces.append(" ")
            positions.append(s)
            last = e
        pieces.append(source[last:end])
        positions.extend(range(last, end))

    def newline() -> None:
        pieces.append("\n")
        positions.append(INSERTED)

    for token in _TOKEN.finditer(source):
        if not skip_stack:
            emit_text(cursor, token.start())
        cursor = token.end()
        name = (token.group(2) or "").lower()
        if not name:
            continue
        closing = token.group(1) == "/"
        self_closing = token.group(3).rstrip().endswith("/") or name in _VOID
        if name in _TABLE_TAGS and not skip_stack:
            tables.tag(name, closing, token.group(3), token.start(), token.end())
        if name in _SKIPPED:
            if closing:
                if name in skip_stack:
                    while skip_stack and skip_stack.pop() != name:
                        pass
            elif not self_closing:
                skip_stack.append(name)
            continue
        if not skip_stack and name in _BLOCK:
            newline()
    if not skip_stack:
        emit_text(cursor, len(source))
    return TrackedText("".join(pieces), positions, wide), tables.finish(len(source))


# --- tables ------------------------------------------------------------------------------------------------

_TABLE_TAGS = frozenset({"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"})
_SPAN_ATTR = re.compile(r"""\b(rowspan|colspan)\s*=\s*["']?\s*(\d{1,6})""", re.I)
_MAX_COLSPAN = 1000    # the HTML limits; hostile values cannot make placement run long
_MAX_ROWSPAN = 65534


@dataclass(frozen=True)
class RawCell:
    """A <td>/<th> as tokenised: grid place and the source span of its content."""

    row: int
    col: int
    rowspan: int
    colspan: int
    header: bool
    raw_start: int
    raw_end: int


@dataclass(frozen=True)
class RawTable:
    raw_start: int
    raw_end: int
    caption: tuple[int, int] | None
    cells: tuple[RawCell, ...]


@dataclass
class _OpenTable:
    raw_start: int
    row: int = -1
    cursor: int = 0                       # next free column candidate in the current row
    in_thead: bool = False
    busy: dict[int, int] = field(default_factory=dict)   # column -> first row no longer covered by a rowspan
    cell: tuple | None = None             # (row, col, rowspan, colspan, header, raw_start) of the open cell
    caption_start: int | None = None
    caption: tuple[int, int] | None = None
    cells: list[RawCell] = field(default_factory=list)


class _TableRecorder:
    """Follows the table tags of one page (tables may nest: tags go to the innermost open table).

    Placement is the HTML table model: a cell takes the first column of its row not covered by a rowspan
    from above, and covers rowspan × colspan slots; end tags may be omitted (a new cell or row closes the
    open cell).
    """

    def __init__(self) -> None:
        self.open: list[_OpenTable] = []
        self.done: list[RawTable] = []

    def tag(self, name: str, closing: bool, attrs: str, start: int, end: int) -> None:
        if name == "table":
            if not closing:
                self.open.append(_OpenTable(raw_start=start))
            elif self.open:
                self._close_table(end, start)
            return
        if not self.open:
            return
        table = self.open[-1]
        if name == "caption":
            if closing and table.caption_start is not None:
                table.caption = (table.caption_start, start)
            elif not closing:
                table.caption_start = end
        elif name in ("thead", "tbody", "tfoot"):
            table.in_thead = name == "thead" and not closing
        elif name == "tr":
            self._close_cell(table, start)
            if not closing:
                table.row += 1
                table.cursor = 0
        elif closing:  # </td>, </th>
            self._close_cell(table, start)
        else:
            self._open_cell(table, name == "th", attrs, start, end)

    def _open_cell(self, table: _OpenTable, is_th: bool, attrs: str, start: int, end: int) -> None:
        self._close_cell(table, start)
        if table.row < 0:
            table.row = 0  # a cell outside any <tr> opens the first row
        spans = {key.lower(): int(value) for key, value in _SPAN_ATTR.findall(attrs)}
        rowspan = min(spans.get("rowspan", 1) or 1, _MAX_ROWSPAN)  # rowspan=0 ("to the end") is read as 1
        colspan = min(max(spans.get("colspan", 1), 1), _MAX_COLSPAN)
        col = table.cursor
        while table.busy.get(col, 0) > table.row:
            col += 1
        for covered in range(col, col + colspan):
            table.busy[covered] = table.row + rowspan
        table.cursor = col + colspan
        table.cell = (table.row, col, rowspan, colspan, is_th or table.in_thead, end)

    @staticmethod
    def _close_cell(table: _OpenTable, at: int) -> None:
        if table.cell is not None:
            table.cells.append(RawCell(*table.cell, raw_end=at))
            table.cell = None

    def _close_table(self, end: int, inner_end: int) -> None:
        table = self.open.pop()
        self._close_cell(table, inner_end)
        self.done.append(RawTable(table.raw_start, end, table.caption, tuple(table.cells)))

    def finish(self, size: int) -> list[RawTable]:
        while self.open:  # a table the page never closed ends with the page
            self._close_table(size, size)
        return sorted(self.done, key=lambda t: t.raw_start)


def place_tables(tables: list[RawTable], tracked: TrackedText) -> list[TableGrid]:
    """The tables recorded from the source, with every span moved onto `tracked` (the cleaned text).

    Cleaning deletes and folds characters but keeps each one's source position, so each source span
    becomes the cleaned span of the characters that came from it (empty when cleaning removed them).
    """
    raw_spans: list[tuple[int, int]] = []
    for table in tables:
        raw_spans.append((table.raw_start, table.raw_end))
        raw_spans.append(table.caption or (table.raw_start, table.raw_start))
        raw_spans.extend((cell.raw_start, cell.raw_end) for cell in table.cells)
    spans = iter(tracked.spans_from_raw(raw_spans))
    grids: list[TableGrid] = []
    for table in tables:
        start, end = next(spans)
        caption = next(spans)
        cells = tuple(
            TableCell(cell.row, cell.col, cell.rowspan, cell.colspan, cell.header, *next(spans))
            for cell in table.cells
        )
        grids.append(TableGrid(start, end, caption if table.caption and caption[1] > caption[0] else None, cells))
    return grids
