"""The indicator_facts Pandera model catches real extraction bugs; implausible facts are kept but must be flagged."""
from __future__ import annotations

import polars as pl
import pytest

from pipelines.warehouse import schemas
from pipelines.warehouse.facts_frame import FACT_SCHEMA, direction_breaches, plausibility_flags


def _fact(**overrides) -> dict:
    row = {
        "doc_id": "d", "fact_id": 0, "indicator": "家庭医生签约率", "value": 45.0, "value_high": None, "unit": "%",
        "qualifier": None, "kind": "outcome", "year": 2023, "value_text": "45%", "sentence": "签约率达到45%",
        "section_path": None, "clean_start": 5, "clean_end": 8, "raw_start": 5, "raw_end": 8,
        "sentence_clean_start": 0, "sentence_clean_end": 8, "sentence_raw_start": 0, "sentence_raw_end": 8,
        "raw_quote": "45%", "scope": None, "lower_bound": 45.0, "upper_bound": 45.0, "lower_closed": True,
        "upper_closed": True, "change": None, "plausibility_flags": [], "extractor_version": "t",
        "year_source": "sentence", "is_change": False, "fact_region": None, "nature": None, "pair_id": None,
        "fact_source": "sentence", "fact_region_name": None, "fact_region_code": None,
    }
    row.update(overrides)
    return row


def _validate(rows):
    schemas.validate(schemas.IndicatorFactModel, pl.DataFrame(rows, schema=FACT_SCHEMA), "extracted_facts")


def test_a_plain_fact_passes():
    _validate([_fact()])


@pytest.mark.parametrize(
    "overrides, check",
    [
        ({"value": 130.0, "value_text": "130%", "raw_quote": "130%", "sentence": "签约率达到130%"}, "percent_in_range"),
        ({"value_high": 40.0}, "value_high_not_below_value"),
        ({"kind": "guess"}, "isin"),
        ({"unit": "万元"}, "isin"),  # magnitude not folded: a real extractor bug
        ({"qualifier": "大约"}, "isin"),
        ({"indicator": ""}, "str_length"),
        ({"clean_end": 30}, "offsets_ordered"),
        ({"value_text": "46%"}, "value_text_inside_sentence"),
        ({"year": None}, "year_source_says_unknown_without_year"),  # a missing year must say so
        ({"year_source": "guess"}, "isin"),
        ({"nature": "必须"}, "isin"),
    ],
)
def test_model_rejects(overrides, check):
    with pytest.raises(schemas.TableValidationError, match=check):
        _validate([_fact(**overrides)])


def test_out_of_range_percent_is_kept_when_flagged():
    flags = plausibility_flags("%", 130.0, None, None)
    assert flags == ["percent_out_of_range"]
    _validate([_fact(value=130.0, value_text="130%", raw_quote="130%", sentence="签约率达到130%",
                     plausibility_flags=flags)])


def test_growth_rates_may_exceed_one_hundred_percent():
    assert plausibility_flags("%", 150.0, None, "increase") == []


def test_baseline_to_outcome_direction():
    sentence = "人均期望寿命从82.45岁提高到80.52岁"
    base = _fact(indicator="人均期望寿命", kind="baseline", value=82.45, unit="岁", value_text="82.45岁",
                 raw_quote="82.45岁", sentence=sentence, clean_start=7, clean_end=13, change="increase",
                 sentence_clean_end=len(sentence))
    outcome = _fact(indicator="人均期望寿命", kind="outcome", value=80.52, unit="岁", value_text="80.52岁",
                    raw_quote="80.52岁", sentence=sentence, clean_start=16, clean_end=22, change="increase",
                    fact_id=1, sentence_clean_end=len(sentence))
    with pytest.raises(schemas.TableValidationError, match="baseline_to_outcome"):
        _validate([base, outcome])
    rows = [dict(base), dict(outcome, plausibility_flags=[])]
    direction_breaches(rows)
    assert rows[1]["plausibility_flags"] == ["direction_mismatch"]
    _validate(rows)  # kept, flagged
