"""Ingestion assets: raw files → reports, report_texts, sections, sentences, ingest_errors, report_status."""

from pathlib import Path

import dagster as dg

from pipelines.defs.config import RefreshConfig
from pipelines.defs.resources import Warehouse
from pipelines.refresh.ingestion import refresh_ingestion

GROUP = "ingestion"


def ingestion_specs() -> list[dg.AssetSpec]:
    """Built in a function: a module-level AssetSpec would be autoloaded as a second definition."""
    return [
        dg.AssetSpec("reports", group_name=GROUP, kinds={"duckdb"},
                     description="One row per readable report: title, issuer, region, level, kind, year, flags."),
        dg.AssetSpec("report_texts", group_name=GROUP, kinds={"duckdb"}, deps=["reports"],
                     description="Raw and cleaned text of each report with the clean→raw offset map."),
        dg.AssetSpec("sections", group_name=GROUP, kinds={"duckdb"}, deps=["reports"],
                     description="Heading hierarchy (一、/(一)/1./一是, part headings) with offsets."),
        dg.AssetSpec("sentences", group_name=GROUP, kinds={"duckdb"}, deps=["reports"],
                     description="Sentences with their section and clean/raw offsets."),
        dg.AssetSpec("ingest_errors", group_name=GROUP, kinds={"duckdb"},
                     description="Every raw file that could not be read, with its reason."),
        dg.AssetSpec("report_status", group_name=GROUP, kinds={"duckdb"},
                     description="Per-file status: ingested / extracted / failed, when, which run, how many facts."),
    ]


@dg.multi_asset(specs=ingestion_specs(), can_subset=False)
def ingested_reports(context: dg.AssetExecutionContext, config: RefreshConfig, warehouse: Warehouse):
    """Read every new or changed file in the raw folder (content-hash incremental), clean it and write it."""
    with warehouse.connect() as con:
        summary = refresh_ingestion(
            con,
            Path(warehouse.raw_dir),
            workers=warehouse.workers,
            run_id=context.run_id,
            full_rebuild=config.full_rebuild,
            log=context.log,
        )
        totals = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: S608 - constant names
            for table in ("reports", "report_texts", "sections", "sentences", "ingest_errors", "report_status")
        }
        preview = con.sql(
            "SELECT doc_id, title, region, admin_level, report_kind, year, encoding, truncated "
            "FROM reports ORDER BY doc_id LIMIT 10"
        ).pl()
    common = {
        "files_seen": summary.files_seen,
        "processed": summary.processed,
        "unreadable": summary.failed,
        "unchanged": summary.unchanged,
        "removed": summary.removed,
    }
    for spec in ingestion_specs():
        table = spec.key.path[-1]
        metadata = {**common, "rows_written": summary.rows.get(table, 0), "dagster/row_count": totals[table]}
        if table == "reports":
            metadata["preview"] = dg.MetadataValue.md(preview.to_pandas().to_markdown(index=False))
        yield dg.MaterializeResult(asset_key=spec.key, metadata=metadata)
