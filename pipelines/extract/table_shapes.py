"""Where the tables of a clean text are, and their cells: every shape becomes a `Block`.

Three shapes reach the extractor:
- an HTML grid ingestion recorded (`ExtractionContext.tables`): cells already placed by rowspan/colspan;
- a text table: cells split by `|`/`｜`, tabs, or runs of two or more spaces, under a header row;
- a grid flattened to one cell per line (what a scraped HTML table becomes as text): a block of header
  cells (指标, 目标值, 完成率, 2025年…) gives the row width, and rows are read after it.

Scanning must cost almost nothing on prose: each text shape is gated by a substring test (`|`, a tab,
two spaces) or by one regex that finds whole lines made of header words; line-level work happens only
around those places.
"""
from __future__ import annotations

import bisect
import logging
import re

from pipelines.extract.model import ExtractionContext
from pipelines.extract.table_cells import (
    UNREADABLE,
    YEAR,
    Block,
    Column,
    Row,
    Span,
    TableLexicon,
    column_role,
    header_words,
    is_header_cell,
    is_unit_cell,
    kind_words,
    parse_cell,
    unit_of,
    value_like,
)

log = logging.getLogger(__name__)

_MAX_COLUMNS = 64            # wider grids are layout, not indicator tables
_MAX_HEADER_ROWS = 4
_MAX_PERIOD = 6              # 目标|完成|完成率… repeated per project: at most this many columns a group
_MAX_FLAT_WIDTH = 24         # a flattened header wider than this is a list of words, not a table
_MAX_HEADER_LINES = 40       # lead columns + group labels + repeated value columns of the widest header read
_LOOK_BACK_LINES = 12        # lines before a header that may hold its group labels and caption
_CAPTION_LINES = 3
_MAX_CAPTION = 60
_LONG_HAN = re.compile(r"[\u4e00-\u9fff]{3,}")
_PIPE = re.compile(r"[|｜│┃]")
_TAB = re.compile(r"\t")
_SPACES = re.compile(r"\t|[ \u3000]{2,}|\u3000")
_PIPES = ("|", "｜", "│", "┃")
# what may stand between two rows of a text table: blank lines and ruled lines (├──┼──┤, +---+---+)
_RULE_GAP = re.compile(r"[\s─━┄┅┈┉┼├┤┌┐└┘┬┴╋╂┿═╪╬╔╗╚╝╠╣╦╩+\-=_—|｜│┃:]*")
# a category line between rows of a table (健康水平, 一、医疗资源): short, no digits but an enumerator, no sentence end
_CATEGORY_LINE = re.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,2}[、.]|[(（][一二三四五六七八九十]{1,2}[)）])?"
                            r"[^\d\s。；;，,:：|｜\t]{2,16}[ \t\u3000]*")
_ONE_SPACE = re.compile(r"[ \u3000\t]+")
_GROUP_SPLIT = re.compile(r"[ \t\u3000|｜、,，;；]+")
_RULE_CELL = re.compile(r"[\s:\-─━═┄┅┈┉┼├┤┌┐└┘┬┴╋+_—]+")  # |---|:--:| or │──┼──│: a ruled line, not a row

# classes of a line in a flattened table
TEXT, VALUE, BAD, DASH, NATURE, UNIT = "text", "value", "bad", "dash", "nature", "unit"


def find_blocks(ctx: ExtractionContext, lx: TableLexicon, taken: list[tuple[int, int]]) -> list[Block]:
    """Every candidate table of the document; text shapes are looked for only outside `taken` (the HTML
    grids, whose text is already flattened one cell per line) and outside each other."""
    text = ctx.text
    blocks = [b for grid in ctx.tables if (b := _safely(grid_block, grid, text, lx, ctx.tables)) is not None]
    taken = sorted(taken)
    delimited = _safely(delimited_blocks, text, lx, taken) or []
    blocks.extend(delimited)
    if delimited:
        taken = sorted(taken + [(b.start, b.end) for b in delimited])
    blocks.extend(_safely(flattened_blocks, text, lx, taken) or [])
    return blocks


def _safely(finder, *args):
    """A finder's result, or None when it fails: a malformed table must never stop a report's extraction."""
    try:
        return finder(*args)
    except Exception:
        log.exception("table finder %s failed", finder.__name__)
        return None


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# --- HTML grids ----------------------------------------------------------------------------------------------


def grid_block(grid, text: str, lx: TableLexicon, grids) -> Block | None:
    """An HTML table as a block: leading one-cell rows are its title or unit line, then header rows
    (<th>/<thead> rows, or leading rows without values), an optional row of units, then the body."""
    cells = list(grid.cells)
    if not cells:
        return None
    nrows = max(c.row for c in cells) + 1
    ncols = max(c.col + c.colspan for c in cells)
    if ncols > _MAX_COLUMNS:
        return None
    nested = [(g.start, g.end) for g in grids if g is not grid and grid.start <= g.start and g.end <= grid.end
              and g.end > g.start and (g.start, g.end) != (grid.start, grid.end)]
    slots: list[list[tuple | None]] = [[None] * ncols for _ in range(nrows)]
    for cell in cells:
        # a cell holding a nested table is read as empty: the inner table is its own grid
        holds_table = any(cell.start <= a and b <= cell.end for a, b in nested)
        span = Span(cell.start, cell.start, "") if holds_table else Span(cell.start, cell.end, text[cell.start:cell.end])
        for r in range(cell.row, min(cell.row + cell.rowspan, nrows)):
            for k in range(cell.col, cell.col + cell.colspan):
                slots[r][k] = (cell, span)
    r = 0
    caption = Span(grid.caption[0], grid.caption[1], text[grid.caption[0]:grid.caption[1]]) if grid.caption else None
    unit = _unit_line(caption.text, lx) if caption else None
    while r < nrows:
        lone = _lone_cell(slots[r], ncols, lx)
        if lone is None:
            break
        unit = unit or _unit_line(lone.text, lx)
        if caption is None and not lx.unit_line_re.fullmatch(lone.text.strip()):
            caption = lone
        r += 1
    header_rows = _grid_header_rows(slots, r, any(c.header for c in cells), lx) or _grid_header_rows(
        slots, r, False, lx)  # <th> used for row labels only, or a header row of <td>s
    if not header_rows:
        return None
    r = header_rows[-1] + 1
    unit_hints = [""] * ncols
    if r < nrows and _is_unit_row(slots[r], r, lx):
        unit_hints = [slot[1].text if slot and slot[0].row == r else "" for slot in slots[r]]
        r += 1
    columns = [_grid_column(slots, header_rows, k, unit_hints[k]) for k in range(ncols)]
    rows = [row for row in (_grid_row(slots[i], i) for i in range(r, nrows)) if row is not None]
    if caption is None:
        caption = _line_before(text, grid.start)
    if caption is not None and unit is None:
        unit = _unit_line(caption.text, lx)
    return Block(grid.start, grid.end, columns, rows, caption.text if caption else "",
                 caption.start if caption else -1, unit)


def _lone_cell(slots: list, ncols: int, lx: TableLexicon) -> Span | None:
    """The cell of a row holding one cell across the table (a title, or 单位:万元)."""
    distinct = {id(s[0]): s for s in slots if s is not None and s[1].text.strip()}
    if len(distinct) != 1 or ncols < 2:
        return None
    cell, span = next(iter(distinct.values()))
    if cell.colspan >= ncols - 1 or lx.unit_line_re.search(span.text):
        return span
    return None


def _grid_header_rows(slots, r: int, has_th: bool, lx: TableLexicon) -> list[int]:
    """Rows from `r` that are headers: all <th> where the table has any, else rows without values (after
    the first, only rows of header words: a body row of words must not become a header)."""
    rows: list[int] = []
    while r < len(slots) and len(rows) < _MAX_HEADER_ROWS:
        own = [s for s in _distinct(slots[r]) if s[0].row == r]
        if not own:
            break
        if has_th:
            ok = all(cell.header for cell, _ in own)
        else:
            texts = [span.text for _, span in own]
            ok = not any(value_like(t) and not YEAR.fullmatch(t.strip()) for t in texts) and (
                not rows and any(is_header_cell(t, lx) for t in texts) or all(is_header_cell(t, lx) for t in texts))
        if not ok:
            break
        rows.append(r)
        r += 1
    # a header needs a body under it
    return rows if rows and rows[-1] + 1 < len(slots) else []


def _distinct(row_slots) -> list[tuple]:
    seen: dict[int, tuple] = {}
    for slot in row_slots:
        if slot is not None and slot[1].text.strip():
            seen.setdefault(id(slot[0]), slot)
    return list(seen.values())


def _is_unit_row(row_slots, r: int, lx: TableLexicon) -> bool:
    own = [span.text for cell, span in _distinct(row_slots) if cell.row == r]
    return bool(own) and all(is_unit_cell(t, lx) for t in own)


def _grid_column(slots, header_rows: list[int], k: int, unit_hint: str) -> Column:
    """Column k's header cells top to bottom: the lowest is its own, a spanning one above it is its group."""
    stack: list[tuple] = []
    for r in header_rows:
        slot = slots[r][k]
        if slot is not None and slot[1].text.strip() and (not stack or stack[-1][0] is not slot[0]):
            stack.append(slot)
    if not stack:
        return Column(unit_hint=unit_hint)
    above = [slot for slot in reversed(stack[:-1])]
    group = next((slot for slot in above if slot[0].colspan > 1), None)
    return Column(
        header=stack[-1][1].text,
        above=tuple(span.text for _, span in above),
        group=group[1].text if group else "",
        group_key=group[1].start if group else -1,
        unit_hint=unit_hint,
    )


def _grid_row(row_slots, r: int) -> Row | None:
    cells: list[Span | None] = []
    copies: set[int] = set()
    own = False
    for k, slot in enumerate(row_slots):
        if slot is None or not slot[1].text.strip():
            cells.append(None)
            continue
        cell, span = slot
        cells.append(span)
        if cell.row != r or cell.col != k:
            copies.add(k)  # spread here by a rowspan/colspan: readable as a label, never a second value
        else:
            own = True
    return Row(cells, copies) if own else None


# --- text tables split by | ｜ tabs or spaces -----------------------------------------------------------------


def delimited_blocks(text: str, lx: TableLexicon, taken: list[tuple[int, int]]) -> list[Block]:
    """Runs of lines split into cells by one delimiter, each read from a header row on; and tables typed
    with single spaces under a header line of header words."""
    needles = [n for n in (*_PIPES, "\t", "  ", "\u3000") if n in text]
    runs = _delimited_runs(text, _lines_with(text, needles, taken)) if needles else []
    if " " in text:
        runs.extend(_single_space_runs(text, lx, taken))
    blocks: list[Block] = []
    for run in runs:
        i = 0
        while i < len(run) - 1:
            found = _delimited_table(text, run, i, lx)
            if found is None:
                i += 1
                continue
            block, i = found
            blocks.append(block)
    return blocks


def _lines_with(text: str, needles: list[str], taken) -> list[tuple[int, int]]:
    """(start, end) of every line holding one of `needles` (str.find runs in C: prose costs nothing)."""
    lines: set[tuple[int, int]] = set()
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            if not _inside(taken, start):
                lines.add((start, end))
            at = text.find(needle, end)
    return sorted(lines)


def _delimited_runs(text: str, lines: list[tuple[int, int]]) -> list[list[list[Span]]]:
    """Consecutive lines (one blank line may separate them) split by the same delimiter, as rows of cells."""
    runs: list[list[list[Span]]] = []
    run: list[list[Span]] = []
    family = None
    previous_end = -1
    for start, end in lines:
        line = text[start:end]
        splitter = _PIPE if _PIPE.search(line) else _TAB if "\t" in line.strip() else _SPACES
        cells = _split(text, start, end, splitter)
        gap = text[previous_end:start]
        adjacent = previous_end >= 0 and gap.count("\n") <= 3 and (
            _RULE_GAP.fullmatch(gap) is not None or _category_gap(gap))
        # tabs and runs of spaces are one family: a scraped table mixes them from row to row
        if len(cells) < 2 or not adjacent or (splitter is _PIPE) != (family is _PIPE):
            if len(run) >= 2:
                runs.append(run)
            run = []
        family = splitter
        previous_end = end
        if len(cells) >= 2 and not all(_RULE_CELL.fullmatch(c.text) for c in cells if c.text):
            run.append(cells)  # a ruled line (|---|---|) is no row
    if len(run) >= 2:
        runs.append(run)
    return runs


def _text_row(text: str, cells: list[Span], width: int) -> Row:
    """A row of a delimited table. A row with fewer cells is read left to right only when its cells are
    fenced by pipes (a | b | c, the last cells left off); between runs of spaces a missing cell could be
    any of them, so such a row, and a row with more cells, is not guessed at."""
    if len(cells) == width:
        return Row([c if c.text else None for c in cells])
    line_start = text.rfind("\n", 0, cells[0].start) + 1
    line_end = text.find("\n", cells[-1].end)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    if len(cells) < width and _PIPE.search(line):
        return Row([c if c.text else None for c in cells] + [None] * (width - len(cells)))
    return Row([None] * width, stray=list(cells))


def _category_gap(gap: str) -> bool:
    """Rows separated only by one category line (健康水平) still belong to one table."""
    lines = [line for line in gap.split("\n") if line.strip()]
    return len(lines) == 1 and _CATEGORY_LINE.fullmatch(lines[0]) is not None


def _single_space_runs(text: str, lx: TableLexicon, taken) -> list[list[list[Span]]]:
    """A header line of header words split by single spaces (指标 基期值 目标值 现状值), and the lines under
    it that split into as many cells (or one more, under a blank corner): a table typed by hand. The run
    stops at the first line of another width: with single spaces a ragged row cannot be told from prose."""
    runs: list[list[list[Span]]] = []
    for m in lx.header_line_re.finditer(text):
        start, end = m.start() + 1, m.end()
        line = text[start:end]
        if "  " in line or " " not in line.strip() or _inside(taken, start) or not is_header_cell(line, lx):
            continue
        header = _split(text, start, end, _ONE_SPACE)
        if len(header) < 2 or not all(is_header_cell(c.text, lx) for c in header):
            continue
        run = [header]
        at = end + 1
        while at < len(text):
            line_end = text.find("\n", at)
            line_end = len(text) if line_end < 0 else line_end
            if text[at:line_end].strip():
                cells = _split(text, at, line_end, _ONE_SPACE)
                if len(cells) not in (len(header), len(header) + 1):
                    break
                run.append(cells)
            at = line_end + 1
        if len(run) >= 2:
            runs.append(run)
    return runs


def _split(text: str, start: int, end: int, splitter: re.Pattern) -> list[Span]:
    """A line's cells with their spans (edge whitespace trimmed); the outer pipes of |a|b| open no cell."""
    line = text[start:end]
    pieces: list[tuple[int, int]] = []
    last = 0
    for m in splitter.finditer(line):
        pieces.append((last, m.start()))
        last = m.end()
    pieces.append((last, len(line)))
    if splitter is _PIPE:
        if pieces and not line[pieces[0][0]:pieces[0][1]].strip():
            pieces = pieces[1:]
        if pieces and not line[pieces[-1][0]:pieces[-1][1]].strip():
            pieces = pieces[:-1]
    cells = []
    for a, b in pieces:
        piece = line[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        cells.append(Span(start + a + lead, start + a + max(lead, trail), piece.strip()))
    return cells


def _delimited_table(text: str, rows: list[list[Span]], i: int, lx: TableLexicon) -> tuple[Block, int] | None:
    """A header row (and a second one under it) at rows[i], then the body rows up to the next header;
    (block, index of the row after it)."""
    if i + 1 >= len(rows) or not _text_header_row(rows[i], lx, first=True):
        return None
    size = 2 if _text_header_row(rows[i + 1], lx, first=False) else 1
    columns = _text_columns(rows[i:i + size], lx)
    if columns is None or len(columns) > _MAX_COLUMNS:
        return None
    k = i + size
    while k < len(rows) and not _text_header_row(rows[k], lx, first=False):
        k += 1  # the body ends at the next table's header
    cells_of_rows = rows[i + size:k]
    if not cells_of_rows:
        return None
    columns = _with_corner(columns, [len(r) for r in cells_of_rows], lx)
    body = [_text_row(text, cells, len(columns)) for cells in cells_of_rows]
    start = text.rfind("\n", 0, rows[i][0].start) + 1  # the block is whole lines: the grammar skips them all
    end = text.find("\n", cells_of_rows[-1][-1].end)
    end = len(text) if end < 0 else end
    caption, unit = _caption_before(text, start, lx)
    return Block(start, end, columns, body, caption.text if caption else "", caption.start if caption else -1, unit), k


def _text_header_row(cells: list[Span], lx: TableLexicon, first: bool) -> bool:
    """No values, and header words: in the first row at least one, in a second row every one."""
    texts = [c.text for c in cells if c.text]
    if not texts or any(value_like(t) and not YEAR.fullmatch(t) for t in texts):
        return False
    headers = [is_header_cell(t, lx) for t in texts]
    return any(headers) if first else all(headers)


def _text_columns(header: list[list[Span]], lx: TableLexicon) -> list[Column] | None:
    """Columns of a one- or two-row text header. A second row as wide as the first sits under it (an upper
    label reaches right over blank cells: its group); a wider second row repeating a group of columns
    under fewer group labels is expanded; a narrower one lost its leading blank cells."""
    top = header[0]
    if len(header) == 1:
        return [Column(header=c.text) for c in top]
    low = header[1]
    if len(low) > len(top):
        return _compressed_groups(top, low, lx)
    if len(low) < len(top):
        low = [Span(top[0].start, top[0].start, "")] * (len(top) - len(low)) + low
    columns: list[Column] = []
    carry: Span | None = None
    for up, down in zip(top, low):
        if up.text:
            carry = up
        if down.text and carry is not None:
            columns.append(Column(header=down.text, above=(carry.text,), group=carry.text, group_key=carry.start))
        else:
            columns.append(Column(header=up.text or down.text))
            if not down.text:
                carry = None  # a header standing alone over its column spans no group
    return columns


def _with_corner(columns: list[Column], widths: list[int], lx: TableLexicon) -> list[Column]:
    """A header with no column for the row labels, over rows one cell wider: its blank corner cell was
    lost with the line's leading space, and the rows' first cells are their labels."""
    if any(column_role(c, lx).role in ("label", "place", "serial", "category") for c in columns):
        return columns
    wider = sum(1 for w in widths if w == len(columns) + 1)
    return [Column(), *columns] if widths and wider * 2 > len(widths) else columns


def _compressed_groups(top: list[Span], low: list[Span], lx: TableLexicon) -> list[Column] | None:
    low = [c for c in low if c.text] if not low[0].text else low
    found = periodic_tail([c.text for c in low], lx)
    if found is None:
        return None
    period, reps = found
    if len(top) <= reps or len(low) != period * reps:
        return None
    lead, groups = top[:-reps], top[-reps:]
    return grouped_columns([Column(header=c.text) for c in lead], groups, low, period)


# --- groups of columns -----------------------------------------------------------------------------------------


def is_value_header(text: str, lx: TableLexicon) -> bool:
    """A header cell that says what kind of value its column holds (目标任务, 已完成, 完成率, 增幅)."""
    if not is_header_cell(text, lx):
        return False
    words = kind_words(text)
    return bool(lx.kind_re.search(words) or lx.rate_re.search(words) or lx.change_re.search(words))


def periodic_tail(texts: list[str], lx: TableLexicon) -> tuple[int, int] | None:
    """(period, repeats) when the header ends with one group of value headers repeated (目标任务|已完成|完成率
    for each of several projects); the longest such tail wins."""
    n = len(texts)
    best: tuple[int, int] | None = None
    for period in range(2, _MAX_PERIOD + 1):
        if n < 2 * period:
            break
        unit = texts[n - period:]
        if not all(is_value_header(t, lx) for t in unit):
            continue
        reps = 1
        while (reps + 1) * period <= n and texts[n - (reps + 1) * period:n - reps * period] == unit:
            reps += 1
        if reps >= 2 and (best is None or reps * period > best[0] * best[1]):
            best = (period, reps)
    return best


def grouped_columns(lead: list[Column], groups: list[Span], kinds: list[Span], period: int) -> list[Column]:
    columns = list(lead)
    for g, group in enumerate(groups):
        for j in range(period):
            columns.append(Column(header=kinds[g * period + j].text, above=(group.text,), group=group.text,
                                  group_key=group.start))
    return columns


# --- tables flattened to one cell per line -------------------------------------------------------------------


def flattened_blocks(text: str, lx: TableLexicon, taken: list[tuple[int, int]]) -> list[Block]:
    """Tables written one cell per line, found from their header cells (whole lines of header words)."""
    hits = [m.start() + 1 for m in lx.header_line_re.finditer(text)]
    if lx.header_line_re.match("\n" + text[:200]):
        hits.insert(0, 0)
    blocks: list[Block] = []
    done = -1
    for hit in hits:
        if hit < done or _inside(taken, hit):
            continue
        lines, region_end = _short_line_region(text, hit, lx, taken)
        done = region_end
        blocks.extend(_flat_tables(text, lines, lx))
    return blocks


def _short_line_region(text: str, hit: int, lx: TableLexicon, taken) -> tuple[list[Span], int]:
    """The non-blank lines (stripped) of the run of short lines around `hit`, and where the run ends:
    a few lines back (group labels, caption), and forward as far as lines stay short."""
    limit = lx.max_cell_line
    start, back = hit, 0
    while start > 0 and back < _LOOK_BACK_LINES:
        prev_start = text.rfind("\n", 0, start - 1) + 1
        line = text[prev_start:start - 1].strip()
        if len(line) > limit or _inside(taken, prev_start):
            break
        start = prev_start
        back += bool(line)
    end = hit
    size = len(text)
    while end < size:
        line_end = text.find("\n", end)
        line_end = size if line_end < 0 else line_end
        line = text[end:line_end].strip()
        if len(line) > limit or (line and _inside(taken, end)):
            break
        end = line_end + 1
    lines = []
    at = start
    for raw in text[start:min(end, size)].split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(Span(at + lead, at + lead + len(stripped), stripped))
        at += len(raw) + 1
    return lines, end


def _flat_tables(text: str, lines: list[Span], lx: TableLexicon) -> list[Block]:
    heads = [is_header_cell(s.text, lx) for s in lines]
    classes: list[str] | None = None
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if not heads[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and heads[j]:
            j += 1
        if classes is None:
            classes = [line_class(s, lx) for s in lines]
        header = _flat_header(lines, heads, classes, i, j, lx)
        if header is None:
            i = j
            continue
        columns, header_start, data_start = header
        rows, end = flat_rows(lines, classes, heads, data_start, columns, lx)
        if not rows:
            i = j
            continue
        caption, unit = _caption_before(text, lines[header_start].start, lx)
        unit = unit or next((u for s in lines[header_start:data_start] if (u := _unit_line(s.text, lx))), None)
        blocks.append(Block(lines[header_start].start, lines[end - 1].end, columns, rows,
                            caption.text if caption else "", caption.start if caption else -1, unit))
        i = end
    return blocks


def line_class(span: Span, lx: TableLexicon) -> str:
    """What one line of a flattened table holds: a value, digits that are no one value, a dash, 预期性/约束性,
    a unit, or words."""
    text = span.text
    if text in lx.dash_cells:
        return DASH
    if text in lx.nature_values:
        return NATURE
    if is_unit_cell(text, lx):
        return UNIT
    parsed = parse_cell(span, lx)
    if parsed is None:
        return TEXT
    if parsed is UNREADABLE:
        return TEXT if _LONG_HAN.search(text) else BAD  # 65岁以上老年人… is a label, 95%/98% a broken value
    return VALUE


def _flat_header(lines: list[Span], heads: list[bool], classes: list[str], i: int, j: int,
                 lx: TableLexicon) -> tuple[list[Column], int, int] | None:
    """The header around the run of header-word lines lines[i:j] → (columns, first header line, first row
    line), or None when the run is not a table's header.

    The rows say how wide the table is (from one row's first line to the next one's); the header is the
    reading of the header lines that is exactly that wide: one column a line, a group of columns repeated
    under group labels, a blank corner cell over the labels, or a two-row header whose upper cells span
    the lower ones. A title line of header words before the header is skipped.
    """
    i = max(i, j - _MAX_HEADER_LINES)  # a longer run of header words is a list; its last lines may still head a table
    run = [s.text for s in lines[i:j]]
    if any(is_value_header(t, lx) or (YEAR.search(t) and not header_words(t)) for t in run):
        end = j
    else:
        # only label words (地区, 序号 指标): the column names follow, up to the first row's label
        end = _first_row_start(lines, classes, j, run, lx)
        if end is None or end - i < 2:
            return None
    widths = {False: _row_widths(classes, end, False), True: _row_widths(classes, end, True)}
    for skip in range(0, min(3, end - i - 1)):
        start = i + skip
        for columns, first in _header_readings(lines, heads, start, end, lx):
            serial = bool(columns) and column_role(columns[0], lx).role == "serial"
            if len(columns) in widths[serial] and len(columns) <= _MAX_FLAT_WIDTH:
                return columns, first, end
    return None


def _header_readings(lines: list[Span], heads: list[bool], start: int, end: int, lx: TableLexicon):
    """The ways lines[start:end] can be a header, most literal first: (columns, first header line)."""
    header = lines[start:end]
    texts = [s.text for s in header]
    literal = [Column(header=t) for t in texts]
    yield literal, start
    if not any(is_label_header(t, lx) for t in texts):
        yield [Column()] + literal, start  # a blank corner cell over the row labels vanished with flattening
    found = periodic_tail(texts, lx)
    if found is not None:
        grouped = _periodic_reading(lines, heads, start, end, found, lx)
        if grouped is not None:
            yield grouped
    for width in range(2, len(header)):
        two_rows = _two_row_reading(header, width, lx)
        if two_rows is not None:
            yield two_rows, start


def _periodic_reading(lines: list[Span], heads: list[bool], start: int, end: int, found: tuple[int, int],
                      lx: TableLexicon) -> tuple[list[Column], int] | None:
    """Columns of a header whose value columns repeat once per group (目标任务|已完成|完成率 per project):
    the group labels are the lines before the repeats (or one line naming them all), the row-label
    columns before those."""
    period, reps = found
    tail = end - period * reps
    kinds = lines[tail:end]
    if tail - reps >= start and not any(is_label_header(s.text, lx) for s in lines[tail - reps:tail]):
        groups, group_start = lines[tail - reps:tail], tail - reps
    elif tail - 1 >= 0 and len(pieces := _pieces(lines[tail - 1])) == reps:
        groups, group_start = pieces, tail - 1
    elif tail - reps >= 0 and not any(heads[k] and is_value_header(lines[k].text, lx) for k in range(tail - reps, tail)):
        groups, group_start = lines[tail - reps:tail], tail - reps
    else:
        return None
    lead_start = group_start
    while lead_start > 0 and group_start - lead_start < 3 and heads[lead_start - 1] and is_label_header(
            lines[lead_start - 1].text, lx):
        lead_start -= 1
    lead = [Column(header=s.text) for s in lines[lead_start:group_start]] or [Column()]
    return grouped_columns(lead, groups, kinds, period), min(lead_start, group_start)


def _two_row_reading(header: list[Span], width: int, lx: TableLexicon) -> list[Column] | None:
    """A two-row header flattened row after row, read as `width` columns: the upper row's group cells
    (years, names) each span an equal share of the lower row's value headers at the end."""
    groups = len(header) - width
    if groups < 1:
        return None
    for lower_size in range(2 * groups, len(header), groups):
        lower, upper = header[len(header) - lower_size:], header[:len(header) - lower_size]
        if not all(is_value_header(s.text, lx) for s in lower):
            return None
        spanning = [k for k, s in enumerate(upper) if not is_value_header(s.text, lx) and not is_label_header(s.text, lx)]
        if len(spanning) != groups:
            continue
        share = lower_size // groups
        columns: list[Column] = []
        for k, cell in enumerate(upper):
            if k not in spanning:
                columns.append(Column(header=cell.text))
                continue
            g = spanning.index(k)
            columns.extend(Column(header=sub.text, above=(cell.text,), group=cell.text, group_key=cell.start)
                           for sub in lower[g * share:(g + 1) * share])
        return columns
    return None


def _row_widths(classes: list[str], p: int, serial: bool, limit: int = 4) -> set[int]:
    """How many lines the first rows after a header take: from one row's first line (its words, or its
    serial number before words) to the next one's."""
    starts: list[int] = []
    n = len(classes)
    k = p
    stop = min(n, p + (limit + 1) * _MAX_FLAT_WIDTH)  # rows wider than the widest header are not looked for
    while k < stop and len(starts) <= limit:
        if serial:
            opens = classes[k] == VALUE and k + 1 < n and classes[k + 1] == TEXT and (k == p or classes[k - 1] != TEXT)
        else:
            opens = classes[k] == TEXT and (k == p or classes[k - 1] != TEXT)
        if opens:
            starts.append(k)
        elif k == p:
            return set()
        elif k - starts[-1] > _MAX_FLAT_WIDTH:
            break  # no row is that long: what follows is not rows
        k += 1
    widths = {b - a for a, b in zip(starts, starts[1:])}
    if len(starts) == 1:
        widths.add(n - starts[0])  # a table of one row
    return widths


def is_label_header(text: str, lx: TableLexicon) -> bool:
    """A header cell naming the rows' column (指标, 地区, 序号, 类别, 单位): not a value column."""
    return is_header_cell(text, lx) and column_role(Column(header=text), lx).role in (
        "label", "place", "serial", "category", "unit", "nature", "remark")


def _pieces(span: Span) -> list[Span]:
    """A line naming several groups (家庭医生签约 高血压管理) split into its names."""
    pieces = []
    last = 0
    for m in list(_GROUP_SPLIT.finditer(span.text)) + [None]:
        a, b = (m.start(), m.end()) if m else (len(span.text), len(span.text))
        if a > last:
            pieces.append(Span(span.start + last, span.start + a, span.text[last:a]))
        last = b
    return pieces


def _first_row_start(lines: list[Span], classes: list[str], j: int, run: list[str], lx: TableLexicon) -> int | None:
    """Index of the first row's first line after a header of label words followed by column names: the
    label before the first value (past its unit cell), or the serial number when the rows are numbered."""
    serial = column_role(Column(header=run[0]), lx).role == "serial"
    for f in range(j, min(len(lines), j + _MAX_FLAT_WIDTH)):
        if classes[f] in (VALUE, BAD, DASH):
            if serial:
                return f
            label = f - 1
            while label > j and classes[label] == UNIT:
                label -= 1
            return label if label > j and classes[label] == TEXT else None
    return None


def flat_rows(lines: list[Span], classes: list[str], heads: list[bool], p: int, columns: list[Column],
              lx: TableLexicon) -> tuple[list[Row], int]:
    """Rows after a flattened header → (rows, index after the last line read).

    A row is read in place when its cells fall where the header says (label, then units/values/nature);
    a row that does not fit (a rowspan cell shown once for several rows, a missing cell) is read as its
    words followed by its values: the values are placed only when they are exactly as many as the
    columns after the label, else they are counted as unplaced. Words followed by no value end the table.
    """
    roles = [column_role(c, lx) for c in columns]
    width = len(columns)
    label_col = next((k for k, r in enumerate(roles) if r.role in ("label", "place")), None)
    if label_col is None:
        label_col = next((k for k, r in enumerate(roles) if r.role not in ("serial", "category")), 0)
    serial_first = roles[0].role == "serial"
    category_col = label_col - 1 if label_col >= 1 and roles[label_col - 1].role in ("category", "label", "none") else None
    rows: list[Row] = []
    good_end = p
    misfits = 0
    category: Span | None = None
    n = len(lines)
    while p < n:
        if p + 1 < n and heads[p] and heads[p + 1] and classes[p] == TEXT and classes[p + 1] == TEXT:
            break  # another table's header
        if p + width <= n and _fits(classes[p:p + width], roles, label_col) and (
                p + width == n or classes[p + width] in ((VALUE,) if serial_first else (TEXT,))):
            row_cells = list(lines[p:p + width])
            if category_col is not None:
                category = row_cells[category_col]
            rows.append(Row(row_cells))
            p += width
            good_end, misfits = p, 0
            continue
        start = p
        if serial_first and classes[p] == VALUE:
            p += 1
        q = p
        while q < n and classes[q] == TEXT:
            q += 1
        t = q
        while t < n and classes[t] != TEXT:
            t += 1
        if q == p and start == p:
            tail = lines[p:t]  # values with no label before them
            rows.append(Row([None] * width, stray=list(tail)))
            misfits += 1
            p = t
            if misfits >= 2:
                break
            continue
        if t == q:
            break  # words and no values: the table has ended
        words, tail = lines[p:q], list(lines[q:t])
        expected = width - label_col - 1
        if serial_first and len(tail) == expected + 1 and classes[t - 1] == VALUE:
            tail, t = tail[:-1], t - 1  # the next row's serial number
        if len(tail) == expected and len(words) <= label_col + 1:
            cells: list[Span | None] = [None] * width
            copies: set[int] = set()
            cells[label_col] = words[-1]
            if serial_first and start < p:
                cells[0] = lines[start]
            if category_col is not None:
                if len(words) >= 2:
                    category = words[-2]
                    cells[category_col] = category
                elif category is not None:
                    cells[category_col] = category
                    copies.add(category_col)
            cells[label_col + 1:] = tail
            rows.append(Row(cells, copies))
            good_end, misfits = t, 0
        else:
            rows.append(Row([None] * width, stray=list(lines[start:t])))
            misfits += 1
            if misfits >= 2:
                break
        p = t
    while rows and all(c is None for c in rows[-1].cells) and not any(value_like(c.text) for c in rows[-1].stray):
        rows.pop()  # trailing words or dashes that no column took: not part of the table
    if not any(any(c is not None for c in r.cells) for r in rows):
        return [], p
    return rows, _index_after(lines, rows, good_end)


def _index_after(lines: list[Span], rows: list[Row], good_end: int) -> int:
    """Index after the last line any row holds (stray rows included)."""
    last = max((s.end for r in rows for s in (*[c for c in r.cells if c is not None], *r.stray)), default=-1)
    index = good_end
    while index < len(lines) and lines[index].end <= last:
        index += 1
    return index


def _fits(row_classes: list[str], roles, label_col: int) -> bool:
    """The lines fall where the header says: words in the label, the unit cell a unit, 预期性 in the nature
    column, and at least one value."""
    if row_classes[label_col] != TEXT:
        return False
    has_value = False
    for cls, role in zip(row_classes, roles):
        kind = role.role
        if kind == "serial" and cls != VALUE:
            return False
        if kind == "unit" and cls not in (UNIT, DASH):
            return False
        if kind == "nature" and cls not in (NATURE, DASH):
            return False
        if kind == "category" and cls != TEXT:
            return False
        if kind == "value":
            if cls in (UNIT, NATURE):
                return False
            has_value = has_value or cls in (VALUE, BAD)
    return has_value


# --- captions and unit lines ---------------------------------------------------------------------------------


def _unit_line(text: str, lx: TableLexicon) -> tuple[str, float] | None:
    m = lx.unit_line_re.search(text)
    return unit_of(m.group("unit"), lx) if m else None


def _line_before(text: str, start: int) -> Span | None:
    """The nearest non-blank line before `start`, when it is short enough to be a table's title."""
    end = start
    for _ in range(_CAPTION_LINES):
        if end <= 0:
            return None
        line_start = text.rfind("\n", 0, end - 1) + 1
        raw = text[line_start:end]
        stripped = raw.strip()
        if stripped:
            if len(stripped) > _MAX_CAPTION or stripped.endswith(("。", ";", "；")):
                return None
            lead = len(raw) - len(raw.lstrip())
            return Span(line_start + lead, line_start + lead + len(stripped), stripped)
        end = line_start
    return None


def _caption_before(text: str, start: int, lx: TableLexicon) -> tuple[Span | None, tuple | None]:
    """The title line before a text table, and the table's unit from a 单位:… line there or in the title."""
    caption = _line_before(text, start)
    unit = _unit_line(caption.text, lx) if caption else None
    if caption is not None and lx.unit_line_re.fullmatch(caption.text):
        title = _line_before(text, caption.start)
        return title, unit
    return caption, unit
