"""Canonical indicators and the attainment marts, computed from the fact table (regions: `regions_run`).

Pure orchestration without Dagster: SQL files pair the facts and judge them inside DuckDB, by the rules of
pipelines.catalogue.attainment (installed as macros).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import math
import time
from dataclasses import dataclass
from functools import lru_cache

import duckdb
import polars as pl

from pipelines.catalogue.attainment import (
    APPROX_ABS_TOLERANCE,
    APPROX_TOLERANCE,
    EPSILON,
    on_track,
    qualifier_comparisons,
)
from pipelines.catalogue.indicators import UNMAPPED, IndicatorMatch, catalogue_frame, get_indicator, map_indicator
from pipelines.catalogue.linking import NameGroups, measure_of, name_key, nearest_catalogue
from pipelines.catalogue.statistics import statistical_outcomes
from pipelines.catalogue.version import CATALOGUE_VERSION
from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse import schemas, store
from pipelines.warehouse.sql import sql_file

LEXICONS = PROJECT_ROOT / "pipelines" / "lexicons"


@lru_cache(maxsize=None)
def periods_regex(key: str) -> str:
    """One alternation of the patterns listed under `key` in pipelines/lexicons/periods.json."""
    patterns = json.loads((LEXICONS / "periods.json").read_text(encoding="utf-8"))[key]
    return "|".join(f"(?:{p})" for p in patterns)


TOP_UNMAPPED = 10  # names listed in the mapping step's metadata


@dataclass
class MappingSummary:
    names_mapped: int = 0
    names_total: int = 0
    facts_mapped: int = 0
    facts_total: int = 0
    wrote: bool = False
    top_unmapped: pl.DataFrame | None = None  # the most frequent names the catalogue does not map (indicator, unit, n_facts)


def refresh_catalogue_and_mapping(con: duckdb.DuckDBPyConnection, log: logging.Logger | None = None) -> MappingSummary:
    """Load the catalogue when it changed and map every indicator name not yet mapped by this catalogue version."""
    log = log or logging.getLogger(__name__)
    summary = MappingSummary()
    stale = con.execute(
        "SELECT count(*) FROM indicator_mapping WHERE catalogue_version <> ?", [CATALOGUE_VERSION]
    ).fetchall()[0][0]
    catalogue_rows = con.execute("SELECT count(*) FROM indicator_catalogue").fetchall()[0][0]
    con.execute("BEGIN TRANSACTION")
    if stale or catalogue_rows == 0:
        catalogue = catalogue_frame().with_columns(pl.col("synonyms").str.split("|"))
        store.replace_table(con, "indicator_catalogue", catalogue)
        statistics = statistical_outcomes()
        schemas.validate(schemas.StatisticalOutcomeModel, statistics, "statistical_outcomes")
        store.replace_table(con, "statistical_outcomes", statistics)
        con.execute("DELETE FROM indicator_mapping WHERE catalogue_version <> ?", [CATALOGUE_VERSION])
        summary.wrote = True
    # names no fact uses any more
    removed_units = {row[0] for row in con.execute(
        "DELETE FROM indicator_mapping m WHERE NOT EXISTS (SELECT 1 FROM extracted_facts f "
        "WHERE f.indicator = m.indicator AND f.unit IS NOT DISTINCT FROM m.unit) RETURNING m.unit"
    ).fetchall()}
    new_names = con.execute(
        "SELECT DISTINCT f.indicator, f.unit FROM extracted_facts f WHERE NOT EXISTS ("
        "SELECT 1 FROM indicator_mapping m WHERE m.indicator = f.indicator AND m.unit IS NOT DISTINCT FROM f.unit) "
        "ORDER BY 1, 2"
    ).fetchall()
    rows, changes = _map_units(con, new_names, {unit for _name, unit in new_names} | removed_units)
    mapping = pl.DataFrame(rows, schema=MAPPING_SCHEMA) if rows else pl.DataFrame(schema=MAPPING_SCHEMA)
    schemas.validate(schemas.IndicatorMappingModel, mapping, "indicator_mapping")
    if mapping.height:
        con.register("incoming_mapping", mapping.to_arrow())
        con.execute("DELETE FROM indicator_mapping m WHERE EXISTS (SELECT 1 FROM incoming_mapping i "
                    "WHERE i.indicator = m.indicator AND i.unit IS NOT DISTINCT FROM m.unit)")
        con.execute("INSERT INTO indicator_mapping BY NAME SELECT * FROM incoming_mapping")
        con.unregister("incoming_mapping")
        summary.wrote = True
    if changes:
        con.execute("INSERT INTO mapping_changes SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
                    "unnest(?::VARCHAR[])", [[c[0] for c in changes], [c[1] for c in changes], [c[2] for c in changes]])
    if removed_units:
        summary.wrote = True
    if summary.wrote:
        store.bump_generation(con)
    con.execute("COMMIT")
    summary.names_total, summary.names_mapped = con.execute(
        "SELECT count(*), count(indicator_id) FROM indicator_mapping").fetchall()[0]
    names = con.sql(sql_file("marts/name_coverage")).pl()
    summary.facts_total = int(names.get_column("n_facts").sum())
    summary.facts_mapped = int(names.filter(pl.col("mapped")).get_column("n_facts").sum())
    summary.top_unmapped = names.filter(~pl.col("mapped")).head(TOP_UNMAPPED).select("indicator", "unit", "n_facts")
    log.info("mapping: %d new names, %d mapped again; %d/%d facts mapped to the catalogue", len(new_names),
             len(changes), summary.facts_mapped, summary.facts_total)
    return summary


MAPPING_SCHEMA = {"indicator": pl.String, "unit": pl.String, "indicator_id": pl.String,
                  "canonical_name": pl.String, "method": pl.String, "score": pl.Float64,
                  "catalogue_version": pl.String, "name_key": pl.String, "name_group": pl.String,
                  "name_score": pl.Float64, "nearest_indicator_id": pl.String, "nearest_score": pl.Float64}


SIBLING_SCORE = 0.9


def _map_units(con: duckdb.DuckDBPyConnection, new_names: list[tuple], units: set) -> tuple[list[dict], list[tuple]]:
    """Mapping rows for the new names and for every name of the units they (or removed names) touch.

    A name's catalogue match and nearest indicator depend on the name alone and are kept; its sibling mapping and
    name group depend on the other names of its unit, so they are worked out again over all of them, in name
    order: whatever order the reports came in, a refresh leaves the mapping a full build makes. Returns the rows
    to write (new or changed) and (indicator, unit, old key) of every existing name whose key changed.
    """
    existing = {}
    if units:
        unit_list = sorted(u for u in units if u is not None)
        for row in con.execute(
                "SELECT indicator, unit, indicator_id, canonical_name, method, score, name_group, name_score, "
                "nearest_indicator_id, nearest_score FROM indicator_mapping "
                "WHERE unit IN (SELECT unnest(?::VARCHAR[])) OR (unit IS NULL AND ?)",
                [unit_list, None in units]).fetchall():
            existing[(row[0], row[1])] = row
    matches, nearest = {}, {}
    for key, row in existing.items():
        sibling = row[4] == "sibling"
        matches[key] = UNMAPPED if sibling else IndicatorMatch(row[2], row[3], row[4], row[5] or 0.0)
        nearest[key] = (row[8], row[9]) if row[2] is None else None  # a sibling row kept none: looked up again
    for name, unit in new_names:
        matches[(name, unit)] = map_indicator(name, unit)
    siblings = _mapped_siblings(matches)
    groups = NameGroups()
    rows, changes = [], []
    for name, unit in sorted(matches, key=lambda k: (k[0], k[1] or "")):
        match = matches[(name, unit)]
        if match.indicator_id is None:
            match = siblings.get((unit, name_key(name), measure_of(name) == "stock"), match)
        group, group_score = (None, None) if match.indicator_id else groups.group_of(unit, name)
        if match.indicator_id:
            near = (None, None)
        else:
            near = nearest.get((name, unit)) or nearest_catalogue(name)
        row = {"indicator": name, "unit": unit, "indicator_id": match.indicator_id,
               "canonical_name": match.name_zh, "method": match.method, "score": float(match.score),
               "catalogue_version": CATALOGUE_VERSION, "name_key": name_key(name),
               "name_group": group, "name_score": group_score, "nearest_indicator_id": near[0],
               "nearest_score": near[1]}
        old = existing.get((name, unit))
        if old is None:
            rows.append(row)
        elif (old[2], old[4], old[6], old[7]) != (row["indicator_id"], row["method"], group, group_score):
            rows.append(row)
            changes.append((name, unit, old[2] or f"name:{old[6] or name}"))
    return rows, changes


def _mapped_siblings(matches: dict) -> dict[tuple, IndicatorMatch]:
    """(unit, name key, is a total) → the catalogue indicator of the mapped names with that key, when they agree on
    one: 新建村级健康小屋 (unmapped) is the indicator 建成村级健康小屋 maps to, the aspect word apart."""
    found: dict[tuple, set[str]] = {}
    for (name, unit), match in matches.items():
        if match.indicator_id:
            found.setdefault((unit, name_key(name), measure_of(name) == "stock"), set()).add(match.indicator_id)
    out = {}
    for key, ids in found.items():
        if len(ids) == 1:
            indicator_id = next(iter(ids))
            out[key] = IndicatorMatch(indicator_id=indicator_id, name_zh=get_indicator(indicator_id).name_zh,
                                      method="sibling", score=SIBLING_SCORE)
    return out


VALIDATION_BATCH_ROWS = 100_000  # rows of target_vs_outcome held in Python at once while validating


@lru_cache(maxsize=1)
def python_whitespace() -> str:
    """Every character str.strip() strips, so SQL reads a qualifier as judge() does."""
    return "".join(c for c in map(chr, range(0x110000)) if c.isspace())


def install_attainment_rules(con: duckdb.DuckDBPyConnection) -> None:
    """The judge() rules as DuckDB macros (sql/marts/attainment_rules.sql), with this module's lexicon and constants."""
    comparisons = {q: c for q, c in qualifier_comparisons().items() if c}
    con.execute(
        "CREATE OR REPLACE TEMP TABLE attainment_qualifiers AS "
        "SELECT unnest(?::VARCHAR[]) AS qualifier, unnest(?::VARCHAR[]) AS comparison",
        [list(comparisons), list(comparisons.values())],
    )
    con.execute("SET VARIABLE attainment_epsilon = ?::DOUBLE", [EPSILON])
    con.execute("SET VARIABLE attainment_approx_tolerance = ?::DOUBLE", [APPROX_TOLERANCE])
    con.execute("SET VARIABLE attainment_approx_abs_tolerance = ?::DOUBLE", [APPROX_ABS_TOLERANCE])
    con.execute("SET VARIABLE attainment_whitespace = ?", [python_whitespace()])
    con.execute(sql_file("marts/attainment_rules"))


def write_target_vs_outcome(con: duckdb.DuckDBPyConnection, *, scoped: bool, since: dt.datetime) -> int:
    """Judge and insert target/outcome rows for every key, or only for the keys in mart_scope, and the not_set rows
    of every report, or of those extracted after `since`; returns the rows written.

    Runs inside the caller's transaction, which has already deleted the rows being replaced.
    """
    params = {"interim": periods_regex("interim_patterns"), "month_point": periods_regex("month_point_patterns"),
              "scoped": scoped}
    inserted = con.execute("INSERT INTO target_vs_outcome BY NAME " + sql_file("marts/target_vs_outcome"), params)
    written = inserted.fetchall()[0][0]
    unset = con.sql(sql_file("marts/unset_rows"), params={"scoped": scoped, "since": since}).pl()
    if unset.height:
        names = unset.get_column("written_indicator").unique().to_list()
        matches = [map_indicator(name, None) for name in names]
        catalogue = pl.DataFrame({
            "written_indicator": names,
            "indicator_id": [m.indicator_id for m in matches],
            "indicator": [m.name_zh or name for name, m in zip(names, matches)],
            "indicator_key": [m.indicator_id or f"name:{name}" for name, m in zip(names, matches)],
            "direction": [get_indicator(m.indicator_id).direction if m.indicator_id else None for m in matches],
        }, schema={"written_indicator": pl.String, "indicator_id": pl.String, "indicator": pl.String,
                   "indicator_key": pl.String, "direction": pl.String})
        unset = unset.join(catalogue, on="written_indicator", how="left").drop("written_indicator")
        con.register("incoming_unset_rows", unset.to_arrow())
        try:
            con.execute("INSERT INTO target_vs_outcome BY NAME SELECT * FROM incoming_unset_rows")
        finally:
            con.unregister("incoming_unset_rows")
    return written + unset.height


def validate_target_vs_outcome(con: duckdb.DuckDBPyConnection, *, scoped: bool, since: dt.datetime) -> int:
    """Validate the rows just written with the Pandera model, a bounded chunk of whole targets at a time."""
    rows = con.sql(sql_file("marts/written_rows"), params={"scoped": scoped, "since": since})
    with rows.to_arrow_reader(VALIDATION_BATCH_ROWS) as reader:
        return schemas.validate_batches(schemas.TargetVsOutcomeModel, reader, "target_vs_outcome",
                                        group=("target_doc_id", "target_fact_id", "unset_id"))


PROGRESS_SCHEMA = {
    "region": pl.String, "region_code": pl.String, "indicator_id": pl.String, "indicator": pl.String,
    "indicator_key": pl.String, "unit": pl.String, "direction": pl.String, "baseline_doc_id": pl.String, "baseline_year": pl.Int32,
    "baseline_value": pl.Float64, "target_doc_id": pl.String, "target_year": pl.Int32, "target_value": pl.Float64,
    "outcome_doc_id": pl.String, "outcome_year": pl.Int32, "outcome_value": pl.Float64,
    "required_pace": pl.Float64, "actual_pace": pl.Float64, "on_track": pl.Boolean,
}


def build_target_progress(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Rows of target_progress for the series in mart_facts: every series, or on an incremental refresh those of
    the keys in mart_scope."""
    triples = con.execute(sql_file("marts/progress_candidates")).fetchall()
    columns = [d[0] for d in con.description]
    rows = []
    for values in triples:
        row = dict(zip(columns, values))
        required, actual, ok = on_track(
            row["baseline_value"], row["baseline_year"], row["target_value"], row["target_year"],
            row["outcome_value"], row["outcome_year"], row["direction"],
        )
        row.update(required_pace=required, actual_pace=actual, on_track=ok)
        rows.append(row)
    return pl.DataFrame(rows, schema=PROGRESS_SCHEMA) if rows else pl.DataFrame(schema=PROGRESS_SCHEMA)


STATE_MARTS_SINCE = "marts_extracted_since"       # epoch seconds of the newest extraction the marts reflect
STATE_MARTS_CATALOGUE = "marts_catalogue_version"
STATE_MARTS_FULL = "marts_full_generation"          # generation of the last whole rebuild of the marts


def marts_since(newest_extraction: int, now: float) -> int:
    """The extraction second the marts about to be built reflect: reports stamped after it count as changed next time.

    extraction_run stamps every report of a run with the second its extraction started. Runs are serialised, so a
    later run's stamp is at least this build's current second: capping at the second before keeps it "after",
    while the reports of the run just built (stamped earlier) are not recomputed again by the next refresh.
    """
    return min(newest_extraction, math.floor(now) - 1)


@dataclass
class MartsSummary:
    target_vs_outcome_rows: int  # rows written (all rows, or those of the changed keys)
    changed_keys: int | None     # None for a full build
    progress_rows: int


def refresh_attainment(
    con: duckdb.DuckDBPyConnection, log: logging.Logger | None = None, *, full: bool = False
) -> MartsSummary | None:
    """Bring both marts up to date when anything upstream changed.

    target_vs_outcome is recomputed only for the (region, indicator, unit, year) keys touched by reports
    extracted since the last build or by reports that are gone, so one new report costs the same whatever the
    corpus size; a new catalogue version (or `full`) recomputes every key. The rows are judged and written inside
    DuckDB, then validated in bounded chunks; target_progress is recomputed for the same keys' series.
    Returns None when the marts already reflect the current generation (a rerun writes nothing).
    """
    log = log or logging.getLogger(__name__)
    generation = store.get_state(con, store.STATE_GENERATION)
    if generation and store.get_state(con, store.STATE_MARTS) == generation:
        log.info("attainment: marts already current (generation %d)", generation)
        return None
    catalogue = int(CATALOGUE_VERSION[:15], 16)
    newest = con.execute("SELECT epoch(max(extracted_at))::BIGINT FROM extraction_log").fetchall()[0][0] or 0
    newest = marts_since(newest, time.time())
    full = full or store.get_state(con, STATE_MARTS_CATALOGUE) != catalogue
    scoped = not full
    keys = None
    since = dt.datetime(1970, 1, 1)
    if scoped:
        since = dt.datetime.fromtimestamp(store.get_state(con, STATE_MARTS_SINCE), tz=dt.timezone.utc)
        since = since.replace(tzinfo=None)
        con.execute("CREATE OR REPLACE TEMP TABLE mart_scope AS " + sql_file("marts/affected_keys"),
                    {"since": since})
        keys = con.execute("SELECT count(*) FROM mart_scope").fetchall()[0][0]
    else:  # the pairing query names the table either way
        con.execute("CREATE OR REPLACE TEMP TABLE mart_scope "
                    "(region VARCHAR, indicator_key VARCHAR, unit VARCHAR, year INTEGER)")
    install_attainment_rules(con)
    if scoped:  # the facts of the touched series, once, for both marts; filtered by name before the view's joins
        names = con.execute(sql_file("marts/scope_names")).fetchall()[0][0]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE mart_facts AS SELECT * FROM attainment_facts AS f "
            "WHERE list_contains($names, f.indicator) AND EXISTS ("
            "SELECT 1 FROM (SELECT DISTINCT region, indicator_key, unit FROM mart_scope) AS s "
            "WHERE s.region IS NOT DISTINCT FROM f.region AND s.indicator_key = f.indicator_key "
            "AND s.unit IS NOT DISTINCT FROM f.unit)", {"names": names})
    else:
        con.execute("DROP TABLE IF EXISTS mart_facts")
        con.execute("CREATE OR REPLACE TEMP VIEW mart_facts AS SELECT * FROM attainment_facts")
        # a whole rebuild judges every target against every outcome, with no extraction worker beside it
        store.use_solo_memory_limit(con)
    progress = build_target_progress(con)
    schemas.validate(schemas.TargetProgressModel, progress, "target_progress")
    con.execute("BEGIN TRANSACTION")
    try:
        if scoped:
            con.execute(
                "DELETE FROM target_vs_outcome AS v WHERE v.status <> 'not_set' AND EXISTS (SELECT 1 FROM mart_scope AS s "
                "WHERE s.region IS NOT DISTINCT FROM v.region "
                "AND s.indicator_key = v.indicator_key "
                "AND s.unit IS NOT DISTINCT FROM v.unit AND s.year = v.year)"
            )
            # not_set rows belong to their report: replaced when it was re-extracted, dropped when it is gone
            con.execute(
                "DELETE FROM target_vs_outcome WHERE status = 'not_set' AND (target_doc_id IN "
                "(SELECT doc_id FROM extraction_log WHERE extracted_at > ?) "
                "OR target_doc_id NOT IN (SELECT doc_id FROM reports))", [since])
        else:
            con.execute("DELETE FROM target_vs_outcome")
        written = write_target_vs_outcome(con, scoped=scoped, since=since)
        validate_target_vs_outcome(con, scoped=scoped, since=since)
        con.execute("DELETE FROM mapping_changes")  # the keys they moved between are recomputed above
        if scoped:
            con.execute("DELETE FROM target_progress AS p WHERE EXISTS (SELECT 1 FROM mart_scope AS s "
                        "WHERE s.region IS NOT DISTINCT FROM p.region AND s.indicator_key = p.indicator_key "
                        "AND s.unit IS NOT DISTINCT FROM p.unit)")
            store.insert_rows(con, "target_progress", progress)
        else:
            store.replace_table(con, "target_progress", progress)
        store.set_state(con, STATE_MARTS_SINCE, newest)
        store.set_state(con, STATE_MARTS_CATALOGUE, catalogue)
        generation = store.bump_generation(con)
        store.set_state(con, store.STATE_MARTS, generation)
        if not scoped:  # the quality outputs validate everything again after a whole rebuild of the marts
            store.set_state(con, STATE_MARTS_FULL, generation)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")  # a mart that fails its model is never committed
        raise
    scope = f"{keys} changed keys" if scoped else "all keys"
    log.info("attainment: %d target/outcome rows written (%s), %d progress rows", written, scope, progress.height)
    return MartsSummary(target_vs_outcome_rows=written, changed_keys=keys, progress_rows=progress.height)
