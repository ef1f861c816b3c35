"""Quality outputs over the analysts' published file: Great Expectations Data Docs and the attainment report."""

import dagster as dg

from pipelines.defs.resources import Warehouse
from pipelines.quality.expectations import OVERVIEW_NAME, build_data_docs, docs_dir_for
from pipelines.quality.freshness import is_current, published_generation
from pipelines.quality.report import report_dir_for, write_attainment_report

GROUP = "quality"


def _unchanged(context: dg.AssetExecutionContext, out_dir, generation: int, what: str) -> dg.MaterializeResult | None:
    """A rerun on the same warehouse writes nothing: the output already says which generation it shows."""
    if not is_current(out_dir, generation):
        return None
    context.log.info("%s already built from warehouse generation %d", what, generation)
    return dg.MaterializeResult(metadata={"rebuilt": False, "warehouse_generation": generation})


@dg.asset(key="data_docs", group_name=GROUP, kinds={"great_expectations", "html"}, deps=["analyst_warehouse"])
def data_docs(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """Great Expectations suites over reports, indicator_facts, target_vs_outcome and ingest_errors, validated
    against the analysts' file, with the Data Docs site in <warehouse folder>/data_docs/ (index.html, and
    overview.html which needs no network). Fails when an expectation fails, naming it."""
    generation = published_generation(warehouse.published_db)
    if skipped := _unchanged(context, docs_dir_for(warehouse.published_db), generation, "data docs"):
        return skipped
    summary = build_data_docs(warehouse.published_db)
    metadata = {
        "rebuilt": True,
        "warehouse_generation": generation,
        "success": summary.success,
        "index_html": dg.MetadataValue.path(str(summary.index_html)),
        "overview_html": dg.MetadataValue.path(str(summary.index_html.with_name(OVERVIEW_NAME))),
        "seconds": round(summary.seconds, 2),
        "scope": summary.scope.describe() if summary.scope else "full pass",
        **{f"{s.suite}/success": s.success for s in summary.suites},
        **{f"{s.suite}/expectations": f"{s.successful}/{s.evaluated}" for s in summary.suites},
        **{f"{s.suite}/rows": s.rows for s in summary.suites},
    }
    if not summary.success:
        raise dg.Failure(description=summary.failure_message(), metadata=metadata)
    context.log.info("data docs: %d suites passed in %.1fs (%s): %s", len(summary.suites), summary.seconds,
                     summary.scope.describe() if summary.scope else "full pass", summary.index_html)
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(key="attainment_report", group_name=GROUP, kinds={"html"}, deps=["analyst_warehouse"])
def attainment_report(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """Static HTML report (<warehouse folder>/report/index.html, one PNG per chart): per region, each target
    beside the outcome that decides it, coloured by status, with the evidence sentences."""
    generation = published_generation(warehouse.published_db)
    if skipped := _unchanged(context, report_dir_for(warehouse.published_db), generation, "attainment report"):
        return skipped
    summary = write_attainment_report(warehouse.published_db)
    context.log.info("attainment report: %d regions, %d targets in %.1fs (%d charts drawn, the others "
                     "unchanged): %s", summary.regions, summary.targets, summary.seconds, summary.charts_drawn,
                     summary.index_html)
    return dg.MaterializeResult(metadata={
        "rebuilt": True,
        "index_html": dg.MetadataValue.path(str(summary.index_html)),
        "regions": summary.regions,
        "targets": summary.targets,
        "charts": len(summary.charts),
        "charts_drawn": summary.charts_drawn,
        "warehouse_generation": summary.generation,
        "final_status_counts": summary.status_counts,
        "seconds": round(summary.seconds, 2),
    })
