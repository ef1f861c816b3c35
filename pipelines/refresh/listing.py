"""Which files of a raw-folder listing an incremental refresh must look at, decided in DuckDB.

At 100k files one new report must not cost turning every file, every known report and every file-stat cache entry
into Python dictionaries (≈ 0.5 s): the listing goes to DuckDB as one Arrow table and is joined there with the
file-stat cache and the known files (sql/refresh/open_files.sql). The files it leaves open (new, changed, of another
ingest version, sharing a doc_id) go through inventory.plan_refresh as before; the others are unchanged, and
`merge_plan` makes the open files' plan the plan of the whole listing, exactly as plan_refresh over every file
would have made it (tests/test_warehouse_store.py compares the two).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from pipelines.warehouse.inventory import DUPLICATE_REASON, RawFile, RefreshPlan, removed_doc_ids
from pipelines.warehouse.sql import sql_file


@dataclass(frozen=True)
class ListingState:
    open_files: list[RawFile]    # the files plan_refresh must look at, in listing order
    settled: int                 # files the warehouse holds exactly as they are
    unlisted_known: list[str]    # files the warehouse knows that are gone from the listing
    unlisted_stats: list[str]    # file-stat cache entries of files gone from the listing


def listing_state(con: duckdb.DuckDBPyConnection, files: list[RawFile], version: str) -> ListingState:
    listing = pa.table({
        "source_file": pa.array([f.source_file for f in files], pa.string()),
        "doc_id": pa.array([f.doc_id for f in files], pa.string()),
        "byte_size": pa.array([f.byte_size for f in files], pa.int64()),
        "mtime_ns": pa.array([f.mtime_ns for f in files], pa.int64()),
    })
    con.register("listing", listing)
    try:
        params = {"version": version, "duplicate_reason": DUPLICATE_REASON}
        open_names = {row[0] for row in con.execute(sql_file("refresh/open_files"), params).fetchall()}
        unlisted = con.execute(sql_file("refresh/unlisted_files")).fetchall()
    finally:
        con.unregister("listing")
    open_files = [f for f in files if f.source_file in open_names]
    return ListingState(open_files=open_files, settled=len(files) - len(open_files),
                        unlisted_known=[sf for kind, sf in unlisted if kind == "known"],
                        unlisted_stats=[sf for kind, sf in unlisted if kind == "stats"])


def merge_plan(plan: RefreshPlan, files: list[RawFile], state: ListingState) -> RefreshPlan:
    """The plan of the whole listing from the plan of its open files (plan_refresh over state.open_files, with the
    known files and stats of those files only)."""
    removed_files = sorted(set(plan.removed_files) | set(state.unlisted_known))
    return RefreshPlan(plan.to_process, removed_doc_ids(removed_files, files), removed_files,
                       plan.unchanged + state.settled, plan.hashes, plan.duplicates)
