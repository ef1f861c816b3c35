"""Name linking (pipelines/catalogue/linking.py) on the labelled pairs of tests/cases/name_links.json.

A wrong link is worse than none: at the calibrated threshold the pairs must be linked with precision ≥ 0.97;
recall is held where it was measured (docs/LINKING.md) so a lexicon change that loses links shows up.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipelines.catalogue.linking import NameGroups, linking_lexicon, name_key, similarity

PAIRS = json.loads((Path(__file__).parent / "cases" / "name_links.json").read_text(encoding="utf-8"))["pairs"]


def _scores(threshold: float) -> tuple[float, float]:
    linked = [(similarity(p["target"], p["outcome"]) >= threshold, p["same"]) for p in PAIRS]
    tp = sum(1 for got, same in linked if got and same)
    fp = sum(1 for got, same in linked if got and not same)
    positives = sum(1 for _got, same in linked if same)
    return (tp / (tp + fp) if tp + fp else 1.0), tp / positives


def test_calibrated_threshold_is_precise():
    precision, recall = _scores(linking_lexicon().threshold)
    assert precision >= 0.97, precision
    assert recall >= 0.80, recall


def test_a_lower_threshold_would_link_wrongly():
    """The threshold is not arbitrary: 10 points lower, the labelled negatives start to link."""
    precision, _recall = _scores(linking_lexicon().threshold - 10)
    assert precision < 0.97


def test_action_and_scope_words_do_not_make_a_new_indicator():
    assert name_key("新建智慧健康驿站") == name_key("建成智慧健康驿站")
    assert name_key("安排基层能力建设资金") == name_key("下达基层能力建设资金")
    assert name_key("全县再新增托位") == name_key("新增托位")


def test_what_tells_indicators_apart_is_kept():
    assert similarity("省级健康促进学校", "市级健康促进学校") == 0
    assert similarity("新增托位", "托位总数") == 0          # what was added is not the total
    assert similarity("新建智慧健康驿站", "累计建成智慧健康驿站") == 0
    assert similarity("全科医生转岗培训", "转岗培训全科医生") == 100  # the same words in another order


def test_groups_join_similar_names_within_a_unit_only():
    groups = NameGroups()
    first, _ = groups.group_of("个", "建成智慧健康驿站")
    same, score = groups.group_of("个", "新建智慧健康驿站")
    other_unit, _ = groups.group_of("家", "建成智慧健康驿站")
    assert same == first and score == 1.0
    assert groups.group_of("个", "市级健康促进学校")[0] != groups.group_of("个", "省级健康促进学校")[0]
    assert other_unit == first  # the same key in another unit block is its own group of the same name


def test_existing_groups_are_kept_on_a_later_run():
    groups = NameGroups()
    groups.add_existing("个", "建成标准化村卫生室", name_key("建成标准化村卫生室"))
    assert groups.group_of("个", "新建标准化村卫生室")[0] == name_key("建成标准化村卫生室")
