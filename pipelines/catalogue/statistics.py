"""Published national statistics as outcomes: a national target is judged against the statistic as well as
against a later report.

`pipelines/lexicons/reference/national_health_indicators.csv` lists national indicators with their 2020
baselines, plan targets and the outcomes published for later years, each with how it was verified
(verified / derived / weak) and where. Its outcome rows become `statistical_outcomes`, mapped to the
catalogue like any extracted name; `sql/marts/target_vs_outcome.sql` offers them to national targets beside
the outcomes of reports, so where both exist and differ an analyst sees both rows.
"""
from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from pipelines.catalogue.indicators import map_indicator
from pipelines.catalogue.regions import NATIONAL_CODE, NATIONAL_NAME

REFERENCE_PATH = Path(__file__).resolve().parents[1] / "lexicons" / "reference" / "national_health_indicators.csv"
SOURCE_DOC = "national_statistics"  # the outcome_doc_id these rows carry in target_vs_outcome

_UNIT_SPELLINGS = {"1/10万": "/10万", "1/1000": "‰"}  # the reference's spellings → the extractor's base units

STATISTICS_SCHEMA = {
    "fact_id": pl.Int32, "indicator": pl.String, "indicator_id": pl.String, "unit": pl.String,
    "year": pl.Int32, "value": pl.Float64, "verification": pl.String, "note": pl.String,
    "source_url": pl.String, "region": pl.String, "region_code": pl.String,
}


def statistical_outcomes(path: Path = REFERENCE_PATH) -> pl.DataFrame:
    """The reference's outcome rows, each mapped to a catalogue indicator (unmapped rows are kept: an
    analyst can read them, they only pair by name)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if row["kind"] != "outcome":
                continue
            unit = _UNIT_SPELLINGS.get(row["unit"], row["unit"]) or None
            match = map_indicator(row["indicator"], unit)
            rows.append({
                "fact_id": i, "indicator": row["indicator"], "indicator_id": match.indicator_id, "unit": unit,
                "year": int(row["period"]), "value": float(row["value"]), "verification": row["verification"],
                "note": row["note"], "source_url": row["source_url"], "region": NATIONAL_NAME,
                "region_code": NATIONAL_CODE,
            })
    return pl.DataFrame(rows, schema=STATISTICS_SCHEMA)
