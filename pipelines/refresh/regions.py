"""The report_regions table: which administrative division each report speaks for.

Ingestion workers resolve the region of every report they parse (its text is in memory there); the
`report_regions` asset resolves what is still missing: the reports whose rows a new resolver version
dropped. Rows are written by `writer`. Pure orchestration without Dagster.
"""
from __future__ import annotations

import logging

import duckdb
import polars as pl

from pipelines.catalogue.regions import REGION_CONTEXT_CHARS, resolve_region
from pipelines.ingest.model import CleanReport
from pipelines.refresh import writer
from pipelines.warehouse import schemas

STATE_REGIONS_VERSION = writer.STATE_REGIONS_VERSION
REGION_SCHEMA = {"doc_id": pl.String, "region": pl.String, "region_code": pl.String, "region_level": pl.String,
                 "method": pl.String, "ambiguous": pl.Boolean, "candidates": pl.List(pl.String)}


def region_row(doc_id: str, region: str | None, issuer: str | None, anonymised: bool, admin_level: str | None,
               context: str) -> dict:
    match = resolve_region(region, issuer, context, anonymised, doc_id=doc_id)
    return {"doc_id": doc_id, "region": match.region, "region_code": match.region_code,
            "region_level": match.admin_level or admin_level, "method": match.method,
            "ambiguous": bool(match.ambiguous),
            "candidates": [f"{code} {name}" for code, name in match.candidates]}


def report_region_row(report: CleanReport) -> dict:
    """The row of a report just parsed (what `refresh_regions` would compute from its stored rows)."""
    return region_row(report.doc_id, report.region, report.issuer, bool(report.region_anonymised),
                      report.admin_level, report.clean_text[:REGION_CONTEXT_CHARS])


def region_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=REGION_SCHEMA) if rows else pl.DataFrame(schema=REGION_SCHEMA)


def refresh_regions(con: duckdb.DuckDBPyConnection, log: logging.Logger | None = None) -> int:
    """Resolve the region of every report that has none yet (ingestion writes the rows of what it parses)."""
    log = log or logging.getLogger(__name__)
    writer.drop_outdated_regions(con)
    pending = con.execute(
        "SELECT r.doc_id, r.region, r.issuer, r.region_anonymised, r.admin_level, substr(t.clean_text, 1, ?) "
        "FROM reports r JOIN report_texts t USING (doc_id) "
        "WHERE NOT EXISTS (SELECT 1 FROM report_regions g WHERE g.doc_id = r.doc_id) ORDER BY r.doc_id",
        [REGION_CONTEXT_CHARS],
    ).fetchall()
    frame = region_frame([
        region_row(doc_id, region, issuer, bool(anonymised), admin_level, context or "")
        for doc_id, region, issuer, anonymised, admin_level, context in pending
    ])
    schemas.validate(schemas.ReportRegionModel, frame, "report_regions")
    writer.write_regions(con, frame)
    log.info("regions: resolved %d reports", frame.height)
    return frame.height
