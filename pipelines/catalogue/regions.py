"""Regions as written → official administrative divisions (6-digit codes).

Source: JioNLP 1.5.31's division table (Apache-2.0), reduced to province / prefecture /
county rows in `pipelines/lexicons/china_divisions.csv`, plus its name-change history
`pipelines/lexicons/china_division_changes.txt` (see pipelines/lexicons/README.md).

Rules: national issuers resolve to 全国/000000; anonymised regions (**区, XX区, *市, 某区)
stay anonymised under a per-document label so two of them are never merged; a name that
several divisions share (鼓楼区) is settled only by the issuer or by other places the
document names, otherwise it is returned ambiguous with no code. Short names (舟山, 浙江)
are accepted for provinces and prefectures only, so 城北/城东 never become regions.
"""
from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipelines.catalogue.indicators import normalise_name

LEXICONS = Path(__file__).resolve().parents[1] / "lexicons"
DIVISIONS_PATH = LEXICONS / "china_divisions.csv"
CHANGES_PATH = LEXICONS / "china_division_changes.txt"

NATIONAL_CODE = "000000"
NATIONAL_NAME = "全国"
NATIONAL_WORDS = {"全国", "国家", "中国", "中华人民共和国", "我国"}
NATIONAL_ISSUER = re.compile(
    r"^(中华人民共和国)?(国务院|国家卫生健康委|国家卫健委|国家卫生和计划生育委员会|国家卫生计生委|国家卫生健康委员会|"
    r"卫生部|国家中医药管理局|国家疾病预防控制局|国家疾控局|国家医疗保障局|国家医保局|国务院办公厅|全国爱卫办|"
    r"全国爱国卫生运动委员会|国家发展改革委|国家统计局|健康中国行动推进委员会)"
)
ANONYMISED = re.compile(r"[*＊×□○〇]|[XxＸｘ]{1,3}(?=[省市区县州旗镇乡]|$)|^某|某(?=[省市区县州旗镇乡])")
ADMIN_SUFFIX = re.compile(r"(省|自治区|市|区|县|自治州|州|盟|旗|镇|乡|街道)$")
# words after a place name in an issuer: the place is what precedes them
ISSUER_BODY = re.compile(
    r"(卫生健康委员会|卫生健康委|卫健委|卫生健康局|卫健局|卫生计生委|卫计委|卫生和计划生育委员会|卫生计生局|卫计局|"
    r"卫生局|卫生健康厅|卫生厅|卫生和计划生育局|人民政府办公厅|人民政府办公室|人民政府|人大常委会|政府办公室|政府|疾病预防控制中心|疾控中心|医疗保障局|医保局|中医药管理局|爱卫办|委员会|局)"
)
# level a bare suffix refers to (我区 → 区)
SUFFIX_LEVELS = {"省": ("province",), "自治区": ("province",), "市": ("city", "county"), "州": ("city",),
                 "盟": ("city",), "区": ("district",), "县": ("county",), "旗": ("county",)}
# prefecture short names that are everyday words in health reports; never used as context
SHORT_NAME_STOPLIST = {"安康", "中山", "大同", "长治", "和平", "永安", "吉安", "平安", "太平", "新民", "开平",
                       "海南", "海东", "海北", "三明", "通化", "白城", "黄山", "长春", "丽江"}

REGION_CONTEXT_CHARS = 3000  # place names near the top of a report settle ambiguous district names

ISSUER_WEIGHT = 5.0      # the issuer naming a place outweighs incidental mentions
FULL_NAME_WEIGHT = 2.0   # 湘潭市 in the text
SHORT_NAME_WEIGHT = 1.0  # 湘潭 in the text (健康湘潭)


@dataclass(frozen=True)
class Division:
    region_code: str
    name: str
    short_name: str
    admin_level: str        # province / city / district / county
    parent_code: str | None
    full_name: str


@dataclass(frozen=True)
class RegionMatch:
    region: str | None              # canonical full name (浙江省舟山市), 全国, or anonymised:<doc>:<suffix>
    region_code: str | None         # 6 digits; None when anonymised, ambiguous or unknown
    admin_level: str | None         # national / province / city / district / county
    method: str | None              # national / anonymised / exact / alias / renamed / issuer / context / None
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (code, full_name) still in play
    ambiguous: bool = False


def _clean(text: str | None) -> str:
    if not text:
        return ""
    return normalise_name(unicodedata.normalize("NFKC", text))


def _is_descendant(code: str, ancestor: str) -> bool:
    if code == ancestor:
        return True
    if ancestor.endswith("0000"):
        return code[:2] == ancestor[:2]
    if ancestor.endswith("00"):
        return code[:4] == ancestor[:4]
    return False


class Gazetteer:
    """Divisions with name indexes, loaded once."""

    def __init__(self, divisions: list[Division], renames: dict[str, tuple[str, ...]]):
        self.by_code = {d.region_code: d for d in divisions}
        self.by_full = {d.full_name: d.region_code for d in divisions}
        self.by_name: dict[str, list[str]] = {}
        self.by_short: dict[str, list[str]] = {}
        for d in divisions:
            self.by_name.setdefault(d.name, []).append(d.region_code)
            if d.admin_level in ("province", "city") and len(d.short_name) >= 2 and d.short_name != d.name:
                self.by_short.setdefault(d.short_name, []).append(d.region_code)
        self.renames = renames                 # old name → new (province, city, county) names
        self.surface_lengths = sorted({len(s) for s in (*self.by_name, *self.by_short)}, reverse=True)
        self.children: dict[str, list[str]] = {}
        for d in divisions:
            if d.parent_code:
                self.children.setdefault(d.parent_code, []).append(d.region_code)

    def codes_for(self, surface: str) -> tuple[list[str], str]:
        """Codes a surface form can denote, and how it was recognised."""
        if surface in self.by_full:
            return [self.by_full[surface]], "exact"
        if surface in self.by_name:
            return list(self.by_name[surface]), "exact"
        if surface in self.by_short:
            return list(self.by_short[surface]), "alias"
        if surface in self.renames:
            code = self._code_of_chain(self.renames[surface])
            if code:
                return [code], "renamed"
        return [], ""

    def _code_of_chain(self, names: tuple[str, ...]) -> str | None:
        full = "".join(names)
        if full in self.by_full:
            return self.by_full[full]
        candidates = self.by_name.get(names[-1], [])
        return candidates[0] if len(candidates) == 1 else None

    def parse(self, text: str) -> tuple[list[str], str] | None:
        """Read a written region (浙江省舟山市, 舟山, 湘潭市雨湖区) into the codes it can denote."""
        if not text:
            return None
        codes, method = self.codes_for(text)
        if codes:
            return codes, method
        # a chain of names, each narrowing the previous one; longest match first
        position, scope, method = 0, None, "exact"
        while position < len(text):
            for length in self.surface_lengths:
                piece = text[position:position + length]
                if len(piece) < length:
                    continue
                found, how = self.codes_for(piece)
                if scope is not None:
                    found = [c for c in found if any(_is_descendant(c, s) for s in scope)]
                if found:
                    scope, position = found, position + length
                    method = how if how != "exact" else method
                    break
            else:
                return None
        return (scope, method) if scope else None

    def mentions(self, text: str) -> Counter:
        """Weighted votes for the divisions the text names unambiguously."""
        votes: Counter = Counter()
        if not text:
            return votes
        by_name, by_short = self.by_name, self.by_short
        lengths = [n for n in self.surface_lengths if n >= 2]
        i, size = 0, len(text)
        while i < size:
            step = 1
            for length in lengths:
                piece = text[i:i + length]
                if len(piece) < length:
                    continue
                codes = by_name.get(piece)
                weight = FULL_NAME_WEIGHT
                if codes is None and piece not in SHORT_NAME_STOPLIST:
                    codes = by_short.get(piece)
                    weight = SHORT_NAME_WEIGHT
                if codes:
                    if len(codes) == 1:
                        votes[codes[0]] += weight
                    step = length
                    break
            i += step
        return votes


def _read_divisions() -> list[Division]:
    with open(DIVISIONS_PATH, encoding="utf-8", newline="") as handle:
        return [Division(r["region_code"], r["name"], r["short_name"], r["admin_level"],
                         r["parent_code"] or None, r["full_name"]) for r in csv.DictReader(handle)]


def _read_renames() -> dict[str, tuple[str, ...]]:
    """Old division name → current (province, city[, county]) names, from JioNLP's change list."""
    renames: dict[str, tuple[str, ...]] = {}
    with open(CHANGES_PATH, encoding="utf-8") as handle:
        for line in handle:
            if "=>" not in line:
                continue
            old, new = line.rstrip("\n").split("=>", 1)
            old_cells = old.split("\t")[2:]
            old_names = old_cells[0::2]          # full names; short names sit between them
            new_names = tuple(c for c in new.split("\t") if c)
            if old_names and new_names and old_names[-1] != new_names[-1]:
                renames.setdefault(old_names[-1], new_names)
    return renames


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer(_read_divisions(), _read_renames())


def _division_match(code: str, method: str, candidates: list[str] | None = None) -> RegionMatch:
    gaz = load_gazetteer()
    division = gaz.by_code[code]
    return RegionMatch(division.full_name, code, division.admin_level, method,
                       [(c, gaz.by_code[c].full_name) for c in (candidates or [code])], False)


def _place_from_issuer(issuer: str) -> str:
    """舟山市卫生健康委员会 → 舟山市; 省卫生健康委 → ''."""
    match = ISSUER_BODY.search(issuer)
    return issuer[:match.start()] if match else issuer


ANONYMISED_LEVELS = {"省": "province", "自治区": "province", "市": "city", "州": "city", "盟": "city",
                     "区": "district", "县": "county", "旗": "county", "镇": "township", "乡": "township",
                     "街道": "township"}


def anonymised_label(doc_id: str | None, written: str, text_context: str = "") -> str:
    """anonymised:<doc>:<suffix>; without a doc_id the document text keys it, so two documents'
    anonymised regions never share a label."""
    suffix = ADMIN_SUFFIX.search(written)
    key = doc_id or "text-" + hashlib.sha1(text_context.encode("utf-8")).hexdigest()[:12]
    return f"anonymised:{key}:{suffix.group(1) if suffix else written or '?'}"


def resolve_region(region_as_written: str | None, issuer: str | None, text_context: str,
                   anonymised: bool, doc_id: str | None = None) -> RegionMatch:
    """Resolve a report's region to a division code, using issuer and document text to settle
    shared names. `doc_id` keys the label of an anonymised region."""
    written = _clean(region_as_written)
    issuer_clean = _clean(issuer)
    if written in NATIONAL_WORDS or (not written and NATIONAL_ISSUER.match(issuer_clean)) \
            or (NATIONAL_ISSUER.match(issuer_clean) and written in ("", "国家")):
        return RegionMatch(NATIONAL_NAME, NATIONAL_CODE, "national", "national", [], False)
    if anonymised or (written and ANONYMISED.search(written)):
        suffix = ADMIN_SUFFIX.search(written)
        level = ANONYMISED_LEVELS.get(suffix.group(1)) if suffix else None
        return RegionMatch(anonymised_label(doc_id, written, text_context or ""), None, level,
                           "anonymised", [], False)

    gaz = load_gazetteer()
    issuer_place = _place_from_issuer(issuer_clean) if issuer_clean else ""
    issuer_parse = gaz.parse(issuer_place) if issuer_place and not ANONYMISED.search(issuer_place) else None
    issuer_codes = issuer_parse[0] if issuer_parse and len(issuer_parse[0]) == 1 else []

    if not written or written in SUFFIX_LEVELS:
        # the report only says 我区 / 本市: the issuer or the document has to name the place
        levels = SUFFIX_LEVELS.get(written)
        if issuer_codes and (levels is None or gaz.by_code[issuer_codes[0]].admin_level in levels):
            return _division_match(issuer_codes[0], "issuer")
        if levels is None:
            return RegionMatch(None, None, None, None, [], False)
        return _from_context_scope(written, levels, issuer_codes, text_context)

    parsed = gaz.parse(written)
    if parsed is None:
        return RegionMatch(written, None, None, None, [], False)
    codes, method = parsed
    if len(codes) == 1:
        return _division_match(codes[0], method)
    return _disambiguate(written, codes, issuer_codes, text_context)


def _score(code: str, votes: Counter) -> float:
    """Evidence for a candidate: votes for itself, its prefecture and province, and its siblings."""
    score = 0.0
    for voted, weight in votes.items():
        if voted == code:
            score += weight
        elif _is_descendant(code, voted):          # its prefecture or province is named
            score += weight
        elif voted[:4] == code[:4] and not voted.endswith("00"):   # a sibling district is named
            score += 0.5 * weight
    return score


def _evidence(issuer_codes: list[str], text_context: str) -> Counter:
    votes = load_gazetteer().mentions(_clean(text_context))
    for code in issuer_codes:
        votes[code] += ISSUER_WEIGHT
    return votes


def _disambiguate(written: str, codes: list[str], issuer_codes: list[str], text_context: str) -> RegionMatch:
    gaz = load_gazetteer()
    by_issuer = [c for c in codes if any(_is_descendant(c, i) for i in issuer_codes)]
    if len(by_issuer) == 1:
        return _division_match(by_issuer[0], "issuer", codes)
    votes = _evidence(issuer_codes, text_context)
    ranked = sorted(((_score(c, votes), c) for c in codes), reverse=True)
    if ranked[0][0] > 0 and ranked[0][0] > ranked[1][0]:
        return _division_match(ranked[0][1], "context", codes)
    levels = {gaz.by_code[c].admin_level for c in codes}
    return RegionMatch(written, None, levels.pop() if len(levels) == 1 else None, None,
                       [(c, gaz.by_code[c].full_name) for c in codes], True)


def _from_context_scope(written: str, levels: tuple[str, ...], issuer_codes: list[str],
                        text_context: str) -> RegionMatch:
    """A bare 省/市/区/县: the division of that kind the document keeps naming, else the children of
    the enclosing division it names most, returned as ambiguous candidates."""
    gaz = load_gazetteer()
    votes = _evidence(issuer_codes, text_context)
    if levels == ("province",):
        # 我省: the province the document names most, by itself or through its cities
        provinces = Counter()
        for code, weight in votes.items():
            provinces[code[:2] + "0000"] += weight
        ranked = [(w, c) for c, w in provinces.most_common() if c in gaz.by_code]
        if ranked and (len(ranked) == 1 or ranked[0][0] > 2 * ranked[1][0]):
            return _division_match(ranked[0][1], "context", [c for _, c in ranked])
        return RegionMatch(written, None, "province", None,
                           [(c, gaz.by_code[c].full_name) for _, c in ranked], True)

    def fits(code: str) -> bool:
        division = gaz.by_code[code]
        return division.admin_level in levels and division.name.endswith(written)

    # a report names itself over and over: one clear leader among divisions of the right kind settles it
    named = sorted(((w, c) for c, w in votes.items() if fits(c)), reverse=True)
    if named and named[0][0] >= 2 * FULL_NAME_WEIGHT and (len(named) == 1 or named[0][0] > 2 * named[1][0]):
        return _division_match(named[0][1], "context", [c for _, c in named])
    # otherwise the enclosing division the document names most bounds the candidates
    parents = [(w, c) for c, w in votes.items() if any(fits(child) for child in gaz.children.get(c, ()))]
    if not parents:
        return RegionMatch(written, None, levels[0], None, [], True)
    parents.sort(reverse=True)
    if len(parents) > 1 and parents[0][0] == parents[1][0]:
        return RegionMatch(written, None, levels[0], None, [], True)
    children = [c for c in gaz.children.get(parents[0][1], ()) if fits(c)]
    return RegionMatch(written, None, levels[0], None,
                       [(c, gaz.by_code[c].full_name) for c in children], True)
