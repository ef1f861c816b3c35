"""Indicator facts as warehouse rows: provenance into clean and raw text, plus plausibility flags."""
from __future__ import annotations

import math

import polars as pl

from pipelines.catalogue.regions import REGION_CONTEXT_CHARS, resolve_region
from pipelines.ingest.model import CleanReport

FACT_SCHEMA = {
    "doc_id": pl.String, "fact_id": pl.Int32, "indicator": pl.String, "value": pl.Float64,
    "value_high": pl.Float64, "unit": pl.String, "qualifier": pl.String, "kind": pl.String, "year": pl.Int32,
    "value_text": pl.String, "sentence": pl.String, "section_path": pl.String,
    "clean_start": pl.Int32, "clean_end": pl.Int32, "raw_start": pl.Int32, "raw_end": pl.Int32,
    "sentence_clean_start": pl.Int32, "sentence_clean_end": pl.Int32,
    "sentence_raw_start": pl.Int32, "sentence_raw_end": pl.Int32, "raw_quote": pl.String,
    "scope": pl.String, "lower_bound": pl.Float64, "upper_bound": pl.Float64,
    "lower_closed": pl.Boolean, "upper_closed": pl.Boolean, "change": pl.String,
    "plausibility_flags": pl.List(pl.String), "extractor_version": pl.String,
    "year_source": pl.String, "is_change": pl.Boolean, "fact_region": pl.String, "nature": pl.String,
    "pair_id": pl.Int32, "fact_source": pl.String, "fact_region_name": pl.String, "fact_region_code": pl.String,
}
PERCENT_UNITS = frozenset({"%"})
PERMILLE_UNITS = frozenset({"‰"})
FLAG_PERCENT_RANGE = "percent_out_of_range"
FLAG_PERMILLE_RANGE = "permille_out_of_range"
FLAG_DIRECTION = "direction_mismatch"
FLAG_RANGE_ORDER = "range_inverted"


def plausibility_flags(unit: str | None, value: float, value_high: float | None, change: str | None) -> list[str]:
    """Rules a correct fact normally satisfies; a breach is flagged, the fact kept."""
    flags = []
    # growth rates may exceed 100% (增长150%); levels and shares may not
    if unit in PERCENT_UNITS and change is None and not 0 <= value <= 100:
        flags.append(FLAG_PERCENT_RANGE)
    if unit in PERMILLE_UNITS and change is None and not 0 <= value <= 1000:
        flags.append(FLAG_PERMILLE_RANGE)
    if value_high is not None and value_high < value:
        flags.append(FLAG_RANGE_ORDER)
    return flags


def direction_breaches(rows: list[dict]) -> None:
    """Flag an outcome that moved against the stated change from its baseline (提高 but lower)."""
    baselines: dict[tuple, float] = {}
    for row in rows:
        key = (row["sentence_clean_start"], row["indicator"], row["unit"])
        if row["kind"] == "baseline":
            baselines[key] = row["value"]
        elif row["kind"] == "outcome" and key in baselines and row["change"] in ("increase", "decrease"):
            went_up = row["value"] > baselines[key]
            if went_up != (row["change"] == "increase"):
                row["plausibility_flags"].append(FLAG_DIRECTION)


def fact_regions(report: CleanReport, facts: list) -> dict[str, tuple[str | None, str | None]]:
    """Each place a fact names (a district row of a city table) resolved with its parents: the report's
    issuer and region settle which 西湖区 it is. A name no division matches resolves to nothing."""
    written = {f.region for f in facts if getattr(f, "region", None)}
    if not written:
        return {}
    context = " ".join(x for x in (report.region, report.title, report.clean_text[:REGION_CONTEXT_CHARS]) if x)
    out = {}
    for name in written:
        match = resolve_region(name, report.issuer, context, False, doc_id=report.doc_id)
        out[name] = (match.region, match.region_code) if match.region_code else (None, None)
    return out


def fact_rows(report: CleanReport, facts: list, extractor_version: str) -> list[dict]:
    rows = []
    text = report.clean_text
    places = fact_regions(report, facts)
    for fact_id, fact in enumerate(sorted(facts, key=lambda f: (f.start, f.end, f.kind))):
        raw_start, raw_end = report.offsets.to_raw(fact.start, fact.end)
        s_raw_start, s_raw_end = report.offsets.to_raw(fact.sentence_start, fact.sentence_end)
        flags = list(getattr(fact, "flags", None) or [])
        for flag in plausibility_flags(fact.unit, fact.value, fact.value_high, fact.change):
            if flag not in flags:
                flags.append(flag)
        rows.append({
            "doc_id": report.doc_id, "fact_id": fact_id, "indicator": fact.indicator, "value": float(fact.value),
            "value_high": None if fact.value_high is None else float(fact.value_high), "unit": fact.unit,
            "qualifier": fact.qualifier, "kind": fact.kind, "year": fact.year, "value_text": fact.value_text,
            "sentence": text[fact.sentence_start:fact.sentence_end], "section_path": fact.section_path,
            "clean_start": fact.start, "clean_end": fact.end, "raw_start": raw_start, "raw_end": raw_end,
            "sentence_clean_start": fact.sentence_start, "sentence_clean_end": fact.sentence_end,
            "sentence_raw_start": s_raw_start, "sentence_raw_end": s_raw_end,
            "raw_quote": report.raw_text[raw_start:raw_end], "scope": fact.scope,
            "lower_bound": _finite(fact.lower), "upper_bound": _finite(fact.upper),
            "lower_closed": fact.lower_closed, "upper_closed": fact.upper_closed, "change": fact.change,
            "plausibility_flags": flags, "extractor_version": extractor_version,
            "year_source": fact.year_source, "is_change": fact.is_change, "fact_region": fact.region,
            "nature": fact.nature, "pair_id": fact.pair, "fact_source": fact.source,
            "fact_region_name": places.get(fact.region, (None, None))[0],
            "fact_region_code": places.get(fact.region, (None, None))[1],
        })
    direction_breaches(rows)
    return rows


UNSET_SCHEMA = {"doc_id": pl.String, "unset_id": pl.Int32, "indicator": pl.String, "year": pl.Int32,
                "statement": pl.String, "sentence": pl.String, "clean_start": pl.Int32, "clean_end": pl.Int32,
                "raw_start": pl.Int32, "raw_end": pl.Int32, "raw_quote": pl.String, "extractor_version": pl.String}


def unset_rows(report: CleanReport, unset: list, extractor_version: str) -> list[dict]:
    """Rows of unset_targets for a report's deliberately unset targets, with raw offsets and the raw quote."""
    rows = []
    text = report.clean_text
    for unset_id, item in enumerate(sorted(unset, key=lambda u: (u.start, u.end))):
        raw_start, raw_end = report.offsets.to_raw(item.start, item.end)
        rows.append({
            "doc_id": report.doc_id, "unset_id": unset_id, "indicator": item.indicator, "year": item.year,
            "statement": text[item.start:item.end], "sentence": text[item.sentence_start:item.sentence_end],
            "clean_start": item.start, "clean_end": item.end, "raw_start": raw_start, "raw_end": raw_end,
            "raw_quote": report.raw_text[raw_start:raw_end], "extractor_version": extractor_version,
        })
    return rows


def unset_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=UNSET_SCHEMA) if rows else pl.DataFrame(schema=UNSET_SCHEMA)


def _finite(x: float | None) -> float | None:
    """Unbounded ends are stored as NULL (open interval), not ±inf."""
    if x is None or math.isinf(x):
        return None
    return float(x)
