"""Canonical indicator catalogue and the mapping of indicator names as written to it.

The catalogue lives in `pipelines/lexicons/indicators.csv` (one row per canonical
indicator: id, Chinese and English name, base unit, direction, natural bounds,
plan nature, source, synonyms, one regex). `map_indicator(name, unit)` tries, on
the normalised name and on variants with scope words stripped:
exact name → synonym → regex → fuzzy (character-bigram Jaccard or head-final
suffix containment), always refusing an indicator whose unit is incompatible
with the fact's unit (a % fact never maps to a count indicator).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICONS = Path(__file__).resolve().parents[1] / "lexicons"
CATALOGUE_PATH = LEXICONS / "indicators.csv"

FUZZY_THRESHOLD = 0.5          # bigram Jaccard below this is not a match
FUZZY_MARGIN = 0.05            # a runner-up this close means the name is ambiguous: leave it unmapped
SUFFIX_MIN_CHARS = 4           # a catalogue form must be this long to match as a suffix
SUFFIX_MIN_COVERAGE = 0.45     # ... and cover this share of the (stripped) name

# Unit families: a fact may only map to an indicator of the same family.
_UNIT_FAMILIES = {
    "rate": {"%", "‰", "/10万", "1/10万", "/万", "个百分点", "百分点", "百分比", "%/年", "百分点/年"},
    "count": {"人", "人次", "例", "家", "个", "张", "份", "场", "项", "名", "所", "支", "台", "次",
              "户", "户次", "床", "剂次", "剂", "件", "座", "间", "辆", "批", "处", "条", "套",
              "场次", "例次", "位", "对", "本", "种", "类", "块", "批次", "起", "篇", "册", "轮", "株", "期"},
    "money": {"元"},
    "duration": {"岁", "年", "天", "日", "分钟", "小时", "月", "个月", "周", "秒"},
    "mass": {"克", "千克", "公斤", "吨"},
    "area": {"平方米", "亩", "平方公里"},
    "length": {"公里", "千米", "米"},
    "level": {"级", "星"},
}
_FAMILY_OF_UNIT = {u: fam for fam, units in _UNIT_FAMILIES.items() for u in units}
_MAGNITUDE_PREFIX = re.compile(r"^(万|亿|千|百|十)+")

# The measure word a Chinese indicator name ends with tells its family when no unit is given.
_RATE_HEAD = re.compile(r"(率|比例|比重|占比|比率|覆盖面|百分比)$")
_COUNT_HEAD = re.compile(r"(人数|人次|例数|个数|家数|床位|张数|份数|次数|数量|总数|数)$")

# Scope words, cue verbs and periods that may precede an indicator name; stripped one at a time
# so that an exact hit on the unstripped name (城乡居民医保…) wins over a stripped one.
_PREFIXES = re.compile(
    r"^(全国|全省|全市|全区|全县|全州|全盟|全旗|全镇|全乡|全系统|全域|我省|我市|我区|我县|我州|我镇|"
    r"本省|本市|本区|本县|辖区内?|域内|区域内?|城乡|居民|常住人口|户籍人口|全年度?|年度|年内|上半年|下半年|"
    r"一季度|前三季度|当年|今年|去年|目前|截至目前|截至|截止目前|截止|至今|累计|力争|确保|争取|实现|完成|"
    r"提高|提升|降低|下降|推进|持续|进一步|其中|同时|以及|和|及|的|其|总体|整体|平均|全面)"
)
_YEAR_PREFIX = re.compile(r"^(到|至|截至|截止)?(\d{2,4}|[*Xx×某]{1,4})年(底|末|度|内|前)?(前)?")
_SUFFIXES = re.compile(r"(分别达到|分别达|分别为|均达到|均达|已达到|已达|达到|提高到|提升到|提升至|提高至|"
                       r"降低到|降低至|下降到|下降至|控制在|保持在|稳定在|超过|不低于|不高于|不超过|达|为|均|分别)$")

_PUNCT = re.compile(r"[\s\"'“”‘’《》〈〉「」『』【】\[\]()（）{}<>,，。.、;；:：!！?？·•…_]+")
_DASHES = str.maketrans({"~": "-", "～": "-", "—": "-", "–": "-", "－": "-", "〜": "-"})

# Traditional characters frequent in health reports (the catalogue is simplified; ingest simplifies
# clean text, this is only a safety net for names taken from raw text).
_TRAD = str.maketrans(dict(zip(
    "衛醫療數兒歲訪視產婦檔預養護壓規範簽約構總費實結餘門診區縣體檢殘傳報時設進鄉鎮幹疾現發隊擁達覽"
    "機圖嚴務處辦廳財級聯網絡營裝學貧統計劃愛術類與衝積極點擊單雙項號稱間監測險險證驗錄員廣東齡務",
    "卫医疗数儿岁访视产妇档预养护压规范签约构总费实结余门诊区县体检残传报时设进乡镇干疾现发队拥达览"
    "机图严务处办厅财级联网络营装学贫统计划爱术类与冲积极点击单双项号称间监测险险证验录员广东龄务",
)))


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name_zh: str
    name_en: str
    unit: str
    direction: str           # higher_is_better / lower_is_better / neutral
    lower_bound: float | None
    upper_bound: float | None
    nature: str | None       # 预期性 / 约束性 / None
    source: str
    synonyms: tuple[str, ...]
    pattern: re.Pattern | None


@dataclass(frozen=True)
class IndicatorMatch:
    indicator_id: str | None
    name_zh: str | None
    method: str | None       # 'exact' | 'synonym' | 'pattern' | 'fuzzy' | None
    score: float             # 0..1; 1.0 for exact and synonym hits


UNMAPPED = IndicatorMatch(None, None, None, 0.0)


def normalise_name(name: str) -> str:
    """NFKC, traditional→simplified safety net, unified dashes, no punctuation or brackets."""
    text = unicodedata.normalize("NFKC", name).translate(_TRAD).translate(_DASHES)
    return _PUNCT.sub("", text).upper()


def name_variants(name: str) -> list[str]:
    """The normalised name, then successively shorter forms with scope/cue prefixes and verb
    suffixes stripped (most specific first)."""
    current = normalise_name(name)
    variants = [current]
    for _ in range(8):
        stripped = _SUFFIXES.sub("", current)
        stripped = _YEAR_PREFIX.sub("", stripped)
        stripped = _PREFIXES.sub("", stripped)
        if stripped == current or len(stripped) < 2:
            break
        current = stripped
        variants.append(current)
    return variants


def unit_family(unit: str | None) -> str | None:
    """The family of a unit ('rate', 'count', 'money', …), None when no unit is given."""
    if unit is None:
        return None
    unit = unicodedata.normalize("NFKC", unit).strip()
    if not unit:
        return None
    if unit in _FAMILY_OF_UNIT:
        return _FAMILY_OF_UNIT[unit]
    bare = _MAGNITUDE_PREFIX.sub("", unit)
    return _FAMILY_OF_UNIT.get(bare, f"other:{bare or unit}")


def head_family(name: str) -> str | None:
    """The family implied by the measure word a name ends with (率 → rate, 人数 → count)."""
    if _RATE_HEAD.search(name):
        return "rate"
    if _COUNT_HEAD.search(name):
        return "count"
    return None


def _bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset({text})
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def _float_or_none(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


class Catalogue:
    """The loaded catalogue with precomputed lookup indexes."""

    def __init__(self, indicators: list[Indicator]):
        self.indicators = indicators
        self.by_id = {ind.indicator_id: ind for ind in indicators}
        self._family = {ind.indicator_id: unit_family(ind.unit) for ind in indicators}
        self.exact: dict[str, str] = {}
        self.synonym: dict[str, list[str]] = {}
        # every surface form (name or synonym) for fuzzy matching: (form, indicator_id, bigrams)
        self.forms: list[tuple[str, str, frozenset[str]]] = []
        seen_forms: set[tuple[str, str]] = set()
        for ind in indicators:
            key = normalise_name(ind.name_zh)
            self.exact.setdefault(key, ind.indicator_id)
            for form in (ind.name_zh, *ind.synonyms):
                norm = normalise_name(form)
                if not norm or (norm, ind.indicator_id) in seen_forms:
                    continue
                seen_forms.add((norm, ind.indicator_id))
                if form is not ind.name_zh:
                    self.synonym.setdefault(norm, []).append(ind.indicator_id)
                self.forms.append((norm, ind.indicator_id, _bigrams(norm)))
        self.bigram_index: dict[str, list[int]] = {}
        for i, (_, _, grams) in enumerate(self.forms):
            for gram in grams:
                self.bigram_index.setdefault(gram, []).append(i)

    def compatible(self, indicator_id: str, family: str | None) -> bool:
        indicator_family = self._family[indicator_id]
        return family is None or indicator_family is None or family == indicator_family

    def match(self, name: str, unit: str | None) -> IndicatorMatch:
        if not name or not name.strip():
            return UNMAPPED
        variants = name_variants(name)
        family = unit_family(unit)
        for variant in variants:
            indicator_id = self.exact.get(variant)
            if indicator_id and self.compatible(indicator_id, family):
                return self._result(indicator_id, "exact", 1.0)
        for variant in variants:
            for indicator_id in self.synonym.get(variant, ()):
                if self.compatible(indicator_id, family):
                    return self._result(indicator_id, "synonym", 1.0)
        for variant in variants:
            hits = [ind.indicator_id for ind in self.indicators
                    if ind.pattern is not None and ind.pattern.fullmatch(variant)
                    and self.compatible(ind.indicator_id, family)]
            if hits:
                # several regexes may accept a name: keep the one whose canonical name is closest
                grams = _bigrams(variant)
                best = max(hits, key=lambda i: _jaccard(grams, _bigrams(normalise_name(self.by_id[i].name_zh))))
                return self._result(best, "pattern", 0.9)
        return self._fuzzy(variants, family)

    def _fuzzy(self, variants: list[str], family: str | None) -> IndicatorMatch:
        score_by_id: dict[str, float] = {}
        for variant in variants:
            if len(variant) < 2:
                continue
            fact_family = family or head_family(variant)
            grams = _bigrams(variant)
            candidates = {i for gram in grams for i in self.bigram_index.get(gram, ())}
            for i in candidates:
                form, indicator_id, form_grams = self.forms[i]
                if not self.compatible(indicator_id, fact_family):
                    continue
                score = _jaccard(grams, form_grams)
                # Chinese noun phrases are head-final: a long catalogue form ending the name is strong evidence
                if (len(form) >= SUFFIX_MIN_CHARS and variant.endswith(form)
                        and len(form) / len(variant) >= SUFFIX_MIN_COVERAGE):
                    score = max(score, 0.5 + 0.45 * len(form) / len(variant))
                if score > score_by_id.get(indicator_id, 0.0):
                    score_by_id[indicator_id] = score
        ranked = sorted(score_by_id.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < FUZZY_THRESHOLD:
            return UNMAPPED
        best_id, best_score = ranked[0]
        if len(ranked) > 1 and ranked[1][1] >= best_score - FUZZY_MARGIN:
            # e.g. bare 规范管理率: hypertension, diabetes and mental-disorder rates tie
            return UNMAPPED
        return self._result(best_id, "fuzzy", round(min(best_score, 0.89), 4))

    def _result(self, indicator_id: str, method: str, score: float) -> IndicatorMatch:
        return IndicatorMatch(indicator_id, self.by_id[indicator_id].name_zh, method, score)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def read_catalogue(path: Path = CATALOGUE_PATH) -> list[Indicator]:
    """Parse the catalogue CSV (patterns: one regex, top-level | separates alternatives)."""
    indicators = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pattern = row["patterns"].strip()
            indicators.append(Indicator(
                indicator_id=row["indicator_id"].strip(),
                name_zh=row["name_zh"].strip(),
                name_en=row["name_en"].strip(),
                unit=row["unit"].strip(),
                direction=row["direction"].strip(),
                lower_bound=_float_or_none(row["lower_bound"]),
                upper_bound=_float_or_none(row["upper_bound"]),
                nature=row["nature"].strip() or None,
                source=row["source"].strip(),
                synonyms=tuple(s.strip() for s in row["synonyms"].split("|") if s.strip()),
                pattern=re.compile(pattern) if pattern else None,
            ))
    return indicators


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The catalogue, read once per process."""
    return Catalogue(read_catalogue())


@lru_cache(maxsize=262_144)
def map_indicator(name: str, unit: str | None = None) -> IndicatorMatch:
    """Map an indicator name as written (and the fact's base unit) to a canonical indicator."""
    return load_catalogue().match(name, unit)


def get_indicator(indicator_id: str) -> Indicator | None:
    return load_catalogue().by_id.get(indicator_id)


def catalogue_frame():
    """The catalogue as a polars DataFrame (for the warehouse's dim_indicator)."""
    import polars as pl

    return pl.DataFrame(
        [{
            "indicator_id": ind.indicator_id, "name_zh": ind.name_zh, "name_en": ind.name_en,
            "unit": ind.unit, "direction": ind.direction, "lower_bound": ind.lower_bound,
            "upper_bound": ind.upper_bound, "nature": ind.nature, "source": ind.source,
            "synonyms": "|".join(ind.synonyms),
        } for ind in load_catalogue().indicators],
        schema={"indicator_id": pl.String, "name_zh": pl.String, "name_en": pl.String,
                "unit": pl.String, "direction": pl.String, "lower_bound": pl.Float64,
                "upper_bound": pl.Float64, "nature": pl.String, "source": pl.String,
                "synonyms": pl.String},
    )
