"""The table reader's vocabulary and building blocks: its lexicon, one cell's value, and the `Block` every
table shape is turned into (columns with their header texts, rows of cell spans).

Words live in `pipelines/lexicons/tables.json`; numbers, units, magnitudes and qualifiers come from the
extractor's own lexicons (units.json, qualifiers.json), so a table cell reads as a sentence's value would.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipelines.extract.lexicon import LEXICON_DIR, lexicon

YEAR = re.compile(r"(?:19|20)\d{2}")
_DATE = re.compile(r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*[日号])?|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?")
_DIGIT = re.compile(r"\d")
PARENS = re.compile(r"\(([^()]*)\)")
_HEADER_NOISE = re.compile(r"\([^()]*\)|(?:19|20)\d{2}\s*年?|[\s/、\-—~～:：]+")


# --- lexicon -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # hashed by identity: there is one, and column roles are cached per lexicon
class TableLexicon:
    kind_re: re.Pattern
    kind_of: dict
    rate_re: re.Pattern
    change_re: re.Pattern
    change_of: dict
    relative_year_re: re.Pattern
    relative_years: dict
    label_words: tuple
    label_exact: frozenset
    place_words: tuple
    place_exact: frozenset
    category_words: tuple
    serial_words: frozenset
    unit_words: frozenset
    nature_words: tuple
    remark_words: tuple
    value_words: tuple
    nature_values: tuple
    vocab_re: re.Pattern          # a header cell made only of header words (after brackets and years are dropped)
    name_noise_re: re.Pattern     # header words that say kind/rate/filler, removed to leave a header's own name
    place_re: re.Pattern
    place_totals: frozenset
    unit_line_re: re.Pattern
    unit_aliases: dict
    units: dict
    unit_factors: dict
    magnitudes: tuple             # (written, multiplier), longest first
    magnitude_of: dict
    cell_re: re.Pattern
    prefix_qualifiers: dict
    suffix_qualifiers: dict
    bounds: dict
    dash_cells: frozenset
    label_marks_re: re.Pattern
    caption_trim_re: re.Pattern
    max_cell_line: int
    plan_report_kinds: frozenset
    header_line_re: re.Pattern    # a whole line that is a header cell (the flattened-table gate)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def table_lexicon() -> TableLexicon:
    with open(LEXICON_DIR / "tables.json", encoding="utf-8") as fh:
        raw = json.load(fh)
    with open(LEXICON_DIR / "qualifiers.json", encoding="utf-8") as fh:
        qualifiers = json.load(fh)
    base = lexicon()
    kind_of = {word: kind for kind, words in raw["kind_words"].items() for word in words}
    vocabulary = [*kind_of, *raw["rate_words"], *raw["change_words"], *raw["label_words"], *raw["place_words"],
                  *raw["place_exact"], *raw["category_words"], *raw["serial_words"], *raw["unit_words"],
                  *raw["nature_words"], *raw["nature_values"], *raw["remark_words"], *raw["value_words"],
                  *raw["header_fillers"], *raw["relative_years"]]
    prefix = {**qualifiers["prefix"], **raw["qualifier_marks"]}
    suffix = qualifiers["suffix"]
    aliases = raw["unit_aliases"]
    units = base.units
    unit_alt = _alt(set(units) | set(aliases))
    magnitudes = tuple(sorted(base.magnitudes.items(), key=lambda kv: len(kv[0]), reverse=True))
    mag_alt = _alt(base.magnitudes)
    number = r"\d+(?:,\d{3})*(?:\.\d+)?"
    cell_re = re.compile(
        rf"(?:(?:{_alt(raw['cell_lead_words'])})\s*)?(?:(?P<qpre>{_alt(prefix)})\s*)?(?:(?P<neg>[-−])|\+)?(?P<num>{number})"
        rf"(?:\s*(?:{mag_alt})?(?P<u1>{unit_alt})?\s*(?:-{{1,2}}|~|～|—{{1,2}}|–|至)\s*(?P<num2>{number}))?"
        rf"\s*(?P<yu>[余多])?(?P<mag>{mag_alt})?(?P<yu2>[余多])?\s*(?P<unit>{unit_alt})?\s*(?P<qsuf>{_alt(suffix)})?"
        rf"\s*(?:\((?P<remark>[^()\d]*)\))?"
    )
    vocab = _alt(vocabulary)
    header_piece = rf"(?:{vocab}|(?:19|20)\d{{2}}\s*年?|\([^()\n]{{0,12}}\)|[ \t/、\-—~～:：])"
    return TableLexicon(
        kind_re=re.compile(_alt(kind_of)),
        kind_of=kind_of,
        rate_re=re.compile(_alt(raw["rate_words"])),
        change_re=re.compile(_alt(raw["change_words"])),
        change_of=raw["change_words"],
        relative_year_re=re.compile(_alt(raw["relative_years"])),
        relative_years=raw["relative_years"],
        label_words=tuple(raw["label_words"]),
        label_exact=frozenset(raw["label_exact"]),
        place_words=tuple(raw["place_words"]),
        place_exact=frozenset(raw["place_exact"]),
        category_words=tuple(raw["category_words"]),
        serial_words=frozenset(raw["serial_words"]),
        unit_words=frozenset(raw["unit_words"]),
        nature_words=tuple(raw["nature_words"] + raw["nature_values"]),
        remark_words=tuple(raw["remark_words"]),
        value_words=tuple(raw["value_words"]),
        nature_values=tuple(raw["nature_values"]),
        vocab_re=re.compile(rf"(?:{vocab})+"),
        name_noise_re=re.compile(_alt([*kind_of, *raw["rate_words"], *raw["change_words"], *raw["value_words"],
                                       *raw["header_fillers"], *raw["relative_years"]])),
        place_re=re.compile(
            rf"[\u4e00-\u9fff]{{1,{raw['place_max']}}}(?:{_alt(raw['place_suffixes'])})|{_alt(raw['place_totals'])}"),
        place_totals=frozenset(raw["place_totals"]),
        unit_line_re=re.compile(raw["unit_line"]),
        unit_aliases=aliases,
        units=units,
        unit_factors=base.unit_factors,
        magnitudes=magnitudes,
        magnitude_of=dict(magnitudes),
        cell_re=cell_re,
        prefix_qualifiers=prefix,
        suffix_qualifiers=suffix,
        bounds=base.bounds,
        dash_cells=frozenset(raw["dash_cells"]),
        label_marks_re=re.compile(raw["label_marks"]),
        caption_trim_re=re.compile(raw["caption_trim"]),
        max_cell_line=raw["max_cell_line"],
        plan_report_kinds=base.plan_report_kinds,
        header_line_re=re.compile(rf"\n[ \t]*{header_piece}+(?=\n|\Z)"),
    )


# --- cells ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A piece of the clean text (a cell, a header, a caption); `text` is text[start:end]."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CellValue:
    value: float
    value_high: float | None
    unit: tuple[str, float] | None   # (base unit, magnitude it carries) when the cell writes its unit
    magnitude: float                 # a bare 万/亿 in the cell
    qualifier: str | None
    start: int                       # clean span of the value as written (number to unit / suffix qualifier)
    end: int


UNREADABLE = object()  # a cell holding digits that do not read as one value


@lru_cache(maxsize=8192)  # a flattened table's lines are classified, then read: each cell is parsed once
def parse_cell(span: Span, lx: TableLexicon) -> CellValue | None | object:
    """One cell's value; None when the cell holds no value (empty, a dash, words, a date),
    `UNREADABLE` when it holds digits that are not one value (95%/98%, 1200(1260))."""
    text = span.text
    stripped = text.strip()
    if not stripped or stripped in lx.dash_cells or not value_like(stripped):
        return None
    lead = len(text) - len(text.lstrip())
    m = lx.cell_re.fullmatch(stripped)
    if m is None:
        return UNREADABLE
    value = float(m.group("num").replace(",", ""))
    if m.group("neg"):
        value = -value
    high = float(m.group("num2").replace(",", "")) if m.group("num2") else None
    written = m.group("unit") or m.group("u1")
    unit = unit_of(written, lx) if written else None
    if unit is not None and unit[0] == "年" and value >= 1900:
        return None  # a year in a value column (2025年) is a date, not a value
    magnitude = lx.magnitude_of[m.group("mag")] if m.group("mag") else 1.0
    qualifier = None
    if m.group("qpre"):
        qualifier = lx.prefix_qualifiers[m.group("qpre")]
    elif m.group("qsuf"):
        qualifier = lx.suffix_qualifiers[m.group("qsuf")]
    elif m.group("yu") or m.group("yu2"):
        qualifier = "余"
    first = m.start("neg") if m.group("neg") else m.start("num")
    last = max(m.end(g) for g in ("num", "num2", "yu", "mag", "yu2", "unit", "qsuf") if m.group(g))
    base = span.start + lead
    return CellValue(value, high, unit, magnitude, qualifier, base + first, base + last)


def value_like(text: str) -> bool:
    """Digits that are not part of a date: the cells a reader must account for."""
    if _DIGIT.search(text) is None:
        return False
    if "年" not in text and "月" not in text:
        return True
    return _DIGIT.search(_DATE.sub("", text)) is not None


@lru_cache(maxsize=4096)
def unit_of(written: str, lx: TableLexicon) -> tuple[str, float] | None:
    """A unit as written → (base unit, the magnitude it carries): 万元 → (元, 10000), 1/10万 → (/10万, 1)."""
    written = written.strip()
    written = lx.unit_aliases.get(written, written)
    if written in lx.units:
        return lx.units[written], float(lx.unit_factors.get(written, 1))
    for mag, multiplier in lx.magnitudes:
        rest = written[len(mag):]
        if written.startswith(mag) and rest in lx.units:
            return lx.units[rest], float(multiplier * lx.unit_factors.get(rest, 1))
    return None


def bracket_unit(text: str, lx: TableLexicon) -> tuple[str, float] | None:
    """The unit a header or label states in brackets (…(万元)) or as 单位:万元."""
    for inner in reversed(PARENS.findall(text)):
        unit = unit_of(inner, lx)
        if unit is None:
            m = lx.unit_line_re.search(inner)
            unit = unit_of(m.group("unit"), lx) if m else None
        if unit is not None:
            return unit
    m = lx.unit_line_re.search(text)
    return unit_of(m.group("unit"), lx) if m else None


def header_words(text: str) -> str:
    """A header cell's words: brackets, years, spaces and separators dropped."""
    return _HEADER_NOISE.sub("", text)


def kind_words(text: str) -> str:
    """A header cell's words with the brackets opened: 2020年(基期) says its kind inside them."""
    return header_words(text.replace("(", "").replace(")", ""))


@lru_cache(maxsize=4096)
def is_header_cell(text: str, lx: TableLexicon) -> bool:
    """A cell made only of header words (指标, 2024年目标值, 完成率(%), 预期性/约束性), or only a year."""
    core = header_words(text)
    if not core:
        return bool(YEAR.search(text))
    return lx.vocab_re.fullmatch(core) is not None


@lru_cache(maxsize=4096)
def is_unit_cell(text: str, lx: TableLexicon) -> bool:
    inner = text.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    return bool(inner) and unit_of(inner, lx) is not None


# --- blocks: every table shape becomes one -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str = ""                 # the column's own (lowest) header cell
    above: tuple[str, ...] = ()      # header cells above it, nearest first (a year or group over several columns)
    group: str = ""                  # the nearest header cell spanning this and neighbouring columns
    group_key: int = -1              # columns under one spanning cell share it
    unit_hint: str = ""              # a unit row's cell under the header


@dataclass
class Row:
    cells: list[Span | None]         # one per column
    copies: set[int] = field(default_factory=set)   # columns whose cell is spread here from another row/column
    stray: list[Span] = field(default_factory=list)  # cells that could not be given a column


@dataclass
class Block:
    start: int
    end: int
    columns: list[Column]
    rows: list[Row]
    caption: str = ""
    caption_start: int = -1
    unit: tuple[str, float] | None = None   # the table's unit line (单位:万元)


# --- column roles --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    role: str                        # label | place | category | serial | unit | nature | remark | value | none
    kind: str | None = None
    rate: bool = False
    change: str | None = None        # 'increase' | 'decrease', '' for a change column without a direction (增减)
    change_word: str = ""            # the header's change word (增长, 增幅), added to the indicator
    year: int | None = None
    year_offset: int | None = None   # 上年 (-1), 本年 (0): the year relative to the table's own
    unit: tuple[str, float] | None = None
    name: str = ""                   # the header's own words, naming a district table's indicator
    measure: bool = False            # the header names what is counted (床位数, 占比) and nothing else
    group_name: str = ""
    group_key: int = -1
    inferred: bool = False           # a label column no header named (a blank corner cell)


@lru_cache(maxsize=4096)  # tables repeat their headers (目标|完成 per group, per table)
def column_role(column: Column, lx: TableLexicon) -> Role:
    """What a column holds, read from its header cells (its own first, then the ones above it)."""
    own = column.header
    core = header_words(own)  # the header without brackets and years
    group_name = _header_name(column.group, lx)
    common = {"group_name": group_name, "group_key": column.group_key}
    if core in lx.serial_words:
        return Role("serial", **common)
    if core in lx.label_exact and not column.above:
        return Role("label", **common)  # 重点任务 | 年度目标 | …: the tasks, though 任务 is a kind word
    if any(word in core for word in lx.remark_words):
        return Role("remark", **common)
    if any(word in own for word in lx.nature_words):
        return Role("nature", **common)
    if core in lx.unit_words:
        return Role("unit", **common)
    said = kind_words(own)
    kind = _last_kind(said, lx)
    rate = lx.rate_re.search(said) is not None
    change_m = lx.change_re.search(said)
    change = (lx.change_of[change_m.group()] or "") if change_m else None
    change_word = change_m.group() if change_m else ""
    years = YEAR.findall(own) or [y for text in column.above for y in YEAR.findall(text)][:1]
    year = int(years[-1]) if years else None
    relative = None if year else next(
        (m for m in (lx.relative_year_re.search(t) for t in (own, *column.above)) if m), None)
    year_offset = lx.relative_years[relative.group()] if relative else None
    if kind is None and not rate:
        kind = next((k for k in (_last_kind(kind_words(t), lx) for t in column.above) if k), None)
    unit = (unit_from_text(column.unit_hint, lx) or bracket_unit(own, lx)
            or next((u for u in (bracket_unit(t, lx) for t in column.above) if u), None))
    valued = (kind or rate or change is not None or year is not None or year_offset is not None
              or any(w in core for w in lx.value_words))
    if not valued:
        if core in lx.place_exact or any(word in core for word in lx.place_words):
            return Role("place", **common)
        if any(word in core for word in lx.label_words):
            return Role("label", **common)
        if any(word in core for word in lx.category_words):
            return Role("category", **common)
        if not core:
            return Role("none", **common)
    # a header saying only what is counted (床位数, 占比) names it whole; another keeps the words left
    # once its kind, year and filler words are gone (签约人数目标 → 签约人数)
    measure = len(core) >= 2 and not (kind or rate or change is not None or year or year_offset is not None
                                      or any(w in core for w in lx.value_words))
    name = core if measure else _header_name(own, lx)
    if rate:
        kind = "outcome"
    return Role("value", kind=kind, rate=rate, change=change, change_word=change_word, year=year,
                year_offset=year_offset, unit=unit, name=name, measure=measure, **common)


def _last_kind(words: str, lx: TableLexicon) -> str | None:
    """The kind word that ends last decides (任务完成 → outcome, 完成目标 → target)."""
    found = None
    for found in lx.kind_re.finditer(words):
        pass
    return lx.kind_of[found.group()] if found else None


def unit_from_text(text: str, lx: TableLexicon) -> tuple[str, float] | None:
    if not text:
        return None
    return bracket_unit(text, lx) or unit_of(text.strip(), lx)


def _header_name(text: str, lx: TableLexicon) -> str:
    """The words of a header that name something (家庭医生签约(万人) → 家庭医生签约; 2023年目标 → '')."""
    name = lx.name_noise_re.sub("", header_words(text))
    return name if len(name) >= 2 else ""
