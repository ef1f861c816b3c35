"""Indicator-fact extraction asset: cleaned reports → extracted_facts (incremental by content and extractor)."""

import dagster as dg

from pipelines.defs.config import RefreshConfig
from pipelines.defs.resources import Warehouse
from pipelines.refresh.extraction import EXTRACTOR_VERSION, refresh_extraction

GROUP = "facts"


@dg.asset(
    key="extracted_facts",
    deps=["reports", "report_texts", "sections", "sentences"],
    group_name=GROUP,
    kinds={"duckdb"},
)
def extracted_facts(context: dg.AssetExecutionContext, config: RefreshConfig, warehouse: Warehouse):
    """Every indicator fact (value, unit, qualifier, kind, year) with provenance into clean and raw text."""
    with warehouse.connect() as con:
        summary = refresh_extraction(
            con, workers=warehouse.workers, run_id=context.run_id, full_rebuild=config.full_rebuild, log=context.log
        )
        total, flagged = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE len(plausibility_flags) > 0) FROM extracted_facts"
        ).fetchall()[0]
        by_kind = dict(con.execute("SELECT kind, count(*) FROM extracted_facts GROUP BY kind ORDER BY kind").fetchall())
        preview = con.sql(
            "SELECT doc_id, indicator, value, unit, qualifier, kind, year, value_text FROM extracted_facts "
            "ORDER BY doc_id, fact_id LIMIT 15"
        ).pl()
    return dg.MaterializeResult(
        metadata={
            "reports_extracted": summary.reports,
            "facts_written": summary.facts,
            "dagster/row_count": total,
            "flagged_implausible": flagged,
            "by_kind": by_kind,
            "extractor_version": EXTRACTOR_VERSION,
            "preview": dg.MetadataValue.md(preview.to_pandas().to_markdown(index=False)),
        }
    )
