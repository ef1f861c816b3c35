"""Canonical indicator catalogue and the mapping of indicator names as written to it.

The catalogue lives in `pipelines/lexicons/indicators.csv` (one row per canonical
indicator: id, Chinese and English name, base unit, direction, natural bounds,
plan nature, source, synonyms, one regex, fuzzy opt-out, measure). `measure` is
`change` for an indicator that is itself a growth rate or a decline (地区生产总值增长,
居民消费价格涨幅, 单位地区生产总值能耗降低) and `level` otherwise (地区生产总值, 城镇调查失业率).
`map_indicator(name, unit)` tries, on the normalised name and on variants with scope
words stripped: exact name → synonym → regex → fuzzy (character-bigram Jaccard or
head-final suffix containment), always refusing an indicator whose unit is incompatible
with the fact's unit (a % fact never maps to a count indicator; a count of persons
never maps to a count of institutions or beds).

A wrong mapping is worse than none (it pairs a target with an unrelated outcome), so
the rules lean to precision: an increment (新增X, 建设X) only maps to an increment
indicator; a growth name (X增长, X涨幅, X下降) only maps to a `change` indicator and any
other name only to a `level` one (地区生产总值增长 is never 地区生产总值, nor the reverse); a
subset (省级X, 团体X, 其他X) never maps to the whole by regex or fuzzy match; a fuzzy match
must end with the same head noun as the catalogue form and keep its population base
(每千人口 is not 每10万人口).
The labelled cases in tests/cases/indicator_mapping.json measure the result.
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

FUZZY_THRESHOLD = 0.6          # bigram Jaccard below this is not a match
FUZZY_MARGIN = 0.05            # a runner-up this close means the name is ambiguous: leave it unmapped
SUFFIX_MIN_CHARS = 4           # a catalogue form must be this long to match as a suffix
SUFFIX_MIN_COVERAGE = 0.45     # ... and cover this share of the (stripped) name

# Unit families: a fact may only map to an indicator of the same family (and, for counts, sub-family).
_UNIT_FAMILIES = {
    "rate": {"%", "‰", "/10万", "1/10万", "/万", "个百分点", "百分点", "百分比", "%/年", "百分点/年"},
    "count": {"人", "人次", "例", "家", "个", "张", "份", "场", "项", "名", "所", "支", "台", "次",
              "户", "户次", "床", "剂次", "剂", "件", "座", "间", "辆", "批", "处", "条", "套",
              "场次", "例次", "位", "对", "本", "种", "类", "块", "批次", "起", "篇", "册", "轮", "株", "期"},
    "money": {"元"},
    "duration": {"岁", "年", "天", "日", "分钟", "小时", "月", "个月", "周", "秒"},
    "mass": {"克", "千克", "公斤", "斤", "吨"},      # 粮食产量 is written in 斤 (1.3万亿斤) and in 吨
    "area": {"平方米", "亩", "平方公里"},
    "length": {"公里", "千米", "米"},
    "level": {"级", "星"},
}
_FAMILY_OF_UNIT = {u: fam for fam, units in _UNIT_FAMILIES.items() for u in units}
# What a count counts: 30名 recruits are not 30批 of recruitment, 12家 institutions are not 12人.
_COUNT_KINDS = {
    "persons": {"人", "名", "位", "人次", "例", "例次", "剂次", "剂", "对"},
    "households": {"户", "户次"},
    "institutions": {"家", "所", "座", "处"},
    "beds": {"张", "床"},
    "items": {"项", "件", "份", "篇", "册", "本", "套", "条", "块", "种", "类", "株"},
    "events": {"场", "场次", "次", "期", "轮", "批", "批次", "起"},
    "teams": {"支"},
    "equipment": {"台", "辆", "间"},
}
_KIND_OF_COUNT_UNIT = {u: kind for kind, units in _COUNT_KINDS.items() for u in units}
# 个 is the general classifier: it may stand for institutions, sites, items or teams, never persons or beds.
_GENERAL_CLASSIFIER = "个"
_GENERAL_CLASSIFIER_KINDS = {"institutions", "items", "teams", "equipment"}

# Increments: 新增10家 is not the stock of institutions; 建设N个 / 其他N家 count what is being added.
# 增加值 (value added) is no increment.
_INCREMENT = re.compile(r"新增|增加(?!值)|增设|新建|新设|新开|扩建|^建设|建设$|其他|其余")
# Words that make a name a subset of a catalogue quantity (省级普惠托育机构, 团体无偿献血, 高峰期排队时间,
# 乡镇卫生院门诊人次增长, 肺结核患者规范管理率 vs 管理率, 每千人口精神科执业医师数 vs 执业医师数):
# a regex or fuzzy match must not drop them.
_SUBSET_WORDS = re.compile(r"团体|其他|其余|部分|贫困|扶贫|高峰|窗口|试点|规范|卫生院|医院|社区卫生服务中心|"
                           r"精神科|儿科|中医类别")
_LEVEL_WORDS = re.compile(r"省级|市级|县级|区级|国家级|全国")
# Two quantities joined (一般人群和重点人群签约率): a match on one conjunct would misreport the other.
_CONJUNCTIONS = re.compile(r"和|与|及(?!以上|以下)")
_MAGNITUDE_PREFIX = re.compile(r"^(万|亿|千|百|十)+")
# The population a ratio is per (每千人口, 每万人口, 每10万人口): a fuzzy match must keep it, since
# 每千人口精神科医师数 and 每10万人口精神科医师数 differ a hundredfold.
_PER_BASE = re.compile(r"每(10万|十万|百万|千|万|百)")

# The measure word a Chinese indicator name ends with tells its family when no unit is given.
_RATE_HEAD = re.compile(r"(率|比例|比重|占比|比率|覆盖面|百分比)$")
_COUNT_HEAD = re.compile(r"(人数|人次|例数|个数|家数|床位|张数|份数|次数|数量|总数|数)$")
_COUNT_SUFFIX = re.compile(r"(数量|总数|数)$")

# Scope words, cue verbs and periods that may precede an indicator name; stripped one at a time
# so that an exact hit on the unstripped name (城乡居民医保…) wins over a stripped one. 城乡 stays on
# incomes: 城乡居民人均可支配收入分别… names the urban and the rural figure, not the all-residents one.
_PREFIXES = re.compile(
    r"^(全国|全省|全市|全区|全县|全州|全盟|全旗|全镇|全乡|全系统|全域|我省|我市|我区|我县|我州|我镇|"
    r"本省|本市|本区|本县|辖区内?|域内|区域内?|城乡(?!居民人均可支配收入|居民收入)|居民|常住人口|户籍人口|"
    r"全年度?|年度|年内|上半年|下半年|"
    r"一季度|前三季度|当年|今年|去年|目前|截至目前|截至|截止目前|截止|至今|累计|力争|确保|争取|实现|完成|"
    r"提高|提升|降低|下降|推进|持续|进一步|其中|同时|以及|和|及|的|其|总体|整体|平均|全面|"
    r"组建成?|成立|创建|建成|建立|举办了?|开展了?|组织|成功|[*Xx×某]{1,4}(省|市|区|县|州))"
)
_YEAR_PREFIX = re.compile(r"^(到|至|截至|截止)?(\d{2,4}|[*Xx×某]{1,4})年(底|末|度|内|前)?(前)?")
_SUFFIXES = re.compile(r"(分别达到|分别达|分别为|均达到|均达|已达到|已达|达到|提高到|提升到|提升至|提高至|"
                       r"降低到|降低至|下降到|下降至|控制在|保持在|稳定在|保持|超过|不低于|不高于|不超过|达|为|均|分别)$")

# A change stated in percentage points (签约率提高2.1个百分点) measures the rate it changes: the verb is
# dropped only for such units, so 签约率提高10% (relative or level?) stays unmapped.
_CHANGE_SUFFIX = re.compile(r"(同比|较上年同期|较去年同期|比上年同期|比去年同期|较上年|较去年|比上年|比去年)?(提高|提升|增长|上升|下降|降低|减少|增加)了?$")
_CHANGE_UNITS = {"个百分点", "百分点", "百分点/年"}
# A name that ends with a growth or decline word names a change (地区生产总值增长, 居民消费价格涨幅,
# 单位GDP能耗下降, 门急诊人次增长率): it maps only to a `change` indicator, any other name only to a `level` one.
_CHANGE_NAME = re.compile(r"(增长|增速|增幅|涨幅|上涨|上升|降幅|下降|降低|减少|减缓|提高|提升|增加)(率|幅度|速度)?$")
MEASURES = ("level", "change")

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
    fuzzy: bool = True       # False: only exact, synonym and regex hits (乡镇卫生院 in 12家乡镇卫生院开通… is no stock)
    measure: str = "level"   # 'change': the indicator is itself a growth rate or decline (GDP增长, CPI涨幅); else 'level'


@dataclass(frozen=True)
class IndicatorMatch:
    indicator_id: str | None
    name_zh: str | None
    method: str | None       # 'exact' | 'synonym' | 'pattern' | 'fuzzy' | 'sibling' (refresh/marts.py) | None
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


def count_kind(unit: str | None) -> str | None:
    """What a count unit counts ('persons', 'institutions', 'beds', …); None for 个, other families or no unit."""
    if unit is None:
        return None
    unit = _MAGNITUDE_PREFIX.sub("", unicodedata.normalize("NFKC", unit).strip()) or unit
    return _KIND_OF_COUNT_UNIT.get(unit)


def _kinds_compatible(fact_unit: str | None, indicator_unit: str | None) -> bool:
    fact_kind, indicator_kind = count_kind(fact_unit), count_kind(indicator_unit)
    if fact_kind and indicator_kind:
        return fact_kind == indicator_kind
    bare = {_MAGNITUDE_PREFIX.sub("", (u or "").strip()) for u in (fact_unit, indicator_unit)}
    if _GENERAL_CLASSIFIER in bare:
        other = fact_kind or indicator_kind
        return other is None or other in _GENERAL_CLASSIFIER_KINDS
    return True


def is_increment(name: str) -> bool:
    """新增/建设/其他 …: the name counts what was added, not the stock."""
    return bool(_INCREMENT.search(normalise_name(name)))


def is_change_name(name: str) -> bool:
    """X增长 / X涨幅 / X下降 …: the name states a growth or decline, not a level."""
    return bool(_CHANGE_NAME.search(normalise_name(name)))


def _head(text: str) -> str:
    """The head noun a name ends with: its last two characters once a trailing 数 is dropped (理率, 患者, 床位)."""
    bare = _COUNT_SUFFIX.sub("", text)
    return (bare if len(bare) >= 2 else text)[-2:]


def _qualifiers(variant: str, unit: str | None) -> frozenset[str]:
    """Subset words (省级, 团体, 高峰 …) and conjunctions (和) in a name: a match must not drop them."""
    words = set(_SUBSET_WORDS.findall(variant)) | set(_CONJUNCTIONS.findall(variant))
    if count_kind(unit) != "persons":   # 区级流调队伍 is the team itself; 省级托育机构 is a subset of institutions
        words |= set(_LEVEL_WORDS.findall(variant))
    return frozenset(words)


def _drops_qualifier(variant: str, form: str, unit: str | None) -> bool:
    """True when the name carries a subset word or joins two quantities where the catalogue form does not."""
    return any(word not in form for word in _qualifiers(variant, unit))


def _per_base(text: str) -> str | None:
    match = _PER_BASE.search(text)
    return match.group(1).replace("十万", "10万") if match else None


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
        self._increment = {ind.indicator_id: is_increment(ind.name_zh) for ind in indicators}
        self._change = {ind.indicator_id: ind.measure == "change" for ind in indicators}
        self._all_forms = {ind.indicator_id: "|".join((ind.name_zh, *ind.synonyms)) for ind in indicators}
        self._form_head = [_head(form) for form, _, _ in self.forms]
        self._form_per_base = [_per_base(form) for form, _, _ in self.forms]
        self.bigram_index: dict[str, list[int]] = {}
        for i, (_, _, grams) in enumerate(self.forms):
            for gram in grams:
                self.bigram_index.setdefault(gram, []).append(i)

    def compatible(self, indicator_id: str, family: str | None, unit: str | None = None,
                   increment: bool | None = None, change: bool | None = None) -> bool:
        """Same unit family (and count kind when the fact's unit is known); an increment name only
        maps to an increment indicator and a stock name never does (when `increment` is given); a
        growth name only maps to a `change` indicator and any other name never does (when `change` is given)."""
        indicator_family = self._family[indicator_id]
        if not (family is None or indicator_family is None or family == indicator_family):
            return False
        if unit is not None and not _kinds_compatible(unit, self.by_id[indicator_id].unit or None):
            return False
        if change is not None and change != self._change[indicator_id]:
            return False
        return increment is None or increment == self._increment[indicator_id]

    def match(self, name: str, unit: str | None) -> IndicatorMatch:
        if not name or not name.strip():
            return UNMAPPED
        variants = name_variants(name)
        if unit is not None and unit.strip() in _CHANGE_UNITS:
            variants = [v for variant in variants for v in dict.fromkeys((variant, _CHANGE_SUFFIX.sub("", variant)))]
        family = unit_family(unit)
        increment = is_increment(name)
        for variant in variants:
            indicator_id = self.exact.get(variant)
            if indicator_id and self.compatible(indicator_id, family, unit, increment, _is_change(variant)):
                return self._result(indicator_id, "exact", 1.0)
        for variant in variants:
            for indicator_id in self.synonym.get(variant, ()):
                if self.compatible(indicator_id, family, unit, increment, _is_change(variant)):
                    return self._result(indicator_id, "synonym", 1.0)
        for variant in variants:
            hits = [ind.indicator_id for ind in self.indicators
                    if ind.pattern is not None and ind.pattern.fullmatch(variant)
                    and self.compatible(ind.indicator_id, family, unit, increment, _is_change(variant))
                    and not _drops_qualifier(variant, self._all_forms[ind.indicator_id], unit)]
            if hits:
                # several regexes may accept a name: keep the one whose canonical name is closest
                grams = _bigrams(variant)
                best = max(hits, key=lambda i: _jaccard(grams, _bigrams(normalise_name(self.by_id[i].name_zh))))
                return self._result(best, "pattern", 0.9)
        return self._fuzzy(variants, family, unit, increment)

    def _fuzzy(self, variants: list[str], family: str | None, unit: str | None, increment: bool) -> IndicatorMatch:
        score_by_id: dict[str, float] = {}
        for variant in variants:
            if len(variant) < 2:
                continue
            fact_family = family or head_family(variant)
            grams = _bigrams(variant)
            candidates = {i for gram in grams for i in self.bigram_index.get(gram, ())}
            head, qualifiers, change = _head(variant), _qualifiers(variant, unit), _is_change(variant)
            per_base = _per_base(variant)
            for i in candidates:
                form, indicator_id, form_grams = self.forms[i]
                # head-final nouns: 社区家庭医生工作站 is not a 家庭医生工作室, 窗口满意率保持 is no rate at all
                if self._form_head[i] != head or any(word not in form for word in qualifiers):
                    continue
                if self._form_per_base[i] != per_base:
                    continue
                if not self.by_id[indicator_id].fuzzy or not self.compatible(
                        indicator_id, fact_family, unit, increment, change):
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


def _is_change(variant: str) -> bool:
    """is_change_name on an already normalised variant."""
    return bool(_CHANGE_NAME.search(variant))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def read_catalogue(path: Path = CATALOGUE_PATH) -> list[Indicator]:
    """Parse the catalogue CSV (patterns: one regex, top-level | separates alternatives; fuzzy: 'no'
    keeps an indicator out of fuzzy matching; measure: 'level' or 'change', level when blank)."""
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
                fuzzy=(row.get("fuzzy") or "yes").strip() != "no",
                measure=_measure(row),
            ))
    return indicators


def _measure(row: dict[str, str]) -> str:
    measure = (row.get("measure") or "level").strip() or "level"
    if measure not in MEASURES:
        raise ValueError(f"indicator {row['indicator_id']!r}: measure must be one of {MEASURES}, not {measure!r}")
    return measure


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
            "synonyms": "|".join(ind.synonyms), "measure": ind.measure,
        } for ind in load_catalogue().indicators],
        schema={"indicator_id": pl.String, "name_zh": pl.String, "name_en": pl.String,
                "unit": pl.String, "direction": pl.String, "lower_bound": pl.Float64,
                "upper_bound": pl.Float64, "nature": pl.String, "source": pl.String,
                "synonyms": pl.String, "measure": pl.String},
    )
