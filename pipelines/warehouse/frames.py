"""Turns cleaned reports into the typed polars frames the warehouse tables hold."""
from __future__ import annotations

import json

import datetime as dt

import polars as pl

from pipelines.ingest.model import CleanReport

REPORT_SCHEMA = {
    "doc_id": pl.String, "source_file": pl.String, "content_hash": pl.String, "byte_size": pl.Int64,
    "encoding": pl.String, "title": pl.String, "issuer": pl.String, "region": pl.String,
    "region_anonymised": pl.Boolean, "admin_level": pl.String, "report_kind": pl.String,
    "year": pl.Int32, "years": pl.List(pl.Int32), "published_on": pl.Date, "truncated": pl.Boolean,
    "repaired_count": pl.Int32, "corrupted_span_count": pl.Int32, "n_chars": pl.Int32,
    "n_sections": pl.Int32, "n_sentences": pl.Int32, "ingest_version": pl.String,
    "ingested_at": pl.Datetime("us"),
}
REPORT_TEXT_SCHEMA = {"doc_id": pl.String, "raw_text": pl.String, "clean_text": pl.String,
                      "offset_map": pl.List(pl.Int32), "html_tables": pl.String}
SECTION_SCHEMA = {
    "doc_id": pl.String, "section_id": pl.Int32, "parent_id": pl.Int32, "level": pl.Int32,
    "marker": pl.String, "heading": pl.String, "path": pl.String, "part": pl.String,
    "clean_start": pl.Int32, "clean_end": pl.Int32, "raw_start": pl.Int32, "raw_end": pl.Int32,
}
SENTENCE_SCHEMA = {
    "doc_id": pl.String, "sentence_id": pl.Int32, "section_id": pl.Int32, "clean_start": pl.Int32,
    "clean_end": pl.Int32, "raw_start": pl.Int32, "raw_end": pl.Int32, "text": pl.String,
}
INGEST_ERROR_SCHEMA = {
    "source_file": pl.String, "doc_id": pl.String, "content_hash": pl.String, "byte_size": pl.Int64,
    "reason": pl.String, "ingest_version": pl.String, "detected_at": pl.Datetime("us"),
}
REPORT_STATUS_SCHEMA = {
    "source_file": pl.String, "doc_id": pl.String, "content_hash": pl.String, "status": pl.String,
    "n_facts": pl.Int32, "reason": pl.String, "run_id": pl.String, "updated_at": pl.Datetime("us"),
}


def report_row(report: CleanReport, source_file: str, version: str, now: dt.datetime) -> dict:
    return {
        "doc_id": report.doc_id, "source_file": source_file, "content_hash": report.content_hash,
        "byte_size": report.byte_size, "encoding": report.encoding, "title": report.title,
        "issuer": report.issuer, "region": report.region, "region_anonymised": bool(report.region_anonymised),
        "admin_level": report.admin_level, "report_kind": report.report_kind, "year": report.year,
        "years": list(report.years), "published_on": report.published_on, "truncated": bool(report.truncated),
        "repaired_count": report.repaired_count, "corrupted_span_count": len(report.corrupted_spans),
        "n_chars": len(report.clean_text), "n_sections": len(report.sections),
        "n_sentences": len(report.sentences), "ingest_version": version, "ingested_at": now,
    }


def text_row(report: CleanReport) -> dict:
    return {
        "doc_id": report.doc_id, "raw_text": report.raw_text, "clean_text": report.clean_text,
        "offset_map": report.offsets.to_list(),
        "html_tables": json.dumps([grid.to_list() for grid in report.tables]) if report.tables else None,
    }


def section_rows(report: CleanReport) -> list[dict]:
    rows = []
    for s in report.sections:
        raw_start, raw_end = report.offsets.to_raw(s.start, s.end)
        rows.append({
            "doc_id": report.doc_id, "section_id": s.section_id, "parent_id": s.parent_id, "level": s.level,
            "marker": s.marker, "heading": s.heading, "path": s.path, "part": s.part,
            "clean_start": s.start, "clean_end": s.end, "raw_start": raw_start, "raw_end": raw_end,
        })
    return rows


def sentence_rows(report: CleanReport) -> list[dict]:
    rows = []
    for s in report.sentences:
        raw_start, raw_end = report.offsets.to_raw(s.start, s.end)
        rows.append({
            "doc_id": report.doc_id, "sentence_id": s.sentence_id, "section_id": s.section_id,
            "clean_start": s.start, "clean_end": s.end, "raw_start": raw_start, "raw_end": raw_end,
            "text": s.text,
        })
    return rows


def frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)
