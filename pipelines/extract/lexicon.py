"""Loads the extraction lexicons from `pipelines/lexicons/*.json` and compiles them into regexes once."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipelines.text.regexscan import compile_prefiltered as scanner
from pipelines.text.regexscan import with_lookahead

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"

AR_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# 万/亿 inside a numeral only when more digits follow (一万五千); a trailing 万 is a magnitude (一万元)
CN_NUM = r"[零〇一二两三四五六七八九十百千]+(?:[万亿][零〇一二两三四五六七八九十百千]+)*(?:点[零〇一二三四五六七八九]+)?"
# a numeral must not continue another number, an identifier or a Chinese numeral
_NUM_START = r"(?<![\d.A-Za-z零〇一二两三四五六七八九十百千万亿])"


# a colon between digits is a ratio (医护比1:1.53), not a clause break. The one leading class lets re skip to
# candidates in C; the readable form is CLAUSE_BREAK_SPEC, and a test holds the two equal
CLAUSE_BREAK_SPEC = r"[,，;；。!！?？\n]|(?<!\d)[:：]|[:：](?!\d)"
CLAUSE_BREAK = r"[,，;；。!！?？\n:：](?<!\d[:：](?=\d))"


def _load(name: str) -> dict:
    with open(LEXICON_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


def _alt(words) -> str:
    """One alternation, longest first so 以上 never shadows 及以上."""
    return "|".join(sorted(words, key=len, reverse=True))


def _alt_literal(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _unname(patterns) -> list[str]:
    """Year cues share the group name `y`; an alternation may not, so they become plain groups."""
    return [p.replace("?P<y>", "") for p in patterns]


def _unit_factors(units, magnitudes) -> dict:
    """Units written with a magnitude in front (万元, 亿人次) → that magnitude; the first listed prefix wins."""
    factors = {}
    for written in units:
        for prefix, mult in magnitudes.items():
            if written.startswith(prefix) and len(written) > len(prefix):
                factors[written] = mult
                break
    return factors


@dataclass(frozen=True)
class Lexicon:
    value_re: re.Pattern
    exclusion_re: re.Pattern
    exclusion_reach: int
    units: dict
    arabic_only_units: frozenset
    magnitudes: dict
    percent_words: dict
    prefix_qualifiers: dict
    suffix_qualifiers: dict
    bounds: dict
    preceded_by: tuple            # (width, frozenset of words that wide), widest first
    unit_factors: dict            # written unit → the magnitude it carries (万元 → 10000)
    followed_by_re: re.Pattern
    cn_excluded: frozenset
    cn_kept_units: frozenset
    cn_kept_final_units: frozenset
    cn_kept_final_re: re.Pattern
    cn_kept_not_after_re: re.Pattern
    cn_kept_not_before_re: re.Pattern
    population_units: frozenset
    population_re: re.Pattern
    per_rate_prefixes: tuple
    bare_part_re: re.Pattern
    bare_part_gap: int
    bare_part_no_share: frozenset
    bare_magnitude_re: re.Pattern
    bare_magnitude_nouns: dict
    target_re: re.Pattern
    outcome_strong_re: re.Pattern
    standard_before_re: re.Pattern
    standard_after_re: re.Pattern
    target_after_re: re.Pattern
    baseline_from_re: re.Pattern
    baseline_after_re: re.Pattern
    all_of_re: re.Pattern
    completion_share_re: re.Pattern
    change_re: re.Pattern
    change_kind: dict
    change_to_re: re.Pattern
    plan_parts: frozenset
    plan_report_kinds: frozenset
    year_target_re: re.Pattern
    year_outcome_re: re.Pattern
    year_baseline_re: re.Pattern
    year_list_re: re.Pattern
    baseline_note_re: re.Pattern
    list_item_re: re.Pattern
    scope_re: re.Pattern
    lead_fillers_re: re.Pattern
    time_expression_re: re.Pattern
    list_head_re: re.Pattern
    tail_verbs_re: re.Pattern
    action_verbs_re: re.Pattern
    post_stops_re: re.Pattern
    generic_after_re: re.Pattern
    stock_cue_re: re.Pattern
    flow_prefix_re: re.Pattern
    list_split_re: re.Pattern
    list_gap_re: re.Pattern
    level_re: re.Pattern
    generic_head_re: re.Pattern
    subject_noun_re: re.Pattern
    comparison_re: re.Pattern
    share_re: re.Pattern
    change_tail_re: re.Pattern
    clause_break_re: re.Pattern
    result_verb_re: re.Pattern
    stated_target_re: re.Pattern
    plan_only_target_re: re.Pattern
    planned_comparison_re: re.Pattern
    change_word_re: re.Pattern
    cue_name_re: re.Pattern
    cue_filler_re: re.Pattern


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    units_lx = _load("units.json")
    qual_lx = _load("qualifiers.json")
    cues = _load("cues.json")
    excl = _load("exclusions.json")
    naming = _load("naming.json")

    not_followed = units_lx.get("not_followed_by", {})
    unit_alts = []
    for unit in sorted(units_lx["units"], key=len, reverse=True):
        guard = f"(?!{not_followed[unit]})" if unit in not_followed else ""
        unit_alts.append(re.escape(unit) + guard)
    # a number not followed by a unit is the common case: one class test rejects it before ~200 alternatives
    unit_re = with_lookahead("|".join(unit_alts))
    mag_re = _alt_literal(units_lx["magnitudes"])
    qpre = _alt_literal(qual_lx["prefix"])
    suffix_guard = qual_lx.get("suffix_not_followed_by", {})
    qsuf = "|".join(
        re.escape(w) + (f"(?!{suffix_guard[w]})" if w in suffix_guard else "")
        for w in sorted(qual_lx["suffix"], key=len, reverse=True)
    )
    pctw = _alt_literal(units_lx["percent_words"])
    num = f"(?:{AR_NUM}|{CN_NUM})"
    value_re = scanner(
        rf"(?:(?P<qpre>{qpre})[ \t]*)?"
        rf"(?P<body>"
        rf"(?P<pctw>{pctw})(?P<pnum>{num})"
        rf"|(?P<neg>(?<=[为是达:：])[-−－])?{_NUM_START}(?P<n1>{num})"
        rf"(?:[ \t]*(?P<u1>{unit_re})?[ \t]*(?P<sep>-{{1,2}}|—{{1,2}}|–|~|～|至)[ \t]*(?P<n2>{num}))?"
        rf"[ \t]*(?P<yu1>余|多)?(?P<mag>{mag_re})?(?P<yu2>余|多)?[ \t]*(?P<unit>{unit_re})"
        rf")(?P<qsuf>{qsuf})?"
    )

    def one(patterns) -> re.Pattern:
        return scanner("|".join(f"(?:{p})" for p in patterns))

    change_kind = {}
    for direction, verbs in cues["change_verbs"].items():
        for verb in verbs:
            change_kind[verb] = direction
    return Lexicon(
        value_re=value_re,
        # the lookahead lets the scan skip, in one class test, the many positions no pattern can start at
        exclusion_re=one(excl["span_patterns"]),
        exclusion_reach=excl["reach"],
        units=units_lx["units"],
        arabic_only_units=frozenset(units_lx.get("arabic_only", ())),
        magnitudes=units_lx["magnitudes"],
        percent_words=units_lx["percent_words"],
        prefix_qualifiers=qual_lx["prefix"],
        suffix_qualifiers=qual_lx["suffix"],
        bounds=qual_lx["bounds"],
        preceded_by=tuple(
            (width, frozenset(w for w in excl["preceded_by"] if len(w) == width))
            for width in sorted({len(w) for w in excl["preceded_by"]}, reverse=True)
        ),
        unit_factors=_unit_factors(units_lx["units"], units_lx["magnitudes"]),
        followed_by_re=scanner("|".join(excl["followed_by"])),
        cn_excluded=frozenset(excl["cn_excluded_numerals"]),
        cn_kept_units=frozenset(excl["cn_excluded_kept"]["units"]),
        cn_kept_final_units=frozenset(excl["cn_excluded_kept"]["clause_final_units"]),
        cn_kept_final_re=re.compile(excl["cn_excluded_kept"]["clause_final"]),
        cn_kept_not_after_re=re.compile(excl["cn_excluded_kept"]["not_after"]),
        cn_kept_not_before_re=re.compile(excl["cn_excluded_kept"]["not_before"]),
        population_units=frozenset(excl["population_units"]),
        population_re=scanner(excl["population_words"]),
        per_rate_prefixes=tuple(units_lx["per_rate_prefixes"]),
        bare_part_re=scanner(units_lx["bare_part"]["pattern"], re.M),
        bare_part_gap=units_lx["bare_part"]["max_gap"],
        bare_part_no_share=frozenset(units_lx["bare_part"]["no_share_units"]),
        bare_magnitude_re=scanner(units_lx["bare_magnitude"]["pattern"], re.M),
        bare_magnitude_nouns=units_lx["bare_magnitude"]["nouns"],
        target_re=one(cues["target"]),
        outcome_strong_re=one(cues["outcome_strong"]),
        standard_before_re=one(cues["standard_before"]),
        standard_after_re=one(cues["standard_after"]),
        target_after_re=one(cues["target_after"]),
        baseline_from_re=one(cues["baseline_from"]),
        baseline_after_re=re.compile(cues["baseline_after"]),
        all_of_re=re.compile(cues["all_of"]),
        completion_share_re=re.compile(cues["completion_share"]),
        # 增长率/下降率 name a rate, not a change
        change_re=scanner(f"(?:{_alt_literal(change_kind)})(?!率)"),
        change_kind=change_kind,
        change_to_re=one(cues["change_to"]),
        plan_parts=frozenset(cues["plan_parts"]),
        plan_report_kinds=frozenset(cues["plan_report_kinds"]),
        year_target_re=one(_unname(cues["year_target"])),
        year_outcome_re=one(_unname(cues["year_outcome"])),
        year_baseline_re=one(_unname(cues["year_baseline"])),
        year_list_re=scanner(cues["year_list"]),
        baseline_note_re=scanner(cues["baseline_note"]),
        list_item_re=re.compile(cues["list_item"]),
        scope_re=scanner(naming["scope"]),
        lead_fillers_re=scanner("^(?:" + "|".join(naming["lead_fillers"]) + ")"),
        time_expression_re=scanner(naming["time_expression"]),
        list_head_re=scanner(naming["list_head"]),
        tail_verbs_re=scanner("(?:" + "|".join(naming["tail_verbs"]) + ")$"),
        action_verbs_re=scanner(naming["action_verbs"]),
        post_stops_re=scanner(naming["post_stops"]),
        generic_after_re=re.compile(naming["generic_after"]),
        stock_cue_re=re.compile(naming["stock_restated"]["cue"]),
        flow_prefix_re=re.compile(naming["stock_restated"]["flow_prefix"]),
        list_split_re=re.compile(naming["list_items_split"]),
        list_gap_re=re.compile(naming["list_gap"]),
        level_re=scanner(naming["levels"]),
        generic_head_re=scanner("(?:" + _alt(naming["generic_heads"]) + ")$"),
        subject_noun_re=scanner(naming["subject_nouns"]),
        comparison_re=scanner(naming["comparison_words"]),
        share_re=scanner(naming["share"]),
        # 门诊量比上年增长 → 门诊量: the subject a share of it is about
        change_tail_re=scanner(f"(?:{naming['comparison_words']})?(?:{_alt_literal(change_kind)})$"),
        clause_break_re=re.compile(CLAUSE_BREAK),
        result_verb_re=scanner(cues["result_verbs"]),
        stated_target_re=re.compile(cues["stated_target"]),
        plan_only_target_re=re.compile(cues["plan_only_target"]),
        planned_comparison_re=re.compile(cues["planned_comparison"]),
        change_word_re=scanner(cues["change_words"]),
        cue_name_re=re.compile(naming["cue_names"]),
        cue_filler_re=re.compile(naming["cue_name_fillers"]),
    )
