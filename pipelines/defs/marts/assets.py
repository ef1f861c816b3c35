"""Canonical indicators, regions, attainment marts and the analysts' published copy."""

import dagster as dg

from pipelines.catalogue.version import CATALOGUE_VERSION
from pipelines.defs.resources import Warehouse
from pipelines.refresh.marts import refresh_attainment, refresh_catalogue_and_mapping
from pipelines.refresh.regions import refresh_regions

GROUP = "marts"


@dg.multi_asset(
    specs=[
        dg.AssetSpec("indicator_catalogue", group_name=GROUP, kinds={"duckdb"},
                     description="Canonical health indicators from pipelines/lexicons/indicators.csv."),
        dg.AssetSpec("indicator_mapping", group_name=GROUP, kinds={"duckdb"}, deps=["extracted_facts"],
                     description="Each extracted indicator name → canonical indicator (method and score)."),
    ],
    can_subset=False,
)
def canonical_indicators(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Map every indicator name not yet mapped by the current catalogue version."""
    with warehouse.connect() as con:
        summary = refresh_catalogue_and_mapping(con, log=context.log)
        catalogue_rows = con.execute("SELECT count(*) FROM indicator_catalogue").fetchall()[0][0]
    coverage = summary.facts_mapped / summary.facts_total if summary.facts_total else 0.0
    yield dg.MaterializeResult(asset_key="indicator_catalogue", metadata={
        "dagster/row_count": catalogue_rows, "catalogue_version": CATALOGUE_VERSION})
    yield dg.MaterializeResult(asset_key="indicator_mapping", metadata={
        "names": summary.names_total, "names_mapped": summary.names_mapped,
        "facts_mapped": summary.facts_mapped, "facts_total": summary.facts_total,
        "fact_coverage": round(coverage, 4),
        "top_unmapped": dg.MetadataValue.md(summary.top_unmapped.to_pandas().to_markdown(index=False)),
    })


@dg.asset(key="report_regions", group_name=GROUP, kinds={"duckdb"}, deps=["reports", "report_texts"])
def report_regions(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Each report's region resolved to an administrative-division code (anonymised regions stay apart)."""
    with warehouse.connect() as con:
        resolved = refresh_regions(con, log=context.log)
        preview = con.sql("SELECT doc_id, region, region_code, region_level, method, ambiguous "
                          "FROM report_regions ORDER BY doc_id LIMIT 20").pl()
        total = con.execute("SELECT count(*) FROM report_regions").fetchall()[0][0]
    return dg.MaterializeResult(metadata={
        "resolved_now": resolved, "dagster/row_count": total,
        "preview": dg.MetadataValue.md(preview.to_pandas().to_markdown(index=False)),
    })


@dg.multi_asset(
    specs=[
        dg.AssetSpec("target_vs_outcome", group_name=GROUP, kinds={"duckdb"},
                     deps=["indicator_mapping", "report_regions", "extracted_facts"],
                     description="Each target beside every outcome reported for it, with status and evidence."),
        dg.AssetSpec("target_progress", group_name=GROUP, kinds={"duckdb"},
                     deps=["indicator_mapping", "report_regions", "extracted_facts"],
                     description="Multi-year targets with a baseline: required against actual pace."),
    ],
    can_subset=False,
)
def attainment_marts(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Rebuild the attainment marts when anything upstream changed."""
    with warehouse.connect() as con:
        built = refresh_attainment(con, log=context.log)
        statuses = dict(con.execute(
            "SELECT status, count(*) FROM target_vs_outcome WHERE is_latest GROUP BY status ORDER BY status"
        ).fetchall())
        tvo_rows = con.execute("SELECT count(*) FROM target_vs_outcome").fetchall()[0][0]
        progress_rows = con.execute("SELECT count(*) FROM target_progress").fetchall()[0][0]
    yield dg.MaterializeResult(asset_key="target_vs_outcome", metadata={
        "rebuilt": built is not None, "dagster/row_count": tvo_rows, "final_status_counts": statuses})
    yield dg.MaterializeResult(asset_key="target_progress", metadata={
        "rebuilt": built is not None, "dagster/row_count": progress_rows})


@dg.asset(
    key="analyst_warehouse",
    group_name=GROUP,
    kinds={"duckdb"},
    deps=["reports", "sections", "sentences", "ingest_errors", "report_status", "extracted_facts",
          "indicator_mapping", "report_regions", "target_vs_outcome", "target_progress"],
)
def analyst_warehouse(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """The analysts' DuckDB file: an atomic copy of the working file, replaced only when something changed."""
    published = warehouse.publish()
    context.log.info("analysts' file %s %s", warehouse.published_db, "published" if published else "already current")
    import os

    return dg.MaterializeResult(metadata={
        "published": published,
        "path": dg.MetadataValue.path(warehouse.published_db),
        "size_bytes": os.path.getsize(warehouse.published_db),
    })
