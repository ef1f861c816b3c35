"""Quality regression: the extractor on the real samples, scored by the vendored scorer against labelled gold."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.evaluation.dev_eval import system_facts
from pipelines.evaluation.score import load, score

ROOT = Path(__file__).resolve().parents[1]
DEV_GOLD = Path("/work/shared/eval/dev_gold.jsonl")
OWN_GOLD = sorted((ROOT / "tests" / "gold").glob("*_gold.jsonl"))


def _score(gold_paths):
    gold = [g for p in gold_paths for g in load(p)]
    docs = {g["doc"] for g in gold}
    system = [s for s in system_facts(ROOT / "raw", docs) if s["doc"] in docs]
    result, _misses, _extras = score(gold, system, sorted(docs))
    return result


@pytest.mark.skipif(not DEV_GOLD.exists(), reason="shared dev gold not mounted")
def test_extract_dev_gold_quality():
    result = _score([DEV_GOLD])
    assert result["f1"] >= 0.95, result
    assert result["strict_f1"] >= 0.90, result


@pytest.mark.parametrize("gold_path", OWN_GOLD, ids=[p.stem for p in OWN_GOLD])
def test_extract_own_gold_quality(gold_path):
    result = _score([gold_path])
    assert result["f1"] >= 0.90, result
    assert result["strict_f1"] >= 0.80, result
