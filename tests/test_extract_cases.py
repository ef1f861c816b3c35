"""Case tables (tests/cases/*.json): one sentence in, the expected indicator facts out."""
from __future__ import annotations

import json
import math
import unicodedata
from pathlib import Path

import pytest

from pipelines.extract import ExtractionContext, SectionInfo, extract_facts

CASES_DIR = Path(__file__).parent / "cases"
FIELDS = ("unit", "qualifier", "kind", "value_high", "year", "change", "lower", "upper", "lower_closed", "upper_closed")


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.json")):
        table = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(table, dict) or not isinstance(table.get("cases"), list):
            continue  # another suite's table sharing the folder (e.g. indicator_mapping.json)
        for i, case in enumerate(table["cases"]):
            if "sentence" not in case or "expect" not in case:
                break  # not an extraction case table: its cases are read by another suite
            yield pytest.param(case, id=f"{path.stem}-{i}")


def _context(case: dict) -> ExtractionContext:
    text = case["sentence"]
    if case.get("normalise"):
        text = unicodedata.normalize("NFKC", text)
    options = dict(case.get("context", {}))
    part = options.pop("part", None)
    ctx = ExtractionContext.from_text(text, doc_id="case", **options)
    if part:
        ctx.sections = {0: SectionInfo(path="", part=part, level=1, heading="")}
        ctx.sentences = [(s, e, 0) for s, e, _ in ctx.sentences]
    return ctx


def _same(a, b) -> bool:
    if isinstance(b, float) or isinstance(a, float):
        if a is None or b is None:
            return a is b
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def _matches(fact, want: dict) -> bool:
    if not _same(fact.value, float(want["value"])):
        return False
    for key in FIELDS:
        if key in want:
            got = getattr(fact, key)
            if key in ("lower", "upper") and got in (math.inf, -math.inf):
                got = None
            expected = want[key]
            if isinstance(expected, (int, float)) and not isinstance(expected, bool) and got is not None:
                if not _same(float(got), float(expected)):
                    return False
            elif got != expected:
                return False
    if "indicator" in want and want["indicator"] not in fact.indicator:
        return False
    if "indicator_equals" in want and fact.indicator != want["indicator_equals"]:
        return False
    return True


@pytest.mark.parametrize("case", list(_load_cases()))
def test_extract_case(case):
    facts = extract_facts(_context(case))
    shown = [(f.value, f.value_high, f.unit, f.qualifier, f.kind, f.year, f.change, f.indicator) for f in facts]
    remaining = list(facts)
    for want in case["expect"]:
        hit = next((f for f in remaining if _matches(f, want)), None)
        assert hit is not None, f"expected {want} in {shown}"
        remaining.remove(hit)
    if case.get("exact"):
        assert not remaining, f"unexpected facts {[(f.value, f.unit, f.indicator) for f in remaining]}"
