"""Asset checks that query the working warehouse: each SQL file counts violating rows; zero passes."""

from pathlib import Path

import dagster as dg

from pipelines.defs.resources import Warehouse
from pipelines.warehouse.provenance import span_violations, span_violations_in_parallel
from pipelines.warehouse.sql import sql_file

NO_ORPHAN_FACTS = "no_orphan_facts"
FACT_OFFSETS_INSIDE_DOCUMENT = "fact_offsets_inside_document"
STATUS_CONSISTENT = "status_consistent_with_values"
NO_DUPLICATE_TARGETS = "no_duplicate_targets"
ONE_LATEST_ROW = "one_latest_row_per_target"
EVERY_FILE_ACCOUNTED = "every_raw_file_accounted_for"
PUBLISHED_ASSET = "analyst_warehouse"

# (check name, asset, sql file, what a failure means)
CHECKS = [
    (NO_ORPHAN_FACTS, "extracted_facts", "checks/orphan_facts", "facts whose report is missing"),
    (FACT_OFFSETS_INSIDE_DOCUMENT, "extracted_facts", "checks/fact_offsets_outside_document",
     "facts whose offsets or quotes do not match their document"),
    (STATUS_CONSISTENT, "target_vs_outcome", "checks/status_inconsistent", "rows whose status contradicts the values"),
    (NO_DUPLICATE_TARGETS, "target_vs_outcome", "checks/duplicate_targets", "duplicate target/outcome rows"),
    (ONE_LATEST_ROW, "target_vs_outcome", "checks/latest_per_target", "targets without exactly one latest row"),
    (EVERY_FILE_ACCOUNTED, "report_status", "checks/unaccounted_files", "files neither processed nor recorded"),
]


# checks that slice report texts run per range of documents (bounded memory at any corpus size)
CHUNKED = {FACT_OFFSETS_INSIDE_DOCUMENT}
DOCS_PER_CHUNK = 2500
# the provenance rule is run in Python (pipelines.warehouse.provenance); its SQL file states it for reference
PROVENANCE_SQL = "checks/fact_offsets_outside_document"


def doc_ranges(con) -> list[tuple[str, str]]:
    """doc_id ranges of the latest extraction, DOCS_PER_CHUNK documents each."""
    return con.execute(sql_file("checks/latest_doc_chunks"), {"size": DOCS_PER_CHUNK}).fetchall()


def count_violations(con, sql_name: str, *, chunked: bool = False) -> int:
    """Rows the check's SQL counts; a chunked check is summed over doc_id ranges of the latest extraction."""
    if not chunked:
        return con.execute(sql_file(sql_name)).fetchall()[0][0]
    if sql_name == PROVENANCE_SQL:
        return sum(span_violations(con, first, last) for first, last in doc_ranges(con))
    return sum(
        con.execute(sql_file(sql_name), {"first_doc": first, "last_doc": last}).fetchall()[0][0]
        for first, last in doc_ranges(con)
    )


def _result(name: str, asset: str, meaning: str, violations: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name=name,
        asset_key=asset,
        passed=violations == 0,
        metadata={"violations": violations},
        description=None if violations == 0 else f"{violations} {meaning}",
    )


# One Dagster step runs every check (each still its own check in the UI and the run's results): a step of its own
# cost each check a connection and ≈ 0.1 s of Dagster's step events, most of a one-report refresh's check time.
# After the publish: a non-blocking check never stops the analysts' copy, so it must not delay it either (the copy
# is the working file as the checks read it).
@dg.multi_asset_check(
    name="warehouse_checks",
    specs=[dg.AssetCheckSpec(name, asset=asset, description=f"Fails when there are {meaning}.", blocking=False,
                             additional_deps=[PUBLISHED_ASSET])
           for name, asset, _sql_name, meaning in CHECKS],
    can_subset=True,
)
def warehouse_checks(context: dg.AssetCheckExecutionContext, warehouse: Warehouse):
    selected = {key.name for key in context.selected_asset_check_keys}
    chosen = [spec for spec in CHECKS if spec[0] in selected]
    provenance = [spec for spec in chosen if spec[2] == PROVENANCE_SQL]
    for name, asset, _sql_name, meaning in provenance:
        with warehouse.connect() as con:
            ranges = doc_ranges(con)
        # once the connection is closed: workers open the file read-only
        yield _result(name, asset, meaning,
                      span_violations_in_parallel(Path(warehouse.work_db), ranges, workers=warehouse.workers))
    others = [spec for spec in chosen if spec[2] != PROVENANCE_SQL]
    if others:
        with warehouse.connect() as con:
            counts = [count_violations(con, sql_name, chunked=name in CHUNKED) for name, _a, sql_name, _m in others]
        for (name, asset, _sql_name, meaning), violations in zip(others, counts):
            yield _result(name, asset, meaning, violations)


@dg.definitions
def checks() -> dg.Definitions:
    return dg.Definitions(asset_checks=[warehouse_checks])
