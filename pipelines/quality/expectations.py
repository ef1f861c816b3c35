"""Great Expectations suites that document and guard the analysts' warehouse, and the Data Docs site built from them.

The frames are read from the published DuckDB file (read-only) into pandas: GX's SQL datasource reports
false failures on DuckDB, so every suite validates a pandas frame instead. The context is ephemeral (nothing
but the HTML site touches the disk) and the site is rebuilt from scratch each time into
`<warehouse folder>/data_docs/`, so a rerun never accumulates old validation results.

After an incremental refresh the suites validate the rows of the reports that changed since the last
successful build (`ValidationScope`): one new report costs what it changes. A full pass runs when there is no
earlier build, when the marts were rebuilt whole (a new catalogue), or when most reports changed (the nightly
`--full-rebuild` re-extracts every report, so its run is a full pass).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from pipelines.quality.freshness import mark_built, published_generation, replace_folder
from pipelines.quality.sql_files import quality_sql
from pipelines.warehouse.schemas import ADMIN_LEVELS, ALLOWED_UNITS, FACT_KINDS, QUALIFIERS, REPORT_KINDS, STATUSES

if TYPE_CHECKING:
    import pandas as pd

DOCS_DIRNAME = "data_docs"
SITE_NAME = "warehouse"
CHECKPOINT_NAME = "warehouse"
# Written into the site folder so that a rebuild only ever deletes a folder this module made.
SITE_MARKER = ".built_by_pipelines_quality"
# A static page of every expectation and its outcome, readable offline (GX pages fetch CSS/JS from CDNs).
OVERVIEW_NAME = "overview.html"
# Suite name → SQL file (pipelines/quality/sql/<name>.sql) that reads its frame.
SUITES = ("reports", "indicator_facts", "target_vs_outcome", "ingest_errors")
YEAR_MIN, YEAR_MAX = 1949, 2100
# Share of reports whose year must fall in range: an odd page (a reprint of an old notice) may not.
YEAR_MOSTLY = 0.95


SCOPE_FILE = ".validation_scope.json"
# Past this share of the reports changed, validating "the changed rows" is the full pass anyway.
FULL_PASS_SHARE = 0.5
# The rows of the changed reports each suite validates (quality_scope holds their doc_ids).
SCOPE_PREDICATES = {
    "reports": "doc_id IN (SELECT doc_id FROM quality_scope)",
    "indicator_facts": "doc_id IN (SELECT doc_id FROM quality_scope)",
    "target_vs_outcome": "target_doc_id IN (SELECT doc_id FROM quality_scope) "
                         "OR outcome_doc_id IN (SELECT doc_id FROM quality_scope)",
    "ingest_errors": "doc_id IN (SELECT doc_id FROM quality_scope)",
}


@dataclass(frozen=True)
class ValidationScope:
    """What a Data Docs build validates: every row (doc_ids None), or the rows of these reports."""

    doc_ids: tuple[str, ...] | None
    generation: int
    extracted_through: str     # newest extraction stamp the build covers (ISO), for the next build's scope
    marts_full: int            # the generation of the last whole rebuild of the marts
    since_generation: int | None = None

    @property
    def full(self) -> bool:
        return self.doc_ids is None

    def describe(self) -> str:
        if self.full:
            return "full pass: every row (up to the sample bound)"
        return (f"incremental pass: the rows of the {len(self.doc_ids)} report(s) changed since generation "
                f"{self.since_generation}; the full pass runs on the nightly rebuild")


def validation_scope(published_db: Path | str, docs_dir: Path | str | None = None, *,
                     full: bool = False) -> ValidationScope:
    """The rows this build must validate, from the previous successful build's scope file."""
    import json

    docs_dir = Path(docs_dir) if docs_dir is not None else docs_dir_for(published_db)
    with contextlib.closing(duckdb.connect(str(published_db), read_only=True)) as con:
        state = dict(con.execute("SELECT key, value FROM pipeline_state").fetchall())
        newest = con.execute("SELECT coalesce(max(extracted_at), TIMESTAMP '1970-01-01') FROM extraction_log"
                             ).fetchall()[0][0]
        generation, marts_full = int(state.get("generation", 0)), int(state.get("marts_full_generation", 0))
        whole = ValidationScope(None, generation, newest.isoformat(), marts_full)
        try:
            previous = json.loads((docs_dir / SCOPE_FILE).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return whole
        if full or previous.get("marts_full") != marts_full or "extracted_through" not in previous:
            return whole
        since = dt.datetime.fromisoformat(previous["extracted_through"])
        changed = [r[0] for r in con.execute(
            "SELECT doc_id FROM extraction_log WHERE extracted_at > ? UNION "
            "SELECT doc_id FROM ingest_errors WHERE detected_at > ? ORDER BY 1", [since, since]).fetchall()]
        reports = con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    if len(changed) > FULL_PASS_SHARE * max(reports, 1):
        return whole
    return ValidationScope(tuple(changed), generation, newest.isoformat(), marts_full,
                           since_generation=previous.get("generation"))


@dataclass(frozen=True)
class ExpectationOutcome:
    """One evaluated expectation, worded for a log line, an exception message or the overview page."""

    suite: str
    expectation: str
    target: str
    success: bool
    detail: str
    notes: str = ""

    def __str__(self) -> str:
        return f"{self.suite}: {self.expectation}({self.target}) {'passed' if self.success else 'failed'}: {self.detail}"


@dataclass(frozen=True)
class SuiteResult:
    suite: str
    success: bool
    rows: int
    evaluated: int
    successful: int
    outcomes: tuple[ExpectationOutcome, ...] = ()

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]


@dataclass(frozen=True)
class DataDocsSummary:
    """What one validation of the warehouse found, and where its Data Docs site is."""

    published_db: Path
    index_html: Path
    suites: tuple[SuiteResult, ...]
    seconds: float = field(compare=False)
    scope: ValidationScope | None = field(default=None, compare=False)

    @property
    def success(self) -> bool:
        return all(s.success for s in self.suites)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [f for s in self.suites for f in s.failures]

    def failure_message(self) -> str:
        failed = [s for s in self.suites if not s.success]
        lines = [f"{len(self.failures)} expectation(s) failed in {len(failed)} of {len(self.suites)} suite(s) "
                 f"on {self.published_db}:"]
        lines += [f"  - {failure}" for failure in self.failures]
        lines.append(f"Data Docs: {self.index_html} (offline: {self.index_html.with_name(OVERVIEW_NAME)})")
        return "\n".join(lines)


class WarehouseExpectationsFailed(Exception):
    """At least one expectation failed; the message names each one. `summary` holds the full result."""

    def __init__(self, summary: DataDocsSummary):
        super().__init__(summary.failure_message())
        self.summary = summary


# Past this many rows a suite validates a repeatable sample (every row already passed its Pandera model when it
# was written). 300k rather than 1M: at 100k reports the full pass's pandas frames and GX's copies of them were
# the largest process of the rebuild.
MAX_VALIDATED_ROWS = 300_000


def docs_dir_for(published_db: Path | str) -> Path:
    """The Data Docs site lives beside the analysts' file: <folder>/data_docs/."""
    return Path(published_db).resolve().parent / DOCS_DIRNAME


def read_frames(published_db: Path | str, scope: ValidationScope | None = None) -> dict[str, pd.DataFrame]:
    """One pandas frame per suite, read from the published file without locking it for writers: every row, or
    those of the scope's reports."""
    with contextlib.closing(duckdb.connect(str(published_db), read_only=True)) as con:
        if scope is None or scope.full:
            return {suite: con.execute(_bounded(quality_sql(suite))).df() for suite in SUITES}
        con.execute("CREATE TEMP TABLE quality_scope AS SELECT unnest(?::VARCHAR[]) AS doc_id", [list(scope.doc_ids)])
        return {suite: con.execute(_bounded(f"SELECT * FROM ({quality_sql(suite)}) "
                                            f"WHERE {SCOPE_PREDICATES[suite]}")).df() for suite in SUITES}


def _bounded(query: str) -> str:
    """Past MAX_VALIDATED_ROWS a table is validated on a repeatable sample: every row was already validated
    by its Pandera model when written, and pandas frames of millions of facts would not fit the memory budget."""
    return (f"SELECT * FROM ({query}) USING SAMPLE reservoir({MAX_VALIDATED_ROWS} ROWS) REPEATABLE (42) "
            f"ORDER BY ALL")


def suite_expectations(suite: str) -> list[Any]:
    """The expectations of one suite (GX objects). Notes say why each one matters; Data Docs shows them."""
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    if suite == "reports":
        return [
            gxe.ExpectColumnValuesToNotBeNull(column="doc_id", notes="The key every other table joins on."),
            gxe.ExpectColumnValuesToBeUnique(column="doc_id", notes="One row per readable report."),
            gxe.ExpectColumnValuesToBeUnique(column="source_file"),
            gxe.ExpectColumnValuesToMatchRegex(column="content_hash", regex=r"^[0-9a-f]{64}$",
                                               notes="sha256 of the raw bytes; drives incremental reprocessing."),
            gxe.ExpectColumnValuesToBeInSet(column="report_kind", value_set=REPORT_KINDS),
            gxe.ExpectColumnValuesToBeInSet(column="admin_level", value_set=ADMIN_LEVELS),
            gxe.ExpectColumnValuesToBeBetween(column="year", min_value=YEAR_MIN, max_value=YEAR_MAX,
                                              mostly=YEAR_MOSTLY, notes="NULL when the year is unknowable."),
            gxe.ExpectColumnValuesToNotBeNull(column="region_anonymised"),
            gxe.ExpectColumnValuesToNotBeNull(column="truncated"),
            gxe.ExpectColumnValuesToBeBetween(column="n_chars", min_value=1,
                                              notes="A readable report has text."),
            gxe.ExpectColumnValuesToBeBetween(column="repaired_count", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="corrupted_span_count", min_value=0),
        ]
    if suite == "indicator_facts":
        return [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["doc_id", "fact_id"]),
            gxe.ExpectColumnValuesToNotBeNull(column="indicator"),
            gxe.ExpectColumnValueLengthsToBeBetween(column="indicator", min_value=1),
            gxe.ExpectColumnValuesToNotBeNull(column="value"),
            gxe.ExpectColumnValuesToNotBeNull(column="kind"),
            gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=FACT_KINDS),
            gxe.ExpectColumnValuesToBeInSet(column="unit", value_set=sorted(ALLOWED_UNITS),
                                            notes="Base units of pipelines/lexicons/units.json (magnitudes folded)."),
            gxe.ExpectColumnValuesToBeInSet(column="qualifier", value_set=QUALIFIERS,
                                            notes="NULL when the value carries no qualifier."),
            gxe.ExpectColumnValuesToBeBetween(column="year", min_value=YEAR_MIN, max_value=YEAR_MAX),
            gxe.ExpectColumnValuesToNotBeNull(column="raw_quote",
                                              notes="Every fact points back to the exact source text."),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="raw_end", column_B="raw_start"),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="clean_end", column_B="clean_start"),
            gxe.ExpectColumnValuesToBeBetween(
                column="value", min_value=0, max_value=100,
                row_condition=(Column("unit") == "%") & Column("change").is_null()
                & (Column("flagged_percent_out_of_range") == False),  # noqa: E712 (builds a GX condition)
                notes="A percentage level lies in 0–100 unless it is a change or carries the "
                      "percent_out_of_range plausibility flag."),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="value_high", column_B="value", or_equal=True, ignore_row_if="either_value_is_missing",
                row_condition=Column("flagged_range_inverted") == False,  # noqa: E712
                notes="A range's upper end is not below its lower end unless flagged range_inverted."),
            gxe.ExpectColumnValuesToBeBetween(column="mapping_score", min_value=0, max_value=1),
        ]
    if suite == "target_vs_outcome":
        return [
            gxe.ExpectColumnValuesToNotBeNull(column="status"),
            gxe.ExpectColumnValuesToBeInSet(column="status", value_set=STATUSES),
            gxe.ExpectColumnValuesToNotBeNull(column="is_latest"),
            gxe.ExpectColumnValuesToBeInTypeList(column="is_latest", type_list=["bool", "boolean"]),
            gxe.ExpectColumnValuesToBeInTypeList(column="interim", type_list=["bool", "boolean"]),
            gxe.ExpectColumnValuesToNotBeNull(column="indicator"),
            gxe.ExpectColumnValuesToNotBeNull(column="target_value", row_condition=Column("status") != "not_set",
                                              notes="Every target has a value; a not_set row states that none was set."),
            gxe.ExpectColumnValuesToBeNull(column="target_value", row_condition=Column("status") == "not_set"),
            gxe.ExpectColumnValuesToBeBetween(column="year", min_value=YEAR_MIN, max_value=YEAR_MAX),
            gxe.ExpectColumnValuesToBeInSet(column="target_qualifier", value_set=QUALIFIERS),
            gxe.ExpectColumnValuesToBeNull(column="outcome_value", row_condition=Column("status") == "pending",
                                           notes="pending means no outcome has been reported yet."),
            gxe.ExpectColumnValuesToBeNull(column="outcome_value", row_condition=Column("status") == "not_set",
                                           notes="No outcome is ever linked to a target that was not set."),
            gxe.ExpectColumnValuesToNotBeNull(column="outcome_value",
                                              row_condition=(Column("status") != "pending")
                                              & (Column("status") != "not_set")),
            gxe.ExpectColumnValuesToBeInSet(column="interim", value_set=[True],
                                            row_condition=Column("status") == "partial",
                                            notes="partial = an interim figure short of an annual target."),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["target_doc_id", "target_fact_id", "unset_id"],
                                                row_condition=Column("is_latest") == True,  # noqa: E712
                                                notes="Exactly one row decides each target's final status."),
            gxe.ExpectColumnValuesToBeBetween(column="attainment", min_value=0),
            gxe.ExpectColumnValuesToBeInSet(column="target_report_known", value_set=[True]),
            gxe.ExpectColumnValuesToBeInSet(column="outcome_report_known", value_set=[True]),
        ]
    if suite == "ingest_errors":
        return [
            gxe.ExpectColumnValuesToNotBeNull(column="source_file"),
            gxe.ExpectColumnValuesToBeUnique(column="source_file"),
            gxe.ExpectColumnValuesToNotBeNull(column="reason"),
            gxe.ExpectColumnValueLengthsToBeBetween(column="reason", min_value=1),
            gxe.ExpectColumnValuesToBeInSet(column="also_read", value_set=[False],
                                            notes="A file is either read into reports or recorded here, never both."),
        ]
    raise ValueError(f"unknown suite {suite!r}")


def build_data_docs(published_db: Path | str, docs_dir: Path | str | None = None, *,
                    full: bool = False) -> DataDocsSummary:
    """Validate every suite against the published file (the rows changed since the last build, or every row with
    `full` or when the scope calls for it) and (re)build the Data Docs site.

    Returns the summary whether or not expectations failed; `validate_warehouse` raises on failure.
    """
    import json

    started = time.perf_counter()
    published_db = Path(published_db).resolve()
    docs_dir = Path(docs_dir).resolve() if docs_dir is not None else docs_dir_for(published_db)
    scope = validation_scope(published_db, docs_dir, full=full)
    frames = read_frames(published_db, scope)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    docs_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{docs_dir.name}.", dir=docs_dir.parent))
    try:
        context = gx.get_context(mode="ephemeral", project_config=_context_config(staging))
        datasource = context.data_sources.add_pandas(name="warehouse")
        definitions = []
        for suite_name in SUITES:
            batch = datasource.add_dataframe_asset(name=suite_name).add_batch_definition_whole_dataframe("all")
            suite = context.suites.add(gx.ExpectationSuite(name=suite_name, expectations=suite_expectations(suite_name)))
            definitions.append(context.validation_definitions.add(
                gx.ValidationDefinition(name=suite_name, data=batch, suite=suite)))
        results = {}
        # Run named and timed after the file validated (its publication time), so that rebuilding the docs of
        # the same warehouse writes the same paths instead of one more timestamped validation page.
        published_at = dt.datetime.fromtimestamp(published_db.stat().st_mtime, tz=dt.timezone.utc)
        run_id = RunIdentifier(run_name=published_db.name, run_time=published_at)
        for definition in definitions:
            results[definition.name] = definition.run(
                batch_parameters={"dataframe": frames[definition.name]}, run_id=run_id, result_format="SUMMARY")
        context.build_data_docs(site_names=[SITE_NAME])
        suites = tuple(_suite_result(name, results[name], len(frames[name])) for name in SUITES)
        (staging / OVERVIEW_NAME).write_text(render_overview(published_db, suites, scope), encoding="utf-8")
        (staging / SITE_MARKER).write_text(f"built from {published_db}\n", encoding="utf-8")
        if all(suite.success for suite in suites):  # a failing warehouse is validated again next run
            mark_built(staging, published_generation(published_db))
            (staging / SCOPE_FILE).write_text(json.dumps(
                {"generation": scope.generation, "extracted_through": scope.extracted_through,
                 "marts_full": scope.marts_full, "full": scope.full}) + "\n", encoding="utf-8")
        os.chmod(staging, 0o755)  # mkdtemp makes it private; the docs are for every reader
        replace_folder(staging, docs_dir, SITE_MARKER)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return DataDocsSummary(published_db=published_db, index_html=docs_dir / "index.html", suites=suites,
                           seconds=time.perf_counter() - started, scope=scope)


def render_overview(published_db: Path, suites: tuple[SuiteResult, ...], scope: ValidationScope | None = None) -> str:
    """A static page listing every expectation and its outcome: GX's own pages load their CSS and JavaScript
    from CDNs, so offline its index shows nothing; this page needs no network."""
    parts = []
    for suite in suites:
        rows = "\n".join(
            f"<tr class=\"{'ok' if o.success else 'bad'}\"><td>{'✔' if o.success else '✘'}</td>"
            f"<td><code>{html.escape(o.expectation)}</code></td><td>{html.escape(o.target)}</td>"
            f"<td>{html.escape(o.detail)}</td><td>{html.escape(o.notes)}</td></tr>" for o in suite.outcomes)
        parts.append(
            f"<h2 id=\"{suite.suite}\">{html.escape(suite.suite)}: {'passed' if suite.success else 'FAILED'}</h2>\n"
            f"<p>{suite.rows} rows; {suite.successful} of {suite.evaluated} expectations met. "
            f"<a href=\"expectations/{suite.suite}.html\">suite page</a> (Great Expectations)</p>\n"
            "<table><thead><tr><th></th><th>expectation</th><th>column</th><th>result</th><th>why</th></tr></thead>"
            f"<tbody>\n{rows}\n</tbody></table>")
    verdict = "all expectations met" if all(s.success for s in suites) else "SOME EXPECTATIONS FAILED"
    body = "\n".join(parts)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Warehouse expectations</title>
<style>
body {{ font-family: sans-serif; margin: 24px auto; max-width: 1200px; padding: 0 16px; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
th, td {{ border-bottom: 1px solid #e3e3e3; padding: 4px 6px; text-align: left; vertical-align: top; }}
tr.ok td:first-child {{ color: #2e7d32; }} tr.bad td {{ background: #fdecea; }} tr.bad td:first-child {{ color: #c62828; }}
</style></head><body>
<h1>Warehouse expectations: {verdict}</h1>
<p>Validated file: <code>{html.escape(published_db.name)}</code>, generation {scope.generation if scope else "?"};
{html.escape(scope.describe() if scope else "full pass")}. Full Great Expectations Data Docs:
<a href="index.html">index.html</a> (needs network access for its styles and tables).</p>
{body}
</body></html>
"""


def validate_warehouse(published_db: Path | str, docs_dir: Path | str | None = None) -> DataDocsSummary:
    """Build the Data Docs and raise WarehouseExpectationsFailed (naming each failed expectation) on failure."""
    summary = build_data_docs(published_db, docs_dir)
    if not summary.success:
        raise WarehouseExpectationsFailed(summary)
    return summary


def _context_config(site_dir: Path):
    from great_expectations.data_context.types.base import DataContextConfig, InMemoryStoreBackendDefaults

    return DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={SITE_NAME: {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }},
        analytics_enabled=False,
        progress_bars={"globally": False},
    )


def _describe_condition(condition: Any) -> str:
    """A GX row condition (serialised dict) as one readable line: unit == '%' and change is null."""
    if not isinstance(condition, dict):
        return str(condition)
    if condition.get("type") in ("and", "or"):
        return f" {condition['type']} ".join(_describe_condition(c) for c in condition["conditions"])
    column = condition.get("column", {}).get("name", "?")
    if condition.get("type") == "nullity":
        return f"{column} is {'null' if condition['is_null'] else 'not null'}"
    return f"{column} {condition.get('operator')} {condition.get('parameter')!r}"


def _suite_result(suite: str, result: Any, rows: int) -> SuiteResult:
    stats = result.statistics
    outcomes = tuple(_outcome(suite, r) for r in result.results)
    return SuiteResult(suite=suite, success=bool(result.success), rows=rows,
                       evaluated=int(stats["evaluated_expectations"]),
                       successful=int(stats["successful_expectations"]), outcomes=outcomes)


def _outcome(suite: str, expectation_result: Any) -> ExpectationOutcome:
    config = expectation_result.expectation_config
    kwargs = config.kwargs
    target = kwargs.get("column") or ", ".join(
        str(kwargs[k]) for k in ("column_A", "column_B") if k in kwargs) or ", ".join(kwargs.get("column_list") or [])
    if kwargs.get("row_condition"):
        target += f" where {_describe_condition(kwargs['row_condition'])}"
    outcome = expectation_result.result or {}
    if expectation_result.exception_info and expectation_result.exception_info.get("raised_exception"):
        detail = f"raised {expectation_result.exception_info.get('exception_message')}"
    elif "unexpected_count" in outcome:
        examples = list(outcome.get("partial_unexpected_list") or [])[:5]
        detail = (f"{outcome['unexpected_count']} of {outcome.get('element_count')} rows unexpected"
                  + (f", e.g. {examples!r}" if examples else ""))
    else:
        detail = f"observed {outcome.get('observed_value')!r}"
    notes = config.notes if isinstance(config.notes, str) else " ".join(config.notes or [])
    return ExpectationOutcome(suite=suite, expectation=config.type, target=target,
                              success=bool(expectation_result.success), detail=detail, notes=notes or "")
