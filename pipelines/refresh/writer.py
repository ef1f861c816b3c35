"""The one module that writes a refresh batch into the working warehouse.

The stages (`ingestion`, `extraction`, `regions`) compute validated frames, in worker processes where they can;
this module owns what is written, in which transaction, and which rows a batch replaces:

- a parsed batch replaces the rows of its documents in every report table and the status and error rows of
  its files, and writes the facts (and deliberately unset targets) extracted in the same pass, all at once;
- a re-extracted batch replaces facts, unset targets and extraction-log rows, and the report status;
- files gone from the raw folder lose every row; a new region resolver drops every region row first.

Every write here runs inside one transaction per chunk, so a killed run leaves the last committed chunk.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from pipelines.catalogue.version import CATALOGUE_VERSION
from pipelines.warehouse import store

if TYPE_CHECKING:
    from pipelines.refresh.extraction import ExtractedBatch
    from pipelines.refresh.ingestion import IngestedBatch
    from pipelines.warehouse.inventory import RawFile

REPORT_TABLES = ("reports", "report_texts", "sections", "sentences", "report_regions")   # keyed by doc_id
FILE_TABLES = ("ingest_errors", "report_status")                                         # keyed by source_file
# written from the same batch as the report, or dropped until it is re-extracted
DERIVED_TABLES = ("extracted_facts", "unset_targets", "extraction_log")
STATE_REGIONS_VERSION = "regions_catalogue_version"
LOG_SCHEMA = {"doc_id": pl.String, "content_hash": pl.String, "extractor_version": pl.String,
              "n_facts": pl.Int32, "extracted_at": pl.Datetime("us"), "n_facts_without_year": pl.Int32,
              "n_unplaced_cells": pl.Int32}


@dataclass
class Written:
    """What one write did: rows per report table, facts written, doc_id → reason of failed extractions."""

    rows: dict[str, int] = field(default_factory=dict)
    facts: int = 0
    failures: dict[str, str] = field(default_factory=dict)


def _transaction(con: duckdb.DuckDBPyConnection, write) -> Written:
    con.execute("BEGIN TRANSACTION")
    try:
        written = write()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return written


def write_ingested(con: duckdb.DuckDBPyConnection, batches: list["IngestedBatch"], *, now: dt.datetime,
                   run_id: str | None) -> Written:
    """One transaction for a chunk of parsed batches: each table's rows replace those of the same documents or
    files, and the facts extracted in the workers are written with them."""
    if not batches:
        return Written()

    def write() -> Written:
        written = Written()
        doc_ids = sorted({d for b in batches for d in b.doc_ids})
        source_files = sorted({f for b in batches for f in b.source_files})
        for table in batches[0].frames:
            frame = pl.concat([b.frames[table] for b in batches], how="vertical")
            if table in FILE_TABLES:
                store.replace_rows(con, table, frame, key="source_file", keys=source_files)
            else:
                store.replace_rows(con, table, frame, keys=doc_ids)
            written.rows[table] = frame.height
        # stale once the document changed; the rows of re-extracted reports are replaced just below
        extracted = {d for b in batches if b.extracted is not None for d, *_ in b.extracted.results}
        empty = pl.DataFrame(schema={"doc_id": pl.String})
        for table in DERIVED_TABLES:
            store.replace_rows(con, table, empty, keys=[d for d in doc_ids if d not in extracted])
        facts = _write_extracted(con, [b.extracted for b in batches if b.extracted is not None], now=now,
                                 run_id=run_id)
        written.facts, written.failures = facts.facts, facts.failures
        return written

    return _transaction(con, write)


def write_extracted(con: duckdb.DuckDBPyConnection, batches: list["ExtractedBatch"], *, now: dt.datetime,
                    run_id: str | None) -> Written:
    """One transaction for a chunk of re-extracted reports: facts, unset targets, extraction log, status."""
    return _transaction(con, lambda: _write_extracted(con, batches, now=now, run_id=run_id))


def _write_extracted(con: duckdb.DuckDBPyConnection, batches: list["ExtractedBatch"], *, now: dt.datetime,
                     run_id: str | None) -> Written:
    results = [result for batch in batches for result in batch.results]
    doc_chunk = [doc_id for doc_id, *_ in results]
    if not doc_chunk:
        return Written()
    failures = {doc_id: reason for doc_id, _h, _n, reason, *_counts in results if reason}
    facts = pl.concat([batch.facts for batch in batches], how="vertical")
    unset = pl.concat([batch.unset for batch in batches], how="vertical")
    log_frame = pl.DataFrame(
        [{"doc_id": d, "content_hash": h, "extractor_version": batch.extractor_version, "n_facts": n,
          "extracted_at": now, "n_facts_without_year": no_year, "n_unplaced_cells": unplaced}
         for batch in batches for d, h, n, _, no_year, unplaced in batch.results],
        schema=LOG_SCHEMA,
    )
    store.replace_rows(con, "extracted_facts", facts, keys=doc_chunk)
    store.replace_rows(con, "unset_targets", unset, keys=doc_chunk)
    store.replace_rows(con, "extraction_log", log_frame, keys=doc_chunk)
    # only the file that owns the report (a duplicate-name file shares its doc_id and stays failed);
    # a report whose extraction failed under an older extractor is extracted again here
    con.execute(
        "UPDATE report_status SET status = 'extracted', n_facts = l.n_facts, reason = NULL, run_id = ?, "
        "n_facts_without_year = l.n_facts_without_year, n_unplaced_cells = l.n_unplaced_cells, "
        "updated_at = ? FROM extraction_log l, reports r WHERE l.doc_id = report_status.doc_id "
        "AND r.doc_id = l.doc_id AND r.source_file = report_status.source_file "
        "AND l.doc_id IN (SELECT unnest(?::VARCHAR[]))",
        [run_id, now, doc_chunk],
    )
    for doc_id, reason in sorted(failures.items()):
        con.execute(
            "UPDATE report_status SET status = 'failed', n_facts = 0, reason = ?, run_id = ?, updated_at = ? "
            "WHERE doc_id = ? AND source_file IN (SELECT source_file FROM reports WHERE doc_id = ?)",
            [reason, run_id, now, doc_id, doc_id],
        )
    return Written(facts=facts.height, failures=failures)


def drop_removed(con: duckdb.DuckDBPyConnection, removed_files: list[str], removed_doc_ids: list[str]) -> None:
    """Files gone from the raw folder: their status and error rows, and every row of their documents."""
    empty = pl.DataFrame(schema={"doc_id": pl.String, "source_file": pl.String})

    def write() -> Written:
        for table in FILE_TABLES:
            store.replace_rows(con, table, empty, key="source_file", keys=removed_files)
        for table in REPORT_TABLES + DERIVED_TABLES:
            store.replace_rows(con, table, empty, keys=removed_doc_ids)
        return Written()

    _transaction(con, write)


def drop_outdated_regions(con: duckdb.DuckDBPyConnection) -> None:
    """A new division table or resolver drops every region row (each is resolved again); rows written after
    this call are of the current version."""
    version = int(CATALOGUE_VERSION[:15], 16)

    def write() -> Written:
        if store.get_state(con, STATE_REGIONS_VERSION) != version:
            con.execute("DELETE FROM report_regions")
            store.set_state(con, STATE_REGIONS_VERSION, version)
        return Written()

    _transaction(con, write)


def write_regions(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Region rows resolved from stored reports (those a new resolver dropped)."""
    if not frame.height:
        return

    def write() -> Written:
        store.replace_rows(con, "report_regions", frame)
        store.bump_generation(con)
        return Written()

    _transaction(con, write)


# raw_file_stats (sql/ddl/010_reports.sql) is a cache, not a warehouse table: (size, mtime) → content hash of each
# raw file, so an unchanged file is not read again. Losing it only costs one re-read of the corpus.
def save_file_stats(con: duckdb.DuckDBPyConnection, files: list["RawFile"], hashes: dict[str, str],
                    previous: dict[str, tuple[int, int, str]], *, unlisted: list[str] = ()) -> None:
    """Bring the raw_file_stats cache to the listing just made: only the entries that changed are written (one new
    report at 100k files must not rewrite 100k rows).

    `files` are the listed files the plan looked at and `previous` their cache entries (an incremental refresh
    leaves the entries of the files it found unchanged alone); `unlisted` the entries of files no longer listed."""
    current = {raw.source_file: (raw.byte_size, raw.mtime_ns, hashes[raw.source_file])
               for raw in files if raw.source_file in hashes}
    changed = {k: v for k, v in current.items() if previous.get(k) != v}
    gone = sorted((set(previous) - set(current)) | set(unlisted))
    if not changed and not gone:
        return
    frame = pl.DataFrame(
        [{"source_file": k, "byte_size": v[0], "mtime_ns": v[1], "content_hash": v[2]} for k, v in changed.items()],
        schema={"source_file": pl.String, "byte_size": pl.Int64, "mtime_ns": pl.Int64, "content_hash": pl.String},
    )

    def write() -> Written:
        stale = sorted(changed) + gone
        con.execute("DELETE FROM raw_file_stats WHERE source_file IN (SELECT unnest(?::VARCHAR[]))", [stale])
        if frame.height:
            con.register("incoming_file_stats", frame.to_arrow())
            try:
                con.execute("INSERT INTO raw_file_stats BY NAME SELECT * FROM incoming_file_stats")
            finally:
                con.unregister("incoming_file_stats")
        return Written()

    _transaction(con, write)


def bump_generation(con: duckdb.DuckDBPyConnection) -> None:
    """A stage that wrote anything marks the warehouse as changed (the marts and the publish look at it)."""
    store.bump_generation(con)
