"""Target-versus-outcome rules: was a target met, how far along is it, is it on track.

Decision table (qualifier → comparison lives in pipelines/lexicons/qualifiers.csv):

| target written as                     | comparison     | met when                                   |
|---------------------------------------|----------------|--------------------------------------------|
| value_high given (6%-6.5%)            | range          | low ≤ outcome ≤ high                       |
| 以上 不低于 超 超过 余 至少 高于        | at_least       | outcome ≥ target                           |
| 以下 不超过 以内 控制在 低于 不高于     | at_most        | outcome ≤ target                           |
| 左右 约 近                             | approximately  | |outcome−target| ≤ 5% of |target|, or beyond the target in the indicator's good direction |
| no qualifier, higher_is_better        | at_least       | outcome ≥ target                           |
| no qualifier, lower_is_better         | at_most        | outcome ≤ target                           |
| no qualifier, neutral                 | approximately  | within ±5%                                 |

Status: met; otherwise partial when the outcome is an interim (mid-year) figure and the
annual target can still be reached, not_met when the outcome is final; pending when the
target or the outcome is missing. For changes (change=True: both values are deltas such as
提升3个百分点, 每年降低0.5个百分点以上) a negative target means "at least this much
decrease", so at_least/at_most apply to the size of the change in the target's sense.

Attainment: outcome/target for at_least and higher-is-better comparisons, target/outcome
for at_most and lower-is-better ones (range: the lower end for higher-is-better, the upper
end for lower-is-better, the midpoint for neutral); None when a denominator is zero or the
two values have opposite signs.
"""
from __future__ import annotations

import csv
import math
from functools import lru_cache
from pathlib import Path

QUALIFIERS_PATH = Path(__file__).resolve().parents[1] / "lexicons" / "qualifiers.csv"

APPROX_TOLERANCE = 0.05     # 左右/约/近: ±5% of the target, relative
APPROX_ABS_TOLERANCE = 0.5  # … or ±0.5 in the value's unit when the target is 0
ON_TRACK_RATIO = 0.95       # actual pace ≥ 95% of the required pace counts as on track
EPSILON = 1e-9              # float noise in comparisons (99.9999999 vs 100)

MET, NOT_MET, PARTIAL, PENDING = "met", "not_met", "partial", "pending"
AT_LEAST, AT_MOST, APPROXIMATELY, RANGE = "at_least", "at_most", "approximately", "range"


@lru_cache(maxsize=1)
def qualifier_comparisons() -> dict[str, str]:
    """Qualifier as written → comparison, from the lexicon."""
    with open(QUALIFIERS_PATH, encoding="utf-8", newline="") as handle:
        return {row["qualifier"].strip(): row["comparison"].strip() for row in csv.DictReader(handle)}


def comparison_for(target_qualifier: str | None, direction: str | None,
                   has_high: bool = False) -> str:
    """The comparison a target implies: the range, the qualifier, or else the indicator's direction."""
    if has_high:
        return RANGE
    if target_qualifier:
        comparison = qualifier_comparisons().get(target_qualifier.strip())
        if comparison:
            return comparison
    if direction == "higher_is_better":
        return AT_LEAST
    if direction == "lower_is_better":
        return AT_MOST
    return APPROXIMATELY


def _good_sign(direction: str | None) -> int:
    return {"higher_is_better": 1, "lower_is_better": -1}.get(direction or "", 0)


def _ratio(numerator: float, denominator: float) -> float | None:
    if denominator == 0 or (numerator != 0 and (numerator > 0) != (denominator > 0)):
        return None
    return round(numerator / denominator, 6)


def judge(target_value: float | None, target_value_high: float | None, target_qualifier: str | None,
          outcome_value: float | None, direction: str | None, interim: bool = False,
          change: bool = False) -> tuple[str, float | None]:
    """(status, attainment) of one outcome against one target; see the module docstring."""
    if target_value is None or outcome_value is None or _nan(target_value) or _nan(outcome_value):
        return PENDING, None
    low, high = target_value, target_value_high
    if high is not None and _nan(high):
        high = None  # a NaN upper end is no upper end (the SQL macro reads it the same way)
    if high is not None and high < low:
        low, high = high, low
    comparison = comparison_for(target_qualifier, direction, high is not None and high != low)
    target, outcome = low, outcome_value
    if change and target < 0 and comparison in (AT_LEAST, AT_MOST):
        # 降低0.5个百分点以上 is stored as -0.5: "at least" means at least that large a decrease
        comparison = AT_MOST if comparison == AT_LEAST else AT_LEAST

    if comparison == RANGE:
        met = low - EPSILON <= outcome <= high + EPSILON
        sign = _good_sign(direction)
        reference = low if sign > 0 else high if sign < 0 else (low + high) / 2
        attainment = _ratio(reference, outcome) if sign < 0 else _ratio(outcome, reference)
    elif comparison == AT_LEAST:
        met = outcome >= target - EPSILON
        attainment = _ratio(outcome, target)
    elif comparison == AT_MOST:
        met = outcome <= target + EPSILON
        attainment = _ratio(target, outcome)
    else:
        tolerance = APPROX_TOLERANCE * abs(target) if target else APPROX_ABS_TOLERANCE
        sign = _good_sign(direction)
        met = abs(outcome - target) <= tolerance + EPSILON or sign * (outcome - target) > 0
        attainment = _ratio(target, outcome) if sign < 0 else _ratio(outcome, target)
    if change and attainment is not None and target < 0:
        # both deltas negative: their ratio is already the share of the planned decrease achieved
        attainment = _ratio(outcome, target)
    if met:
        return MET, attainment
    return (PARTIAL if interim else NOT_MET), attainment


def _nan(value: float) -> bool:
    return isinstance(value, float) and math.isnan(value)


def on_track(baseline_value: float | None, baseline_year: int | None, target_value: float | None,
             target_year: int | None, outcome_value: float | None, outcome_year: int | None,
             direction: str | None) -> tuple[float | None, float | None, bool | None]:
    """(required_pace, actual_pace, on_track), Open SDG style with linear paces per year.

    required_pace = (target − baseline) / (target_year − baseline_year)
    actual_pace   = (outcome − baseline) / (outcome_year − baseline_year)
    On track when the outcome already satisfies the target, or when the actual pace, measured
    in the direction the target requires, is at least ON_TRACK_RATIO of the required pace.
    None for on_track when the inputs cannot tell (missing values, no elapsed years).
    """
    values = (baseline_value, baseline_year, target_value, target_year, outcome_value, outcome_year)
    if any(v is None for v in values) or target_year <= baseline_year:
        return None, None, None
    required = (target_value - baseline_value) / (target_year - baseline_year)
    actual = None
    if outcome_year > baseline_year:
        actual = (outcome_value - baseline_value) / (outcome_year - baseline_year)
    # the sense the target asks for: towards the target, or the indicator's good direction if flat
    sense = 1 if required > 0 else -1 if required < 0 else _good_sign(direction)
    if sense == 0:
        sense = 1
    if sense * (outcome_value - target_value) >= -EPSILON:
        return _round(required), _round(actual), True
    if actual is None:
        return _round(required), None, None
    if required == 0:
        return _round(required), _round(actual), sense * actual >= -EPSILON
    return _round(required), _round(actual), (actual / required) >= ON_TRACK_RATIO


def progress_status(required_pace: float | None, actual_pace: float | None) -> str | None:
    """Open SDG-like progress band from the ratio of actual to required pace."""
    if required_pace in (None, 0) or actual_pace is None:
        return None
    ratio = actual_pace / required_pace
    if ratio >= ON_TRACK_RATIO:
        return "substantial_progress"
    if ratio >= 0.5:
        return "moderate_progress"
    if ratio >= 0:
        return "limited_progress"
    return "deterioration"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
