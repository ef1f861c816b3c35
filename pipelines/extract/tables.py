"""Tables → indicator facts: the HTML grids ingestion recorded, delimited text tables, and tables
flattened one cell per line.

Plans and reviews put their headline indicators in tables, where the sentence grammar finds neither a
subject nor a cue word: the indicator is the row's label, the kind and year are in the column's header,
the unit may sit anywhere from the cell to the caption. `table_shapes` turns each shape into a `Block`
(columns with their header texts, rows of cell spans); this module reads every block the same way:
column roles from the headers, then one fact per value cell.

Nothing is guessed: a value cell that cannot be placed (a ragged row, two numbers in one cell, a column
without a header) yields no fact and is counted in `TableReading.unplaced_cells`; the reader never
raises on a table.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from typing import Callable

from pipelines.extract.model import ExtractionContext, IndicatorFact
from pipelines.extract.table_cells import (
    PARENS,
    UNREADABLE,
    YEAR,
    Block,
    CellValue,
    Role,
    Row,
    TableLexicon,
    bracket_unit,
    column_role,
    parse_cell,
    table_lexicon,
    unit_of,
    unit_from_text,
    value_like,
)
from pipelines.extract.structure import structure_lexicon, title_plan_span
from pipelines.extract.table_shapes import find_blocks
from pipelines.extract.values import interval

log = logging.getLogger(__name__)

YearAt = Callable[[int], "tuple[int | None, str]"]

_SPACE = re.compile(r"\s+")
_MAX_COLUMNS = 64        # wider "tables" are layout, not indicator tables
_RELATIVE_UNITS = frozenset({"%", "‰", "个百分点"})
_FLIP = {"increase": "decrease", "decrease": "increase"}
_FALL_WORD = "下降"


@dataclass
class TableReading:
    facts: list[IndicatorFact]
    spans: list[tuple[int, int]]    # clean spans of the table blocks read; the sentence grammar drops its own values inside them
    unplaced_cells: int             # value-like cells that yielded no fact


@dataclass(frozen=True)
class _RowContext:
    """What a row gives each of its cells' facts."""

    label: str
    region: str | None               # a district row's place
    unit: tuple[str, float] | None   # from the label's brackets, else the unit column
    nature: str | None
    start: int                       # the row's clean span
    end: int
    caption_years: list[int]


# --- column roles a whole table settles ---

def _title_plan_start(title: str | None) -> int | None:
    """The first year of the plan a title names: 2022—2024年 → 2022, “十四五” → 2021."""
    span = title_plan_span(title)
    return span[0] if span else None


def settle_roles(roles: list[Role], ctx: ExtractionContext, lx: TableLexicon) -> list[Role] | None:
    """Roles a header leaves open, settled from the table as a whole; None when no column names the rows
    or none holds values (a layout table, or words that only looked like a header)."""
    values = [i for i, r in enumerate(roles) if r.role == "value"]
    if not values:
        return None
    labels = [i for i, r in enumerate(roles) if r.role in ("label", "place") and i < values[0]]
    if not labels:
        # an unnamed first column (blank corner cell, or a header word we do not know) names the rows
        first = next((i for i, r in enumerate(roles) if r.role not in ("serial", "category")), None)
        if first is None or first == len(roles) - 1 or (roles[first].role == "value" and (
                roles[first].kind or roles[first].year or roles[first].rate)):
            return None
        roles[first] = Role("label", inferred=True, group_name=roles[first].group_name, group_key=roles[first].group_key)
        labels = [first]
    for i in labels[:-1]:
        roles[i] = Role("category")
    if not any(r.role == "value" for r in roles):
        return None
    plan = ctx.report_kind in lx.plan_report_kinds or any(r.role == "nature" for r in roles)
    bare_years = [i for i, r in enumerate(roles) if r.role == "value" and r.kind is None and r.year is not None
                  and r.change is None]
    first_year = min((roles[i].year for i in bare_years), default=None)
    span_start = _title_plan_start(ctx.title)  # only a multi-year plan's title names its first year
    plan_start = span_start or (min(ctx.years) if ctx.years else None)
    # a plan's review (…实施情况中期评估) keeps the plan's table (属性 column and all) but reports on it
    reviewing = bool(ctx.title and structure_lexicon().review_of_plan_title.search(ctx.title))
    for i, r in enumerate(roles):
        if r.role != "value" or r.kind is not None:
            continue
        if i in bare_years and plan and not reviewing and len(bare_years) >= 2:
            # 指标 | 2020年 | 2025年 in a plan: a year before the plan starts is the base, the others goals
            before = r.year < plan_start if plan_start is not None and plan_start < max(
                roles[j].year for j in bare_years) else r.year == first_year
            kind = "baseline" if before else "target"
        elif i in bare_years and (reviewing or not plan) and ctx.year is not None:
            # 2021年 | 2022年 | 2023年 in a review: what each year reached; a year still ahead is a goal; in
            # the review of a plan (“十四五”…实施情况), a year before the plan began is its base
            kind = ("baseline" if span_start is not None and r.year < span_start
                    else "outcome" if r.year <= ctx.year else "target")
        else:
            kind = "target" if plan else "outcome"
        roles[i] = with_changes(r, kind=kind)
    for i, r in enumerate(roles):
        if plan and r.role == "value" and r.kind == "outcome" and r.year is not None and span_start is not None \
                and r.year < span_start:
            # 2022年现状 in a 2023—2025 plan: where it starts from (a year's work points report last year's
            # 完成值 as an outcome)
            roles[i] = with_changes(r, kind="baseline")
    for i, r in enumerate(roles):
        if r.role == "value" and r.rate and r.year is None:
            # a completion rate reports on the outcome beside it: its year, when the header gave one
            year = next((o.year for o in reversed(roles[:i]) if o.role == "value" and o.kind == "outcome"
                         and not o.rate and o.group_key == r.group_key and o.year), None)
            if year:
                roles[i] = with_changes(r, year=year)
    return roles


def with_changes(role: Role, **changes) -> Role:
    return Role(**{**role.__dict__, **changes})


# --- reading a block -----------------------------------------------------------------------------------------


class _BlockReader:
    """Turns blocks into facts for one document."""

    def __init__(self, ctx: ExtractionContext, lx: TableLexicon, year_at: YearAt | None):
        self.ctx, self.lx, self.year_at = ctx, lx, year_at
        self._sentence_starts: list[int] | None = None

    def read(self, block: Block) -> tuple[list[IndicatorFact], int] | None:
        """(facts, unplaced cells), or None when the block is not a table of values."""
        lx = self.lx
        if not block.columns or len(block.columns) > _MAX_COLUMNS:
            return None
        roles = settle_roles([column_role(c, lx) for c in block.columns], self.ctx, lx)
        if roles is None:
            return None
        label_col = next(i for i, r in enumerate(roles) if r.role in ("label", "place"))
        caption_years = [int(y) for y in YEAR.findall(block.caption)]
        caption_name = self._caption_name(block.caption)
        facts: list[IndicatorFact] = []
        unplaced = 0
        for row in block.rows:
            row_facts, row_unplaced = self._read_row(block, roles, label_col, row, caption_years, caption_name)
            facts.extend(row_facts)
            unplaced += row_unplaced
        if not facts and not unplaced:
            return None
        return facts, unplaced

    def _read_row(self, block: Block, roles: list[Role], label_col: int, row: Row, caption_years: list[int],
                  caption_name: str) -> tuple[list[IndicatorFact], int]:
        lx = self.lx
        unplaced = sum(1 for span in row.stray if value_like(span.text))
        label_span = row.cells[label_col] if label_col < len(row.cells) else None
        if label_span is not None and isinstance(parse_cell(label_span, lx), CellValue):
            label_span = None  # a number where the label should be: the row is not where the header says
        label, label_unit, label_nature = self._label(label_span.text if label_span else "")
        label_role = roles[label_col]
        # a district row: by its column's header (地区), by being a total (合计, 全市), or by its name where
        # no header names the rows' column or the columns are grouped by indicator
        place = label_role.role == "place" or label in lx.place_totals or (
            bool(label) and lx.place_re.fullmatch(label) is not None
            and (label_role.inferred or any(r.group_name for r in roles)))
        spans = [s for s in row.cells if s is not None] + row.stray
        context = _RowContext(
            label=label, region=label if place else None,
            unit=label_unit or self._row_unit(row, roles),
            nature=label_nature or self._row_nature(row, roles),
            start=min((s.start for s in spans), default=0), end=max((s.end for s in spans), default=0),
            caption_years=caption_years)
        facts: list[IndicatorFact] = []
        pairs: dict[int, int] = {}
        for i, role in enumerate(roles):
            span = row.cells[i] if i < len(row.cells) else None
            if span is None or i in row.copies or role.role not in ("value", "none"):
                continue  # labels, serial numbers, unit and nature cells (read above), remarks
            parsed = parse_cell(span, lx)
            if parsed is None:
                continue
            name = self._indicator(label, place, role, caption_name) if role.role == "value" else ""
            if parsed is UNREADABLE or not name:
                unplaced += 1  # two numbers in a cell, a value under no header, a district table nothing names
                continue
            # one pair per row, or per row and named group (a project's 目标|完成); year groups share the row's
            pair = pairs.setdefault(role.group_key if role.group_name else -1, parsed.start)
            facts.append(self._fact(parsed, name, role, block, context, pair))
        return facts, unplaced

    def _label(self, text: str) -> tuple[str, tuple[str, float] | None, str | None]:
        """A row label → (indicator words, the unit its brackets state, 预期性/约束性 when it says so)."""
        lx = self.lx
        label = _SPACE.sub("", text)
        unit = None
        nature = None
        for m in reversed(list(PARENS.finditer(label))):
            inner = m.group(1)
            found = unit_of(inner, lx) or bracket_unit(m.group(), lx)
            if found is not None or inner in lx.nature_values:
                if found is not None and unit is None:
                    unit = found
                nature = inner if inner in lx.nature_values else nature
                label = label[:m.start()] + label[m.end():]
        for _ in range(3):
            trimmed = lx.label_marks_re.sub("", label)
            if trimmed == label:
                break
            label = trimmed
        return label, unit, nature

    def _row_unit(self, row: Row, roles: list[Role]) -> tuple[str, float] | None:
        for i, role in enumerate(roles):
            if role.role == "unit" and i < len(row.cells) and row.cells[i] is not None:
                return unit_from_text(row.cells[i].text, self.lx)
        return None

    def _row_nature(self, row: Row, roles: list[Role]) -> str | None:
        """预期性/约束性: the nature column's cell, or a cell that says only that."""
        for i, span in enumerate(row.cells):
            if span is None:
                continue
            text = span.text.strip()
            if text in self.lx.nature_values:
                return text
            if roles[i].role == "nature":
                return next((v for v in self.lx.nature_values if v in text), None)
        return None

    def _indicator(self, label: str, place: bool, role: Role, caption_name: str) -> str:
        """Row label (with its column group), or for a district row the group / header / caption name."""
        if place:
            base = role.group_name or role.name or caption_name
        else:
            base = label
            if role.group_name and role.group_name not in label:
                base = role.group_name + base
            if role.measure and role.name not in label:
                base += role.name  # 公立医院 under 床位数 → 公立医院床位数
        if not base:
            return ""
        if role.rate:
            return base if base.endswith("完成率") else base + "完成率"
        if role.change_word and not base.endswith(role.change_word):
            return base + role.change_word
        return base

    def _caption_name(self, caption: str) -> str:
        name = _SPACE.sub("", PARENS.sub("", caption))
        for _ in range(4):
            trimmed = self.lx.caption_trim_re.sub("", name)
            if trimmed == name:
                break
            name = trimmed
        return name if len(name) >= 2 else ""

    def _fact(self, parsed: CellValue, name: str, role: Role, block: Block, row: "_RowContext",
              pair: int) -> IndicatorFact:
        unit, factor = self._unit(parsed, role, block, row.unit)
        value = _tidy(parsed.value * factor)
        high = _tidy(parsed.value_high * factor) if parsed.value_high is not None else None
        year, year_source = self._year(role, parsed.start, row.caption_years)
        change = None
        if role.change is not None:
            # 增长 -2.5 is a fall: the sign turns the header's direction; like a sentence's 下降0.74, the fall
            # is stored as its size with the direction in the name
            change = role.change or "increase"
            if value < 0:
                change = _FLIP[change]
                value, high = -value, (-high if high is not None else None)
                stem = name[: -len(role.change_word)] if role.change_word and name.endswith(role.change_word) else name
                name = stem + _FALL_WORD
        lower, upper, lower_closed, upper_closed = interval(self.lx.bounds, value, high, parsed.qualifier)
        return IndicatorFact(
            doc_id=self.ctx.doc_id,
            indicator=name,
            value=value,
            value_high=high,
            unit=unit,
            qualifier=parsed.qualifier,
            kind=role.kind or "outcome",
            year=year,
            value_text=self.ctx.text[parsed.start:parsed.end],
            start=parsed.start,
            end=parsed.end,
            sentence_start=row.start,
            sentence_end=row.end,
            section_path=self._section_path(row.start),
            lower=lower,
            upper=upper,
            lower_closed=lower_closed,
            upper_closed=upper_closed,
            change=change,
            flags=["table"],
            year_source=year_source,
            is_change=role.change is not None,
            region=row.region,
            nature=row.nature,
            pair=pair,
            source="table",
        )

    @staticmethod
    def _unit(parsed: CellValue, role: Role, block: Block, row_unit) -> tuple[str | None, float]:
        """Unit and magnitude: the cell's own, else the row label's, the unit column's, the header's or
        group's, the table's unit line. A completion rate is always a percentage, and so is a column whose
        header says (%) (比上年增长(%) of a row counted in 万人次)."""
        if role.rate:
            return "%", 1.0
        if parsed.unit is not None:
            return parsed.unit[0], parsed.unit[1] * parsed.magnitude
        if role.unit is not None and role.unit[0] in _RELATIVE_UNITS:
            return role.unit
        context = row_unit or role.unit or block.unit
        if context is None:
            return None, parsed.magnitude
        if parsed.magnitude != 1.0:
            return context[0], parsed.magnitude  # 12.5万 under (万人): the cell says its own magnitude
        return context

    def _year(self, role: Role, offset: int, caption_years: list[int]) -> tuple[int | None, str]:
        """The column header's year, else the caption's, else the document's at the cell (`year_at`); a
        header saying 上年/本年 counts from the caption's or the document's year."""
        if role.year is not None:
            return role.year, "table"
        if caption_years:
            if role.year_offset is not None:
                return max(caption_years) + role.year_offset, "table"
            return (min(caption_years) if role.kind == "baseline" else max(caption_years)), "table"
        year, source = self.year_at(offset) if self.year_at is not None else (self.ctx.year, "report")
        if role.year_offset is not None and year is not None:
            return year + role.year_offset, "table"
        return year, source

    def _section_path(self, offset: int) -> str | None:
        sentences = self.ctx.sentences
        if not sentences or not self.ctx.sections:
            return None
        if self._sentence_starts is None:
            self._sentence_starts = [s[0] for s in sentences]
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i < 0 or sentences[i][2] is None:
            return None
        section = self.ctx.sections.get(sentences[i][2])
        return (section.path or None) if section else None


def _tidy(x: float) -> float:
    """Round away float noise from magnitude folding (604.02 × 10⁴)."""
    return float(round(x, 6))


# --- entry point ---------------------------------------------------------------------------------------------


def read_tables(ctx: ExtractionContext, year_at: YearAt | None = None) -> TableReading:
    """Every table of the document read into facts: the HTML grids ingestion recorded, then text tables
    outside them (delimited, then flattened one cell per line)."""
    lx = table_lexicon()
    reader = _BlockReader(ctx, lx, year_at)
    facts: list[IndicatorFact] = []
    spans: list[tuple[int, int]] = []
    unplaced = 0
    taken: list[tuple[int, int]] = [(g.start, g.end) for g in ctx.tables if g.end > g.start]
    for block in find_blocks(ctx, lx, taken):
        try:
            result = reader.read(block)
        except Exception:  # a table must never stop a report's extraction
            log.exception("table at %d-%d of %s could not be read", block.start, block.end, ctx.doc_id)
            continue
        if result is None:
            continue
        block_facts, block_unplaced = result
        facts.extend(block_facts)
        unplaced += block_unplaced
        spans.append((block.start, block.end))
    facts.sort(key=lambda f: f.start)
    spans.sort()
    return TableReading(facts, spans, unplaced)
