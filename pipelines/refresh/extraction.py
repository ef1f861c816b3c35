"""The extraction stage: re-extract every report whose extractor changed (a new or changed file is extracted by
the ingestion workers as they parse it), and the worker function both stages use. `writer` writes the result.

Pure orchestration without Dagster; the parallel part is extraction, the write stays single.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field

import duckdb
import polars as pl

from pipelines.extract import ExtractionContext, read_report
from pipelines.ingest.model import CleanReport, OffsetMap, Section, Sentence, TableGrid
from pipelines.refresh import writer
from pipelines.refresh.pool import CHUNK_SIZE, MIN_PARALLEL_ITEMS, chunked, map_batches
from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse import schemas
from pipelines.warehouse.facts_frame import FACT_SCHEMA, fact_rows, unset_frame, unset_rows
from pipelines.warehouse.inventory import code_fingerprint

_LEXICONS = PROJECT_ROOT / "pipelines" / "lexicons"
EXTRACTOR_VERSION = code_fingerprint(
    PROJECT_ROOT / "pipelines" / "extract", PROJECT_ROOT / "pipelines" / "text",
    # a fact's own place (a table's district row) is resolved as its rows are made
    PROJECT_ROOT / "pipelines" / "catalogue" / "regions.py", PROJECT_ROOT / "pipelines" / "warehouse" / "facts_frame.py",
    _LEXICONS / "china_divisions.csv", _LEXICONS / "china_division_changes.txt",
    *(_LEXICONS / name for name in ("units.json", "qualifiers.json", "cues.json", "exclusions.json", "naming.json",
                                    "structure.json", "unitless.json", "tables.json", "anaphora.json", "unset.json")),
)

@dataclass
class ExtractionSummary:
    reports: int = 0
    facts: int = 0
    pending_before: int = 0

    @property
    def wrote(self) -> bool:
        return bool(self.reports)


def pending_reports(con: duckdb.DuckDBPyConnection, *, full_rebuild: bool) -> list[str]:
    if full_rebuild:
        return [r[0] for r in con.execute("SELECT doc_id FROM reports ORDER BY doc_id").fetchall()]
    rows = con.execute(
        "SELECT r.doc_id FROM reports r LEFT JOIN extraction_log l "
        "ON l.doc_id = r.doc_id AND l.content_hash = r.content_hash AND l.extractor_version = ? "
        "WHERE l.doc_id IS NULL ORDER BY r.doc_id",
        [EXTRACTOR_VERSION],
    ).fetchall()
    return [r[0] for r in rows]


@dataclass(frozen=True)
class StoredReport:
    """One report's rows as read from the warehouse; a worker rebuilds the CleanReport from them."""

    meta: tuple
    sections: list[tuple]
    sentences: list[tuple]

    def report(self) -> CleanReport:
        (doc_id, source_file, content_hash, byte_size, encoding, title, issuer, region, anonymised, level,
         kind, year, years, published_on, truncated, raw_text, clean_text, offset_map, html_tables) = self.meta
        return CleanReport(
            doc_id=doc_id, source_path=source_file, content_hash=content_hash, byte_size=byte_size,
            encoding=encoding, raw_text=raw_text, clean_text=clean_text, offsets=OffsetMap.from_list(offset_map),
            title=title, issuer=issuer, region=region, region_anonymised=bool(anonymised), admin_level=level,
            report_kind=kind, year=year, years=tuple(years or ()), published_on=published_on,
            truncated=bool(truncated), sections=[Section(*row) for row in self.sections],
            sentences=[Sentence(*row) for row in self.sentences],
            tables=[TableGrid.from_list(grid) for grid in json.loads(html_tables)] if html_tables else [],
        )


def load_stored(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> list[StoredReport]:
    """The rows extraction needs of each report (text, offsets, sections, sentences, metadata), in doc_id order."""
    meta = con.execute(
        "SELECT r.doc_id, r.source_file, r.content_hash, r.byte_size, r.encoding, r.title, r.issuer, r.region, "
        "r.region_anonymised, r.admin_level, r.report_kind, r.year, r.years, r.published_on, r.truncated, "
        "t.raw_text, t.clean_text, t.offset_map, t.html_tables FROM reports r JOIN report_texts t USING (doc_id) "
        "WHERE r.doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY r.doc_id",
        [doc_ids],
    ).fetchall()
    sections: dict[str, list[tuple]] = {d: [] for d in doc_ids}
    for row in con.execute(
        "SELECT doc_id, section_id, parent_id, level, marker, heading, path, clean_start, clean_end, part "
        "FROM sections WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id, section_id",
        [doc_ids],
    ).fetchall():
        sections[row[0]].append(row[1:])
    sentences: dict[str, list[tuple]] = {d: [] for d in doc_ids}
    for row in con.execute(
        "SELECT doc_id, sentence_id, section_id, clean_start, clean_end, text "
        "FROM sentences WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id, sentence_id",
        [doc_ids],
    ).fetchall():
        sentences[row[0]].append(row[1:])
    return [StoredReport(row, sections[row[0]], sentences[row[0]]) for row in meta]


def extract_report(report: CleanReport) -> tuple[str, str, list[dict], int, list[dict]]:
    """Worker: facts of one report as warehouse rows (with raw offsets and the raw quote), how many table
    cells held a value the reader could not place, and the rows of the targets it deliberately leaves unset."""
    reading = read_report(ExtractionContext.from_report(report))
    return (report.doc_id, report.content_hash, fact_rows(report, reading.facts, EXTRACTOR_VERSION),
            reading.unplaced_cells, unset_rows(report, reading.unset, EXTRACTOR_VERSION))


def extract_one(report: CleanReport) -> tuple[str, str, list[dict], str | None, int, list[dict]]:
    """Worker: never raises, so one report the extractor chokes on cannot stop the others."""
    try:
        doc_id, content_hash, rows, unplaced, unset = extract_report(report)
        return doc_id, content_hash, rows, None, unplaced, unset
    except Exception as exc:  # noqa: BLE001 - recorded with its reason, the run goes on
        reason = f"extraction error: {type(exc).__name__}: {exc}"[:500]
        return report.doc_id, report.content_hash, [], reason, 0, []


@dataclass
class ExtractedBatch:
    """Validated fact and unset-target rows of a batch of reports, and (doc_id, content_hash, n_facts, failure
    reason, facts without a year, unplaced table cells) per report, under `extractor_version`."""

    facts: pl.DataFrame
    results: list[tuple[str, str, int, str | None, int, int]]
    unset: pl.DataFrame = field(default_factory=lambda: unset_frame([]))
    extractor_version: str = EXTRACTOR_VERSION


def extract_batch(stored: list[StoredReport]) -> ExtractedBatch:
    """Worker: extract a batch of reports and build and validate its fact frame."""
    return extract_reports([item.report() for item in stored])


def extract_reports(reports: list[CleanReport]) -> ExtractedBatch:
    """Facts of reports already in memory (a worker that has just parsed them), as a validated batch."""
    results = [extract_one(report) for report in reports]
    facts, failures = _valid_facts([r[:4] for r in results])
    unset = unset_frame([row for d, _h, _rows, _reason, _unplaced, rows in results if d not in failures
                         for row in rows])
    if unset.height:
        schemas.validate(schemas.UnsetTargetModel, unset, "unset_targets")
    return ExtractedBatch(facts, [
        (d, h, 0 if d in failures else len(rows), failures.get(d),
         0 if d in failures else sum(1 for row in rows if row["year"] is None), 0 if d in failures else unplaced)
        for d, h, rows, _reason, unplaced, _unset in results], unset, EXTRACTOR_VERSION)


def refresh_extraction(
    con: duckdb.DuckDBPyConnection,
    *,
    workers: int,
    run_id: str | None,
    full_rebuild: bool = False,
    log: logging.Logger | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> ExtractionSummary:
    log = log or logging.getLogger(__name__)
    pending = pending_reports(con, full_rebuild=full_rebuild)
    summary = ExtractionSummary(pending_before=len(pending))
    log.info("extraction plan: %d reports to (re)extract with extractor %s", len(pending), EXTRACTOR_VERSION)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    # one pool for the whole run; the next chunk is loaded and extracted while this one is written
    loaded = (load_stored(con, doc_chunk) for doc_chunk in chunked(pending, chunk_size))
    parallel = workers if len(pending) >= MIN_PARALLEL_ITEMS else 1
    for batches in map_batches(extract_batch, loaded, workers=parallel):
        written = writer.write_extracted(con, batches, now=now, run_id=run_id)
        summary.reports += sum(len(batch.results) for batch in batches)
        summary.facts += written.facts
        for doc_id, reason in sorted(written.failures.items()):
            log.warning("extraction: %s recorded as failed: %s", doc_id, reason.splitlines()[0][:300])
        log.info("extraction: %d/%d reports, %d facts so far", summary.reports, len(pending), summary.facts)
    if summary.wrote:
        writer.bump_generation(con)
    return summary


def _valid_facts(results: list[tuple[str, str, list[dict], str | None]]) -> tuple[pl.DataFrame, dict[str, str]]:
    """The chunk's facts that pass the model, and doc_id → reason for the reports left out.

    The whole chunk is validated at once; only when that fails is each report
    validated alone, so one report's bad fact does not cost the others theirs.
    """
    failures = {doc_id: reason for doc_id, _h, _r, reason in results if reason}
    rows = [row for _doc, _hash, doc_rows, reason in results if not reason for row in doc_rows]
    facts = pl.DataFrame(rows, schema=FACT_SCHEMA) if rows else pl.DataFrame(schema=FACT_SCHEMA)
    try:
        schemas.validate(schemas.IndicatorFactModel, facts, "extracted_facts")
        return facts, failures
    except schemas.TableValidationError:
        pass
    kept = []
    for (doc_id,), frame in sorted(facts.partition_by("doc_id", as_dict=True, maintain_order=True).items()):
        try:
            schemas.validate(schemas.IndicatorFactModel, frame, "extracted_facts")
            kept.append(frame)
        except schemas.TableValidationError as exc:
            failures[doc_id] = f"extracted facts failed validation: {exc}"[:1000]
    return (pl.concat(kept) if kept else pl.DataFrame(schema=FACT_SCHEMA)), failures
