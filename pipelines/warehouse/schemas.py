"""One Pandera (polars) model per warehouse table, strict, validated lazily so every failure shows at once."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pyarrow

REPORT_KINDS = ["plan", "summary", "midyear_summary", "summary_and_plan", "implementation_review", "work_points"]
ADMIN_LEVELS = ["national", "province", "city", "district", "county"]
FACT_KINDS = ["target", "outcome", "baseline"]
# where a fact's year came from, innermost first (pipelines/extract/structure.py)
YEAR_SOURCES = ["clause", "sentence", "table", "section", "part", "report", "unknown"]
QUALIFIERS = ["以上", "以下", "左右", "余", "近", "约", "超", "不低于", "不超过", "以内"]
STATUSES = ["met", "not_met", "partial", "pending", "not_set"]
# Base units after folding magnitude: exactly the base units the extractor's unit lexicon can emit.
_UNIT_LEXICON = Path(__file__).resolve().parents[1] / "lexicons" / "units.json"
ALLOWED_UNITS = frozenset(json.loads(_UNIT_LEXICON.read_text(encoding="utf-8"))["units"].values())


class ReportModel(pa.DataFrameModel):
    """reports: metadata and quality flags of each readable raw report."""

    doc_id: str = pa.Field(unique=True, str_length={"min_value": 1})
    source_file: str
    content_hash: str = pa.Field(str_length={"min_value": 64, "max_value": 64})
    byte_size: int = pa.Field(ge=1)
    encoding: str
    title: str = pa.Field(nullable=True)
    issuer: str = pa.Field(nullable=True)
    region: str = pa.Field(nullable=True)
    region_anonymised: bool
    admin_level: str = pa.Field(nullable=True, isin=ADMIN_LEVELS)
    report_kind: str = pa.Field(nullable=True, isin=REPORT_KINDS)
    year: pl.Int32 = pa.Field(nullable=True, ge=1949, le=2100)
    years: pl.List(pl.Int32) = pa.Field(nullable=True)
    published_on: pl.Date = pa.Field(nullable=True)
    truncated: bool
    repaired_count: pl.Int32 = pa.Field(ge=0)
    corrupted_span_count: pl.Int32 = pa.Field(ge=0)
    n_chars: pl.Int32 = pa.Field(ge=0)
    n_sections: pl.Int32 = pa.Field(ge=0)
    n_sentences: pl.Int32 = pa.Field(ge=0)
    ingest_version: str
    ingested_at: dt.datetime

    class Config:
        strict = True


class ReportTextModel(pa.DataFrameModel):
    doc_id: str = pa.Field(unique=True)
    raw_text: str
    clean_text: str
    offset_map: pl.List(pl.Int32)
    html_tables: str = pa.Field(nullable=True)

    class Config:
        strict = True


class SectionModel(pa.DataFrameModel):
    """sections: heading hierarchy with offsets."""

    doc_id: str
    section_id: pl.Int32 = pa.Field(ge=0)
    parent_id: pl.Int32 = pa.Field(nullable=True, ge=0)
    level: pl.Int32 = pa.Field(ge=1, le=6)
    marker: str = pa.Field(nullable=True)
    heading: str = pa.Field(nullable=True)
    path: str = pa.Field(nullable=True)
    part: str = pa.Field(nullable=True, isin=["review", "plan"])
    clean_start: pl.Int32 = pa.Field(ge=0)
    clean_end: pl.Int32 = pa.Field(ge=0)
    raw_start: pl.Int32 = pa.Field(ge=0)
    raw_end: pl.Int32 = pa.Field(ge=0)

    class Config:
        strict = True

    @pa.dataframe_check
    def ends_after_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("clean_end") >= pl.col("clean_start"))

    @pa.dataframe_check
    def unique_per_document(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.struct("doc_id", "section_id").is_duplicated())


class SentenceModel(pa.DataFrameModel):
    doc_id: str
    sentence_id: pl.Int32 = pa.Field(ge=0)
    section_id: pl.Int32 = pa.Field(nullable=True, ge=0)
    clean_start: pl.Int32 = pa.Field(ge=0)
    clean_end: pl.Int32 = pa.Field(ge=0)
    raw_start: pl.Int32 = pa.Field(ge=0)
    raw_end: pl.Int32 = pa.Field(ge=0)
    text: str = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True

    @pa.dataframe_check
    def ends_after_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("clean_end") > pl.col("clean_start")) & (pl.col("raw_end") >= pl.col("raw_start"))
        )


class IngestErrorModel(pa.DataFrameModel):
    source_file: str
    doc_id: str
    content_hash: str = pa.Field(nullable=True)
    byte_size: int = pa.Field(nullable=True, ge=0)
    reason: str = pa.Field(str_length={"min_value": 1})
    ingest_version: str
    detected_at: dt.datetime

    class Config:
        strict = True


class ReportStatusModel(pa.DataFrameModel):
    source_file: str
    doc_id: str
    content_hash: str = pa.Field(nullable=True)
    status: str = pa.Field(isin=["ingested", "extracted", "failed"])
    n_facts: pl.Int32 = pa.Field(nullable=True, ge=0)
    reason: str = pa.Field(nullable=True)
    run_id: str = pa.Field(nullable=True)
    updated_at: dt.datetime

    class Config:
        strict = True


class TableValidationError(Exception):
    """A frame failed its Pandera model; the message lists every failure."""


def validate(model: type[pa.DataFrameModel], frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Validate eagerly and lazily (all failures at once); raise a readable error naming the table."""
    try:
        return model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.select("column", "check", "failure_case", "index").head(20)
        with pl.Config(fmt_str_lengths=80, tbl_width_chars=200, tbl_rows=20):
            raise TableValidationError(
                f"{table}: {exc.failure_cases.height} validation failure(s), first ones:\n{cases}"
            ) from None


def validate_batches(model: type[pa.DataFrameModel], batches: Iterable[pyarrow.RecordBatch], table: str,
                     *, group: Sequence[str]) -> int:
    """Validate a stream of Arrow batches sorted by `group` one bounded chunk at a time; returns the rows validated.

    A group is never split between chunks, so a model's checks over a group (one latest row per target) still hold.
    """
    rows = 0
    carry: pl.DataFrame | None = None
    for batch in batches:
        frame = pl.from_arrow(batch)
        if carry is not None:
            frame = pl.concat([carry, frame])
        if frame.height == 0:
            continue
        # the last group may go on in the next batch: hold it back
        run = frame.select(pl.struct(list(group)).rle_id().alias("run")).get_column("run")
        carry = frame.filter(run == run.max())
        done = frame.filter(run != run.max())
        if done.height:
            validate(model, done, table)
            rows += done.height
    if carry is not None and carry.height:
        validate(model, carry, table)
        rows += carry.height
    return rows


class IndicatorFactModel(pa.DataFrameModel):
    """extracted_facts: checks that catch real extraction bugs; implausible facts must carry a flag."""

    doc_id: str
    fact_id: pl.Int32 = pa.Field(ge=0)
    indicator: str = pa.Field(str_length={"min_value": 1})
    value: float
    value_high: float = pa.Field(nullable=True)
    unit: str = pa.Field(nullable=True, isin=sorted(ALLOWED_UNITS))
    qualifier: str = pa.Field(nullable=True, isin=QUALIFIERS)
    kind: str = pa.Field(isin=FACT_KINDS)
    year: pl.Int32 = pa.Field(nullable=True, ge=1949, le=2100)
    value_text: str = pa.Field(str_length={"min_value": 1})
    sentence: str
    section_path: str = pa.Field(nullable=True)
    clean_start: pl.Int32 = pa.Field(ge=0)
    clean_end: pl.Int32 = pa.Field(ge=0)
    raw_start: pl.Int32 = pa.Field(ge=0)
    raw_end: pl.Int32 = pa.Field(ge=0)
    sentence_clean_start: pl.Int32 = pa.Field(ge=0)
    sentence_clean_end: pl.Int32 = pa.Field(ge=0)
    sentence_raw_start: pl.Int32 = pa.Field(ge=0)
    sentence_raw_end: pl.Int32 = pa.Field(ge=0)
    raw_quote: str = pa.Field(str_length={"min_value": 1})
    scope: str = pa.Field(nullable=True)
    lower_bound: float = pa.Field(nullable=True)
    upper_bound: float = pa.Field(nullable=True)
    lower_closed: bool = pa.Field(nullable=True)
    upper_closed: bool = pa.Field(nullable=True)
    change: str = pa.Field(nullable=True, isin=["increase", "decrease"])
    plausibility_flags: pl.List(pl.String)
    extractor_version: str
    year_source: str = pa.Field(isin=YEAR_SOURCES)
    is_change: bool
    fact_region: str = pa.Field(nullable=True)
    nature: str = pa.Field(nullable=True, isin=["预期性", "约束性"])
    pair_id: pl.Int32 = pa.Field(nullable=True, ge=0)
    fact_source: str = pa.Field(isin=["sentence", "table"])
    fact_region_name: str = pa.Field(nullable=True)
    fact_region_code: str = pa.Field(nullable=True, str_matches=r"^\d{6}$")

    class Config:
        strict = True

    @pa.dataframe_check
    def year_source_says_unknown_without_year(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("year").is_not_null() | (pl.col("year_source") == "unknown"))

    @pa.dataframe_check
    def value_high_not_below_value(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("value_high").is_null() | (pl.col("value_high") >= pl.col("value"))
            | pl.col("plausibility_flags").list.contains("range_inverted")
        )

    @pa.dataframe_check
    def percent_in_range_or_flagged(cls, data: pa.PolarsData) -> pl.LazyFrame:
        in_range = pl.col("value").is_between(0, 100)
        return data.lazyframe.select(
            (pl.col("unit") != "%") | pl.col("unit").is_null() | pl.col("change").is_not_null() | in_range
            | pl.col("plausibility_flags").list.contains("percent_out_of_range")
        )

    @pa.dataframe_check
    def baseline_to_outcome_moves_as_stated(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """从80.52岁提高到82.45岁: an outcome after a baseline moves the stated way, or carries the flag."""
        group = ["doc_id", "sentence_clean_start", "indicator", "unit"]
        baseline = pl.col("value").filter(pl.col("kind") == "baseline").last().over(group)
        moved_up = pl.col("value") > baseline
        stated_up = pl.col("change") == "increase"
        return data.lazyframe.select(
            (pl.col("kind") != "outcome") | pl.col("change").is_null() | baseline.is_null()
            | (moved_up == stated_up) | pl.col("plausibility_flags").list.contains("direction_mismatch")
        )

    @pa.dataframe_check
    def offsets_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("clean_end") > pl.col("clean_start"))
            & (pl.col("raw_end") > pl.col("raw_start"))
            & (pl.col("sentence_clean_start") <= pl.col("clean_start"))
            & (pl.col("sentence_clean_end") >= pl.col("clean_end"))
        )

    @pa.dataframe_check
    def value_text_inside_sentence(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("sentence").str.contains(pl.col("value_text"), literal=True))

    @pa.dataframe_check
    def unique_fact_ids(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.struct("doc_id", "fact_id").is_duplicated())


class IndicatorMappingModel(pa.DataFrameModel):
    indicator: str = pa.Field(str_length={"min_value": 1})
    unit: str = pa.Field(nullable=True)
    indicator_id: str = pa.Field(nullable=True)
    canonical_name: str = pa.Field(nullable=True)
    method: str = pa.Field(nullable=True, isin=["exact", "synonym", "pattern", "fuzzy", "sibling"])
    score: float = pa.Field(ge=0, le=1)
    catalogue_version: str
    name_key: str
    name_group: str = pa.Field(nullable=True)
    name_score: float = pa.Field(nullable=True, ge=0, le=1)
    nearest_indicator_id: str = pa.Field(nullable=True)
    nearest_score: float = pa.Field(nullable=True, ge=0, le=1)

    class Config:
        strict = True

    @pa.dataframe_check
    def name_group_iff_unmapped(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("indicator_id").is_null() == pl.col("name_group").is_not_null())

    @pa.dataframe_check
    def method_iff_mapped(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("indicator_id").is_null() == pl.col("method").is_null())


class UnsetTargetModel(pa.DataFrameModel):
    """unset_targets: a named statement with a span that holds it."""

    doc_id: str
    unset_id: pl.Int32 = pa.Field(ge=0)
    indicator: str = pa.Field(str_length={"min_value": 1})
    year: pl.Int32 = pa.Field(nullable=True, ge=1949, le=2100)
    statement: str = pa.Field(str_length={"min_value": 1})
    sentence: str
    clean_start: pl.Int32 = pa.Field(ge=0)
    clean_end: pl.Int32 = pa.Field(ge=0)
    raw_start: pl.Int32 = pa.Field(ge=0)
    raw_end: pl.Int32 = pa.Field(ge=0)
    raw_quote: str
    extractor_version: str

    class Config:
        strict = True

    @pa.dataframe_check
    def span_forward(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("clean_end") > pl.col("clean_start"))
                                     & (pl.col("raw_end") >= pl.col("raw_start")))


class ReportRegionModel(pa.DataFrameModel):
    doc_id: str = pa.Field(unique=True)
    region: str = pa.Field(nullable=True)
    region_code: str = pa.Field(nullable=True, str_matches=r"^\d{6}$")
    region_level: str = pa.Field(nullable=True, isin=ADMIN_LEVELS)
    method: str = pa.Field(nullable=True)
    ambiguous: bool
    candidates: pl.List(pl.String)

    class Config:
        strict = True

    @pa.dataframe_check
    def anonymised_never_coded(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            ~(pl.col("region").str.starts_with("anonymised:").fill_null(False) & pl.col("region_code").is_not_null())
        )


class StatisticalOutcomeModel(pa.DataFrameModel):
    """statistical_outcomes: published national statistics offered to national targets as outcomes."""

    fact_id: pl.Int32 = pa.Field(ge=0, unique=True)
    indicator: str = pa.Field(str_length={"min_value": 1})
    indicator_id: str = pa.Field(nullable=True)
    unit: str = pa.Field(nullable=True)
    year: pl.Int32 = pa.Field(ge=1949, le=2100)
    value: float
    verification: str = pa.Field(isin=["verified", "derived", "weak"])
    note: str = pa.Field(nullable=True)
    source_url: str = pa.Field(nullable=True)
    region: str = pa.Field(isin=["全国"])
    region_code: str = pa.Field(isin=["000000"])

    class Config:
        strict = True


class TargetProgressModel(pa.DataFrameModel):
    """target_progress: a multi-year target read against its baseline and an interim outcome (years in order)."""

    region: str = pa.Field(nullable=True)
    region_code: str = pa.Field(nullable=True, str_matches=r"^\d{6}$")
    indicator_id: str = pa.Field(nullable=True)
    indicator: str = pa.Field(str_length={"min_value": 1})
    indicator_key: str
    unit: str = pa.Field(nullable=True)
    direction: str = pa.Field(nullable=True)
    baseline_doc_id: str
    baseline_year: pl.Int32 = pa.Field(ge=1949, le=2100)
    baseline_value: float
    target_doc_id: str
    target_year: pl.Int32 = pa.Field(ge=1949, le=2100)
    target_value: float
    outcome_doc_id: str
    outcome_year: pl.Int32 = pa.Field(ge=1949, le=2100)
    outcome_value: float
    required_pace: float = pa.Field(nullable=True)
    actual_pace: float = pa.Field(nullable=True)
    on_track: bool = pa.Field(nullable=True)

    class Config:
        strict = True

    @pa.dataframe_check
    def years_in_order(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("baseline_year") < pl.col("target_year"))
                                     & (pl.col("outcome_year") <= pl.col("target_year")))


class TargetVsOutcomeModel(pa.DataFrameModel):
    """target_vs_outcome: statuses consistent with the presence of an outcome; one latest row per target."""

    region: str = pa.Field(nullable=True)
    region_code: str = pa.Field(nullable=True)
    indicator_id: str = pa.Field(nullable=True)
    indicator: str
    unit: str = pa.Field(nullable=True)
    direction: str = pa.Field(nullable=True)
    year: pl.Int32
    target_doc_id: str
    target_fact_id: pl.Int32 = pa.Field(nullable=True)
    target_value: float = pa.Field(nullable=True)
    target_value_high: float = pa.Field(nullable=True)
    target_qualifier: str = pa.Field(nullable=True, isin=QUALIFIERS)
    target_sentence: str = pa.Field(nullable=True)
    target_raw_quote: str = pa.Field(nullable=True)
    outcome_doc_id: str = pa.Field(nullable=True)
    outcome_fact_id: pl.Int32 = pa.Field(nullable=True)
    outcome_value: float = pa.Field(nullable=True)
    outcome_qualifier: str = pa.Field(nullable=True)
    outcome_sentence: str = pa.Field(nullable=True)
    outcome_raw_quote: str = pa.Field(nullable=True)
    outcome_published_on: pl.Date = pa.Field(nullable=True)
    attainment: float = pa.Field(nullable=True)
    status: str = pa.Field(isin=STATUSES)
    interim: bool
    is_latest: bool
    indicator_key: str
    link_method: str = pa.Field(nullable=True, isin=["catalogue", "name"])
    link_score: float = pa.Field(nullable=True, ge=0, le=1)
    superseded_by_doc_id: str = pa.Field(nullable=True)
    superseded_by_fact_id: pl.Int32 = pa.Field(nullable=True)
    outcome_year: pl.Int32 = pa.Field(nullable=True)
    pace_baseline_year: pl.Int32 = pa.Field(nullable=True)
    pace_baseline_value: float = pa.Field(nullable=True)
    required_pace: float = pa.Field(nullable=True)
    actual_pace: float = pa.Field(nullable=True)
    on_pace: bool = pa.Field(nullable=True)
    unset_id: pl.Int32 = pa.Field(nullable=True, ge=0)

    class Config:
        strict = True

    @pa.dataframe_check
    def not_set_iff_no_target_fact(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # a not_set row has a statement and no target fact, value or outcome; every other row a target fact
        not_set = pl.col("status") == "not_set"
        return data.lazyframe.select(
            (not_set == pl.col("target_fact_id").is_null())
            & (not_set == pl.col("unset_id").is_not_null())
            & (not_set == pl.col("target_value").is_null())
            & (~not_set | pl.col("outcome_doc_id").is_null()))

    @pa.dataframe_check
    def outcome_no_later_than_target(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # an outcome of an earlier year than the target is an interim reading of a multi-year target
        early = pl.col("outcome_year") < pl.col("year")
        return data.lazyframe.select((pl.col("outcome_year") <= pl.col("year")).fill_null(True)
                                     & (~early | pl.col("interim")).fill_null(True))

    @pa.dataframe_check
    def pace_only_on_early_outcomes(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("required_pace").is_null() | (pl.col("outcome_year") < pl.col("year")).fill_null(False))

    @pa.dataframe_check
    def linked_iff_outcome(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("link_method").is_null() == pl.col("outcome_value").is_null())

    @pa.dataframe_check
    def pending_iff_no_outcome(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("status").is_in(["pending", "not_set"]) == pl.col("outcome_value").is_null())

    @pa.dataframe_check
    def partial_only_for_interim(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("status") != "partial") | pl.col("interim"))

    @pa.dataframe_check
    def one_latest_row_per_target(cls, data: pa.PolarsData) -> pl.LazyFrame:
        latest = pl.col("is_latest").cast(pl.Int32).sum().over("target_doc_id", "target_fact_id", "unset_id")
        return data.lazyframe.select(latest == 1)
