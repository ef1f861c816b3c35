"""The ingestion stage: plan from content hashes, then workers parse each new or changed file, extract its facts
and resolve its region in the same pass (the text is in memory there) and build validated frames; `writer`
writes them, one transaction per chunk.

Pure orchestration without Dagster: the asset passes a logger and reads the summary.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import duckdb
import polars as pl

from pipelines.refresh import extraction, regions, writer
from pipelines.refresh.listing import listing_state, merge_plan
from pipelines.refresh.pool import CHUNK_SIZE, MIN_PARALLEL_ITEMS, chunked, map_batches
from pipelines.ingest import UnreadableReport, ingest_report
from pipelines.ingest.model import CleanReport
from pipelines.settings import PROJECT_ROOT, max_file_bytes
from pipelines.warehouse import frames, schemas
from pipelines.warehouse.inventory import (
    DUPLICATE_REASON, RawFile, code_fingerprint, file_sha256, plan_refresh, take_listing,
)

_LEXICONS = PROJECT_ROOT / "pipelines" / "lexicons"
INGEST_VERSION = code_fingerprint(
    PROJECT_ROOT / "pipelines" / "ingest", PROJECT_ROOT / "pipelines" / "text",
    _LEXICONS / "boilerplate.json", _LEXICONS / "report_metadata.json"
)


@dataclass
class IngestionSummary:
    files_seen: int = 0
    processed: int = 0
    failed: int = 0
    unchanged: int = 0
    removed: int = 0
    facts: int = 0          # facts extracted from the processed reports in the same pass
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def wrote(self) -> bool:
        return bool(self.processed or self.failed or self.removed)


@dataclass(frozen=True)
class IngestOutcome:
    raw: RawFile
    report: CleanReport | None
    reason: str | None


def ingest_one(raw: RawFile) -> IngestOutcome:
    """Worker: never raises, so one bad file cannot stop the others."""
    limit = max_file_bytes()
    if raw.byte_size > limit:
        return IngestOutcome(raw, None, f"file too large: {raw.byte_size} bytes (limit {limit}, HEALTH_MAX_FILE_BYTES)")
    try:
        return IngestOutcome(raw, ingest_report(raw.path), None)
    except UnreadableReport as exc:
        return IngestOutcome(raw, None, exc.reason)
    except FileNotFoundError:
        return IngestOutcome(raw, None, "file vanished while being read")
    except Exception as exc:  # noqa: BLE001 - recorded with its reason, the run goes on
        return IngestOutcome(raw, None, f"internal error: {type(exc).__name__}: {exc}"[:500])


def known_files(con: duckdb.DuckDBPyConnection, names: list[str] | None = None) -> dict[str, tuple[str, str]]:
    """source_file → (content_hash, ingest_version) for processed reports and recorded failures alike (of `names`
    only, when given)."""
    query = ("SELECT source_file, content_hash, ingest_version FROM reports "
             "UNION ALL SELECT source_file, content_hash, ingest_version FROM ingest_errors")
    if names is None:
        rows = con.execute(query).fetchall()
    else:
        rows = con.execute("SELECT * FROM (" + query + ") WHERE source_file IN (SELECT unnest(?::VARCHAR[]))",
                           [names]).fetchall()
    return {source_file: (content_hash, version) for source_file, content_hash, version in rows}


def refresh_ingestion(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    *,
    workers: int,
    run_id: str | None,
    full_rebuild: bool = False,
    log: logging.Logger | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> IngestionSummary:
    log = log or logging.getLogger(__name__)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist")
    files = take_listing(raw_dir)
    if full_rebuild:
        known, stats = known_files(con), file_stats(con)
        plan = plan_refresh(files, known, INGEST_VERSION, full_rebuild=True, file_stats=stats)
        planned, unlisted_stats = files, []
    else:  # only the files the warehouse does not hold as they are reach Python (refresh/listing.py)
        state = listing_state(con, files, INGEST_VERSION)
        planned, unlisted_stats = state.open_files, state.unlisted_stats
        names = [raw.source_file for raw in planned]
        known, stats = known_files(con, names), file_stats(con, names)
        plan = merge_plan(plan_refresh(planned, known, INGEST_VERSION, file_stats=stats,
                                       recorded_duplicates=recorded_duplicates(con, names)), files, state)
    summary = IngestionSummary(files_seen=len(files), unchanged=plan.unchanged)
    summary.rows = {t: 0 for t in writer.REPORT_TABLES + writer.FILE_TABLES}
    log.info("ingestion plan: %d files, %d to process, %d unchanged, %d gone, %d duplicate names",
             len(files), len(plan.to_process), plan.unchanged, len(plan.removed_files), len(plan.duplicates))
    now = _now()
    if plan.to_process:
        writer.drop_outdated_regions(con)  # the region rows written below are of the current resolver

    done = 0
    hashes = dict(plan.hashes)  # completed by the workers' hashes of what they read
    # workers parse, extract the facts of what they just parsed (no second read of the report from the
    # warehouse), and build and validate the table frames of their batch; this process only writes
    parallel = workers if len(plan.to_process) >= MIN_PARALLEL_ITEMS else 1
    work = partial(ingest_batch, now=now, run_id=run_id)
    for batches in map_batches(work, chunked(plan.to_process, chunk_size), workers=parallel):
        failures = _write(con, batches, summary, now=now, run_id=run_id)
        done += sum(b.files for b in batches)
        for b in batches:
            hashes.update(b.hashes)
        for doc_id, reason in sorted(failures.items()):
            log.warning("extraction: %s recorded as failed: %s", doc_id, reason.splitlines()[0][:300])
        log.info("ingestion: %d/%d files (%d unreadable so far), %d facts extracted", done,
                 len(plan.to_process), summary.failed, summary.facts)

    recorded = recorded_duplicates(con, [raw.source_file for raw, _first in plan.duplicates])  # still recorded
    duplicates = [
        IngestOutcome(raw, None, f"{DUPLICATE_REASON}: doc_id {raw.doc_id!r} is already used by {first}")
        for raw, first in plan.duplicates
        if raw.source_file not in recorded  # already recorded: a rerun writes nothing new
    ]
    if duplicates:
        _write(con, [table_batch(duplicates, now, run_id)], summary, now=now, run_id=run_id)

    if plan.removed_files:
        writer.drop_removed(con, plan.removed_files, plan.removed_doc_ids)
        summary.removed = len(plan.removed_files)
        log.info("ingestion: dropped %d files that are gone from the raw folder", summary.removed)
    writer.save_file_stats(con, planned, hashes, stats, unlisted=unlisted_stats)
    if summary.wrote:
        writer.bump_generation(con)
    return summary


def recorded_duplicates(con: duckdb.DuckDBPyConnection, names: list[str]) -> frozenset[str]:
    """Which of these files ingest_errors already records as a duplicate report name."""
    if not names:
        return frozenset()
    rows = con.execute("SELECT source_file FROM ingest_errors WHERE starts_with(reason, ?) "
                       "AND source_file IN (SELECT unnest(?::VARCHAR[]))", [DUPLICATE_REASON, names]).fetchall()
    return frozenset(row[0] for row in rows)


def file_stats(con: duckdb.DuckDBPyConnection, names: list[str] | None = None) -> dict[str, tuple[int, int, str]]:
    """The raw_file_stats cache (sql/ddl/010_reports.sql): source_file → (size, mtime, content hash), of `names`
    only when given."""
    query = "SELECT source_file, byte_size, mtime_ns, content_hash FROM raw_file_stats"
    if names is None:
        rows = con.execute(query).fetchall()
    else:
        rows = con.execute(query + " WHERE source_file IN (SELECT unnest(?::VARCHAR[]))", [names]).fetchall()
    return {source_file: (size, mtime, digest) for source_file, size, mtime, digest in rows}


@dataclass
class IngestedBatch:
    """The table rows of one batch of files, validated, and what the write must replace."""

    frames: dict[str, pl.DataFrame]
    hashes: dict[str, str]    # source_file → sha256 of the bytes the worker read
    doc_ids: list[str]        # documents whose rows these frames replace
    source_files: list[str]   # files whose status and error rows they replace
    files: int
    processed: int
    failed: int
    extracted: extraction.ExtractedBatch | None = None  # facts of the parsed reports, under the current extractor


def ingest_batch(raws: list[RawFile], *, now: dt.datetime, run_id: str | None) -> IngestedBatch:
    """Worker: parse a batch of files, extract their facts, and turn both into validated table frames."""
    outcomes = [ingest_one(raw) for raw in raws]
    batch = table_batch(outcomes, now, run_id)
    batch.extracted = extraction.extract_reports([o.report for o in outcomes if o.report is not None])
    return batch


def table_batch(outcomes: list[IngestOutcome], now: dt.datetime, run_id: str | None) -> IngestedBatch:
    reports, texts, sections, sentences, region_rows, errors, statuses = [], [], [], [], [], [], []
    hashes: dict[str, str] = {}
    for outcome in outcomes:
        raw = outcome.raw
        if outcome.report is not None:
            report = outcome.report
            hashes[raw.source_file] = report.content_hash
            reports.append(frames.report_row(report, raw.source_file, INGEST_VERSION, now))
            texts.append(frames.text_row(report))
            sections.extend(frames.section_rows(report))
            sentences.extend(frames.sentence_rows(report))
            region_rows.append(regions.report_region_row(report))
            statuses.append(_status(raw, report.content_hash, "ingested", None, run_id, now))
        else:
            digest = file_sha256(raw.path)
            if digest is not None:
                hashes[raw.source_file] = digest
            errors.append({"source_file": raw.source_file, "doc_id": raw.doc_id, "content_hash": digest,
                           "byte_size": raw.byte_size, "reason": outcome.reason,
                           "ingest_version": INGEST_VERSION, "detected_at": now})
            statuses.append(_status(raw, digest, "failed", outcome.reason, run_id, now))
    batch = {
        "reports": (frames.frame(reports, frames.REPORT_SCHEMA), schemas.ReportModel),
        "report_texts": (frames.frame(texts, frames.REPORT_TEXT_SCHEMA), schemas.ReportTextModel),
        "sections": (frames.frame(sections, frames.SECTION_SCHEMA), schemas.SectionModel),
        "sentences": (frames.frame(sentences, frames.SENTENCE_SCHEMA), schemas.SentenceModel),
        "report_regions": (regions.region_frame(region_rows), schemas.ReportRegionModel),
        "ingest_errors": (frames.frame(errors, frames.INGEST_ERROR_SCHEMA), schemas.IngestErrorModel),
        "report_status": (frames.frame(statuses, frames.REPORT_STATUS_SCHEMA), schemas.ReportStatusModel),
    }
    for table, (frame, model) in batch.items():
        if frame.height:  # an empty frame is not written; its validation would cost a fixed few milliseconds
            schemas.validate(model, frame, table)
    return IngestedBatch(
        frames={table: frame for table, (frame, _model) in batch.items()},
        hashes=hashes,
        # a duplicate-name failure must not wipe the report that owns the doc_id
        doc_ids=sorted({o.raw.doc_id for o in outcomes if not (o.reason or "").startswith(DUPLICATE_REASON)}),
        source_files=sorted({o.raw.source_file for o in outcomes}),
        files=len(outcomes), processed=len(reports), failed=len(errors),
    )


def _write(con: duckdb.DuckDBPyConnection, batches: list[IngestedBatch], summary: IngestionSummary, *,
           now: dt.datetime, run_id: str | None) -> dict[str, str]:
    """Hand a chunk of batches to the writer and count it; doc_id → reason of failed extractions."""
    written = writer.write_ingested(con, batches, now=now, run_id=run_id)
    for table, rows in written.rows.items():
        summary.rows[table] += rows
    summary.processed += sum(b.processed for b in batches)
    summary.failed += sum(b.failed for b in batches)
    summary.facts += written.facts
    return written.failures


def _status(raw: RawFile, digest: str | None, status: str, reason: str | None, run_id: str | None,
            now: dt.datetime) -> dict:
    return {"source_file": raw.source_file, "doc_id": raw.doc_id, "content_hash": digest, "status": status,
            "n_facts": None, "reason": reason, "run_id": run_id, "updated_at": now}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
