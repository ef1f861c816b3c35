"""Document case tables (tests/cases/documents_*.json): a short whole report in, the expected facts out.

A sentence case (test_extract_cases.py) cannot show what a report's structure decides: the year a plan
part gives its targets, the kind a list head gives its items, a heading year that cannot be right. These
cases go through ingestion (headings, parts, sentences) and extraction exactly as a raw file does.

Each case: `document` (the report text), optional `file` ("x.html" for an HTML page), `expect` (facts that
must be there, each matched on `value` plus any of the fields below; `indicator` is a substring test), and
`exact` (no other facts). `report` checks fields of the ingested report (report_kind, years, year).
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pipelines.extract import ExtractionContext, read_report
from pipelines.ingest import ingest_bytes

CASES_DIR = Path(__file__).parent / "cases"
FIELDS = ("unit", "qualifier", "kind", "value_high", "year", "year_source", "is_change", "region", "nature",
          "source")


def _load_cases():
    for path in sorted(CASES_DIR.glob("documents_*.json")):
        table = json.loads(path.read_text(encoding="utf-8"))
        for i, case in enumerate(table["cases"]):
            yield pytest.param(case, id=f"{path.stem}-{i}")


def _matches(fact, want: dict) -> bool:
    if not math.isclose(fact.value, float(want["value"]), rel_tol=1e-9, abs_tol=1e-9):
        return False
    for key in FIELDS:
        if key in want:
            got, expected = getattr(fact, key), want[key]
            if isinstance(expected, float) and got is not None:
                if not math.isclose(got, expected, rel_tol=1e-9):
                    return False
            elif got != expected:
                return False
    if "indicator" in want and want["indicator"] not in fact.indicator:
        return False
    return True


def _read(case: dict):
    name = case.get("file", "case.txt")
    report = ingest_bytes(case["document"].encode("utf-8"), doc_id=Path(name).stem, source_path=name,
                          is_html=name.endswith((".html", ".htm")))
    return report, read_report(ExtractionContext.from_report(report))


@pytest.mark.parametrize("case", list(_load_cases()))
def test_document_case(case):
    report, reading = _read(case)
    facts = reading.facts
    shown = [(f.value, f.unit, f.kind, f.year, f.year_source, f.is_change, f.region, f.indicator) for f in facts]
    for key, expected in case.get("report", {}).items():
        got = getattr(report, key)
        assert (list(got) if isinstance(got, tuple) else got) == expected, f"report.{key}: {got!r}"
    remaining = list(facts)
    for want in case["expect"]:
        hit = next((f for f in remaining if _matches(f, want)), None)
        assert hit is not None, f"expected {want} in {shown}"
        remaining.remove(hit)
    if case.get("exact"):
        assert not remaining, f"unexpected facts {[(f.value, f.unit, f.indicator) for f in remaining]}"
    if "unplaced_cells" in case:
        assert reading.unplaced_cells == case["unplaced_cells"]
