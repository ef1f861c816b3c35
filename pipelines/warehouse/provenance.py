"""Provenance check: every stored fact's offsets lie inside its document and its quotes are the slices they
point at.

`sql/checks/fact_offsets_outside_document.sql` states the rule in SQL and stays the reference (a test holds
this module to it). Run here, the same rule costs a fraction: DuckDB slices UTF-8 text by walking it from the
start for every fact, while a Python str is sliced by code point in constant time.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

import duckdb

from pipelines.refresh.pool import map_batches
from pipelines.warehouse import store
from pipelines.warehouse.sql import sql_file


def span_violations(con: duckdb.DuckDBPyConnection, first_doc: str, last_doc: str) -> int:
    """Facts of the latest extraction in [first_doc, last_doc] whose offsets or quotes do not match their text.

    A fact whose report has no text row is left to the orphan check, as in the SQL rule.
    """
    params = {"first_doc": first_doc, "last_doc": last_doc}
    texts = {doc_id: (clean, raw) for doc_id, clean, raw in
             con.execute(sql_file("checks/range_texts"), params).fetchall()}
    bad = 0
    for doc_id, c_start, c_end, r_start, r_end, value_text, raw_quote in con.execute(
            sql_file("checks/latest_fact_spans"), params).fetchall():
        text = texts.get(doc_id)
        if text is None:
            continue
        clean, raw = text
        if None in (c_start, c_end, r_start, r_end) or not (
            0 <= c_start <= c_end <= len(clean) and 0 <= r_start <= r_end <= len(raw)
            and clean[c_start:c_end] == value_text and raw[r_start:r_end] == raw_quote
        ):
            bad += 1
    return bad


def file_span_violations(path: str, ranges: list[tuple[str, str]]) -> int:
    """Worker: `span_violations` summed over doc_id ranges, on a read-only connection of its own."""
    with store.connect(Path(path), read_only=True) as con:
        return sum(span_violations(con, first, last) for first, last in ranges)


def span_violations_in_parallel(path: Path, ranges: list[tuple[str, str]], *, workers: int) -> int:
    """`span_violations` over every range, the ranges split between worker processes that each open the file
    read-only (the caller must have closed its own read-write connection)."""
    if workers <= 1 or len(ranges) < 2:
        return file_span_violations(str(path), ranges)
    counts = map_batches(partial(file_span_violations, str(path)), [list(ranges)], workers=min(workers, len(ranges)))
    return sum(count for chunk in counts for count in chunk)
