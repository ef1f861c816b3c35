"""Attainment rules: the decision table (qualifier × direction × interim), ranges, changes, on-track."""
from __future__ import annotations

import itertools
import math
import random

import polars as pl
import pytest

from pipelines.catalogue.attainment import (
    comparison_for,
    judge,
    on_track,
    progress_status,
    qualifier_comparisons,
)

AT_LEAST_QUALIFIERS = ["以上", "不低于", "超", "超过", "余", "至少"]
AT_MOST_QUALIFIERS = ["以下", "不超过", "以内", "控制在", "低于"]
APPROX_QUALIFIERS = ["左右", "约", "近"]
DIRECTIONS = ["higher_is_better", "lower_is_better", "neutral"]


def test_every_facts_md_qualifier_has_a_comparison():
    table = qualifier_comparisons()
    for qualifier in ["以上", "以下", "左右", "余", "近", "约", "超", "不低于", "不超过", "以内", "控制在"]:
        assert table[qualifier] in ("at_least", "at_most", "approximately")


# qualifier wins over direction: the text states the comparison outright
@pytest.mark.parametrize("qualifier", AT_LEAST_QUALIFIERS)
@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("interim", [False, True])
@pytest.mark.parametrize("outcome, final_status", [(92.0, "met"), (90.0, "met"), (85.0, "not_met")])
def test_at_least_qualifiers(qualifier, direction, interim, outcome, final_status):
    status, _ = judge(90.0, None, qualifier, outcome, direction, interim, False)
    expected = "partial" if (final_status == "not_met" and interim) else final_status
    assert status == expected


@pytest.mark.parametrize("qualifier", AT_MOST_QUALIFIERS)
@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("interim", [False, True])
@pytest.mark.parametrize("outcome, final_status", [(4.8, "met"), (5.2, "met"), (5.6, "not_met")])
def test_at_most_qualifiers(qualifier, direction, interim, outcome, final_status):
    status, _ = judge(5.2, None, qualifier, outcome, direction, interim, False)
    expected = "partial" if (final_status == "not_met" and interim) else final_status
    assert status == expected


# 左右/约/近: ±5% relative; beyond the target in the good direction also counts as met
@pytest.mark.parametrize("qualifier", APPROX_QUALIFIERS)
@pytest.mark.parametrize("interim", [False, True])
@pytest.mark.parametrize("direction, outcome, final_status", [
    ("higher_is_better", 96.0, "met"),      # within 5% of 100
    ("higher_is_better", 94.0, "not_met"),
    ("higher_is_better", 120.0, "met"),     # exceeded
    ("lower_is_better", 104.0, "met"),
    ("lower_is_better", 80.0, "met"),       # better than target
    ("lower_is_better", 106.0, "not_met"),
    ("neutral", 104.9, "met"),
    ("neutral", 94.0, "not_met"),
    ("neutral", 106.0, "not_met"),          # neutral: no good direction to exceed in
])
def test_approximate_qualifiers(qualifier, interim, direction, outcome, final_status):
    status, _ = judge(100.0, None, qualifier, outcome, direction, interim, False)
    expected = "partial" if (final_status == "not_met" and interim) else final_status
    assert status == expected


# no qualifier: the indicator's direction decides
@pytest.mark.parametrize("direction, outcome, interim, status", [
    ("higher_is_better", 80.0, False, "met"),
    ("higher_is_better", 79.9, False, "not_met"),
    ("higher_is_better", 60.0, True, "partial"),     # mid-year figure short of the annual target
    ("lower_is_better", 14.3, False, "met"),         # 孕产妇死亡率 ≤ 14.5
    ("lower_is_better", 14.5, False, "met"),
    ("lower_is_better", 16.1, False, "not_met"),
    ("lower_is_better", 16.1, True, "partial"),
    ("neutral", 80.0, False, "met"),
    ("neutral", 70.0, False, "not_met"),
])
def test_no_qualifier_follows_direction(direction, outcome, interim, status):
    target = 14.5 if direction == "lower_is_better" else 80.0
    assert judge(target, None, None, outcome, direction, interim, False)[0] == status


@pytest.mark.parametrize("low, high, outcome, interim, status", [
    (6.0, 6.5, 6.2, False, "met"),
    (6.0, 6.5, 6.0, False, "met"),
    (6.0, 6.5, 6.5, False, "met"),
    (6.0, 6.5, 5.9, False, "not_met"),
    (6.0, 6.5, 6.9, False, "not_met"),
    (6.0, 6.5, 5.0, True, "partial"),
    (6.5, 6.0, 6.2, False, "met"),      # range written high-low
])
def test_ranges_are_met_inside(low, high, outcome, interim, status):
    assert judge(low, high, None, outcome, "higher_is_better", interim, False)[0] == status


@pytest.mark.parametrize("target, outcome, status", [
    (-0.5, -0.7, "met"),       # 每年降低0.5个百分点以上, fell 0.7
    (-0.5, -0.5, "met"),
    (-0.5, -0.3, "not_met"),   # fell, but not enough
    (-0.5, 0.2, "not_met"),    # rose
])
def test_changes_with_negative_targets_compare_the_size_of_the_decrease(target, outcome, status):
    assert judge(target, None, "以上", outcome, "lower_is_better", False, True)[0] == status


def test_change_growth_cap():
    # 医疗费用增长控制在10%以内
    assert judge(10.0, None, "以内", 8.0, "lower_is_better", False, True)[0] == "met"
    assert judge(10.0, None, "以内", 12.0, "lower_is_better", False, True)[0] == "not_met"


@pytest.mark.parametrize("target, high, qualifier, outcome, direction, change, attainment", [
    (90.0, None, "以上", 99.0, "higher_is_better", False, 1.1),
    (14.5, None, None, 14.5, "lower_is_better", False, 1.0),
    (5.0, None, "以下", 4.0, "lower_is_better", False, 1.25),        # target/outcome
    (5.0, None, "以下", 0.0, "lower_is_better", False, None),        # undefined
    (0.0, None, "以上", 3.0, "higher_is_better", False, None),
    (6.0, 6.5, None, 6.3, "higher_is_better", False, 1.05),          # against the low end
    (-0.5, None, "以上", -0.7, "lower_is_better", True, 1.4),        # share of the planned decrease
])
def test_attainment_ratio(target, high, qualifier, outcome, direction, change, attainment):
    _, value = judge(target, high, qualifier, outcome, direction, False, change)
    assert value == (pytest.approx(attainment) if attainment is not None else None)


@pytest.mark.parametrize("target, outcome", [(None, 90.0), (90.0, None), (None, None)])
def test_missing_values_are_pending(target, outcome):
    assert judge(target, None, "以上", outcome, "higher_is_better", False, False) == ("pending", None)


def test_unknown_qualifier_falls_back_to_direction():
    assert comparison_for("大概", "lower_is_better") == "at_most"
    assert comparison_for(None, "higher_is_better", has_high=True) == "range"


# (baseline, baseline_year, target, target_year, outcome, outcome_year, direction) → on track?
ON_TRACK = [
    # 人均预期寿命 77.93 (2020) → 78.93 (2025); 2023 = 78.6: pace 0.223/yr ≥ 0.2 → on track
    ((77.93, 2020, 78.93, 2025, 78.6, 2023, "higher_is_better"), 0.2, 0.223333, True),
    # 孕产妇死亡率 16.9 → 14.5; 2022 = 15.7: −0.6/yr vs −0.48 required
    ((16.9, 2020, 14.5, 2025, 15.7, 2022, "lower_is_better"), -0.48, -0.6, True),
    # slow progress: 37.2 → 38.5 needs 0.26/yr, 2022 reached only 37.3
    ((37.2, 2020, 38.5, 2025, 37.3, 2022, "higher_is_better"), 0.26, 0.05, False),
    # deterioration
    ((27.7, 2020, 27.0, 2025, 28.0, 2022, "lower_is_better"), -0.14, 0.15, False),
    # target already reached early
    ((5.4, 2020, 5.2, 2025, 4.5, 2023, "lower_is_better"), -0.04, -0.3, True),
]


@pytest.mark.parametrize("args, required, actual, expected", ON_TRACK)
def test_on_track(args, required, actual, expected):
    required_pace, actual_pace, verdict = on_track(*args)
    assert required_pace == pytest.approx(required)
    assert actual_pace == pytest.approx(actual)
    assert verdict is expected


@pytest.mark.parametrize("args", [
    (None, 2020, 78.93, 2025, 78.6, 2023, "higher_is_better"),
    (77.93, 2025, 78.93, 2025, 78.6, 2023, "higher_is_better"),    # no time to the target
])
def test_on_track_undefined(args):
    assert on_track(*args)[2] is None


def test_progress_bands():
    assert progress_status(0.2, 0.25) == "substantial_progress"
    assert progress_status(0.2, 0.12) == "moderate_progress"
    assert progress_status(0.2, 0.02) == "limited_progress"
    assert progress_status(0.2, -0.1) == "deterioration"
    assert progress_status(0.0, 0.1) is None


# -------------------------------------------------- the same rules in SQL (sql/marts/attainment_rules.sql)
def _judgement_cases() -> list[tuple]:
    """(target, high, qualifier, outcome, direction, interim, change): the table's corners, then random figures."""
    qualifiers = [None, "", " 以上 ", "\u3000以内", "大概", *qualifier_comparisons()]
    directions = [*DIRECTIONS, None]
    cases = []
    for target in (-12.5, -0.5, 0.0, 0.3, 5.2, 90.0, 128.0):
        # none, degenerate, a range, a range written high-low, NaN (no upper end, in SQL as in Python)
        highs = (None, target, target + 1.5, target - 0.7, math.nan)
        # on and around the target, its ±5% band, the opposite sign, zero, beyond in both senses
        outcomes = (target, target + 1e-10, target - 2e-9, target * 1.05, target * 0.95, target * 1.0500001,
                    -target, 0.0, target + 0.5, target - 0.5, target * 2 + 1, 1.0, -3.7)
        for high, qualifier, outcome, direction, interim, change in itertools.product(
                highs, qualifiers, outcomes, directions, (False, True), (False, True)):
            cases.append((target, high, qualifier, outcome, direction, interim, change))
    rng = random.Random(20261130)
    for _ in range(20_000):  # figures with few decimals: their ratios often sit on a rounding tie
        target = round(rng.uniform(-150, 150), rng.choice((0, 1, 2, 3)))
        high = rng.choice((None, None, round(target + rng.uniform(-20, 20), rng.choice((0, 1, 2)))))
        outcome = round(rng.choice((target, 1.0, -1.0)) * rng.uniform(-2, 2), rng.choice((0, 1, 2, 3, 4)))
        cases.append((target, high, rng.choice(qualifiers), outcome, rng.choice(directions),
                      rng.random() < 0.5, rng.random() < 0.5))
    cases += [(None, None, "以上", 90.0, "higher_is_better", False, False),
              (90.0, None, "以上", None, "higher_is_better", True, False)]
    return cases


def _same_float(a: float | None, b: float | None) -> bool:
    return a is None and b is None or (a is not None and b is not None and float(a).hex() == float(b).hex())


def test_sql_judgement_equals_judge():
    """judged_pairs gives judge()'s status and attainment, to the bit, on every combination."""
    import duckdb

    from pipelines.refresh.marts import install_attainment_rules

    cases = _judgement_cases()
    frame = pl.DataFrame(
        [(i, *case) for i, case in enumerate(cases)], orient="row",
        schema={"case_id": pl.Int64, "target_value": pl.Float64, "target_value_high": pl.Float64,
                "target_qualifier": pl.String, "outcome_value": pl.Float64, "direction": pl.String,
                "interim": pl.Boolean, "is_change": pl.Boolean})
    con = duckdb.connect()
    install_attainment_rules(con)
    con.register("attainment_cases", frame.to_arrow())
    rows = con.sql("SELECT case_id, status, attainment FROM judged_pairs('attainment_cases') "
                   "ORDER BY case_id").fetchall()
    assert len(rows) == len(cases)
    statuses = set()
    mismatches = []
    for (case_id, status, attainment), case in zip(rows, cases):
        expected = judge(*case[:5], interim=case[5], change=case[6])
        statuses.add(expected[0])
        if status != expected[0] or not _same_float(attainment, expected[1]):
            mismatches.append((case, (status, attainment), expected))
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ, e.g. {mismatches[:5]}"
    assert statuses == {"met", "not_met", "partial", "pending"}
