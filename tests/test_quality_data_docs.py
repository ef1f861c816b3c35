"""Great Expectations over the analysts' file: the sample warehouse passes and documents itself in Data Docs;
a corrupted copy fails with a message naming the broken expectation, in plain Python and through the asset."""
from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from conftest import SAMPLES, run_pipeline
from pipelines.quality.expectations import (
    DOCS_DIRNAME,
    OVERVIEW_NAME,
    SUITES,
    WarehouseExpectationsFailed,
    build_data_docs,
    validate_warehouse,
)

UNFLAGGED_PERCENT = "unit = '%' AND change IS NULL AND len(plausibility_flags) = 0"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> tuple[dg.ExecuteInProcessResult, Path]:
    """The real refresh job over the five sample reports (it builds data_docs itself)."""
    root = tmp_path_factory.mktemp("quality_docs")
    raw = root / "raw"
    raw.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    published = root / "out" / "health.duckdb"
    _refresh, result = run_pipeline(raw, root / "work" / "w.duckdb", published)
    return result, published


def _corrupted_copy(published: Path, folder: Path, *statements: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "health.duckdb"
    shutil.copy(published, copy)
    con = duckdb.connect(str(copy))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()
    return copy


def _first_fact(where: str = "TRUE") -> str:
    """A WHERE clause selecting exactly one fact (the first by key) among those matching `where`."""
    return (f"(doc_id, fact_id) = (SELECT (doc_id, fact_id) FROM extracted_facts WHERE {where} "
            "ORDER BY doc_id, fact_id LIMIT 1)")


def test_sample_warehouse_passes_and_data_docs_are_built(sample_run):
    result, published = sample_run
    assert result.success
    [materialization] = [m.materialization for m in result.get_asset_materialization_events()
                         if m.asset_key == dg.AssetKey("data_docs")]
    metadata = materialization.metadata
    assert metadata["success"].value is True
    for suite in SUITES:
        assert metadata[f"{suite}/success"].value is True
        passed, evaluated = metadata[f"{suite}/expectations"].value.split("/")
        assert passed == evaluated and int(evaluated) >= 5
    docs = published.parent / DOCS_DIRNAME
    assert metadata["index_html"].value == str(docs / "index.html")
    assert (docs / "index.html").is_file()
    for suite in SUITES:
        assert (docs / "expectations" / f"{suite}.html").is_file()
    assert "indicator_facts" in (docs / "index.html").read_text(encoding="utf-8")
    overview = (docs / OVERVIEW_NAME).read_text(encoding="utf-8")
    assert "all expectations met" in overview and "expect_column_values_to_be_in_set" in overview


def test_rebuild_replaces_the_site_instead_of_accumulating(sample_run):
    _, published = sample_run
    docs = published.parent / DOCS_DIRNAME
    first = sorted(p.relative_to(docs) for p in docs.rglob("*") if p.is_file())
    summary = build_data_docs(published)
    assert summary.success
    assert sorted(p.relative_to(docs) for p in docs.rglob("*") if p.is_file()) == first
    assert len(list((docs / "validations").rglob("*.html"))) == len(SUITES)
    assert not list(published.parent.glob(f".{DOCS_DIRNAME}*"))  # no staging folder left behind


@pytest.mark.parametrize(("statements", "expected"), [
    pytest.param([f"UPDATE extracted_facts SET kind = 'guess' WHERE {_first_fact()}"],
                 ["indicator_facts: expect_column_values_to_be_in_set(kind)", "'guess'"], id="fact-kind"),
    pytest.param([f"UPDATE extracted_facts SET unit = '万元' WHERE {_first_fact('unit IS NOT NULL')}"],
                 ["expect_column_values_to_be_in_set(unit)", "'万元'"], id="unit"),
    pytest.param(["UPDATE extracted_facts SET value = 150 WHERE " + _first_fact(UNFLAGGED_PERCENT)],
                 ["expect_column_values_to_be_between(value where unit == '%' and change is null", "150.0"],
                 id="percent-over-100"),
    pytest.param([f"UPDATE extracted_facts SET raw_end = raw_start WHERE {_first_fact()}"],
                 ["expect_column_pair_values_a_to_be_greater_than_b(raw_end, raw_start)"], id="raw-offsets"),
    pytest.param(["UPDATE reports SET report_kind = 'memo' WHERE doc_id = (SELECT min(doc_id) FROM reports)"],
                 ["reports: expect_column_values_to_be_in_set(report_kind)", "'memo'"], id="report-kind"),
    pytest.param(["UPDATE target_vs_outcome SET status = 'done' WHERE status = 'pending'"],
                 ["target_vs_outcome: expect_column_values_to_be_in_set(status)", "'done'"], id="status"),
])
def test_corrupted_copy_fails_naming_the_expectation(sample_run, tmp_path, statements, expected):
    _, published = sample_run
    corrupted = _corrupted_copy(published, tmp_path / "bad", *statements)
    with pytest.raises(WarehouseExpectationsFailed) as failure:
        validate_warehouse(corrupted)
    message = str(failure.value)
    for fragment in expected:
        assert fragment in message, message
    assert not failure.value.summary.success
    assert (tmp_path / "bad" / DOCS_DIRNAME / "index.html").is_file()  # the docs show the failure too
    overview = (tmp_path / "bad" / DOCS_DIRNAME / OVERVIEW_NAME).read_text(encoding="utf-8")
    assert "SOME EXPECTATIONS FAILED" in overview and '<tr class="bad">' in overview


def test_percent_over_100_passes_when_flagged(sample_run, tmp_path):
    _, published = sample_run
    corrupted = _corrupted_copy(
        published, tmp_path / "flagged",
        "UPDATE extracted_facts SET value = 150, plausibility_flags = ['percent_out_of_range'] WHERE "
        + _first_fact(UNFLAGGED_PERCENT))
    assert validate_warehouse(corrupted).success


def test_asset_fails_with_a_readable_message(sample_run, tmp_path):
    from pipelines.defs.quality.assets import data_docs
    from pipelines.defs.resources import Warehouse

    _, published = sample_run
    corrupted = _corrupted_copy(published, tmp_path / "bad",
                                f"UPDATE extracted_facts SET kind = 'guess' WHERE {_first_fact()}")
    warehouse = Warehouse(raw_dir=str(tmp_path), work_db=str(tmp_path / "unused.duckdb"), published_db=str(corrupted))
    result = dg.materialize([data_docs], resources={"warehouse": warehouse}, raise_on_error=False)
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    description = failure.step_failure_data.user_failure_data.description
    assert "expect_column_values_to_be_in_set(kind)" in description
    assert "'guess'" in description
    # a failed validation is not remembered as built: the next run validates again and fails again
    rerun = dg.materialize([data_docs], resources={"warehouse": warehouse}, raise_on_error=False)
    assert not rerun.success


def test_unchanged_warehouse_is_not_validated_twice(sample_run):
    from pipelines.defs.quality.assets import data_docs
    from pipelines.defs.resources import Warehouse

    _, published = sample_run
    warehouse = Warehouse(raw_dir=str(published.parent), work_db=str(published.parent / "unused.duckdb"),
                          published_db=str(published))
    result = dg.materialize([data_docs], resources={"warehouse": warehouse})
    [materialization] = result.asset_materializations_for_node("data_docs")
    assert materialization.metadata["rebuilt"].value is False


def test_after_one_new_report_only_its_rows_are_validated(tmp_path):
    """An incremental refresh validates the rows of the reports it changed; a catalogue change (the marts rebuilt
    whole) validates everything again."""
    import re

    from pipelines.quality.expectations import validation_scope

    raw = tmp_path / "raw"
    raw.mkdir()
    samples = sorted(SAMPLES.glob("*.txt"))
    for path in samples[:4]:
        shutil.copy(path, raw / path.name)
    published = tmp_path / "out" / "health.duckdb"
    docs = published.parent / DOCS_DIRNAME
    run_pipeline(raw, tmp_path / "work" / "w.duckdb", published)
    assert "full pass" in (docs / OVERVIEW_NAME).read_text(encoding="utf-8")
    shutil.copy(samples[4], raw / samples[4].name)
    run_pipeline(raw, tmp_path / "work" / "w.duckdb", published)  # the quality job validates the new report only
    page = (docs / OVERVIEW_NAME).read_text(encoding="utf-8")
    assert "incremental pass: the rows of the 1 report(s)" in page
    rows = dict(re.findall(r'<h2 id="(\w+)">.*?</h2>\n<p>(\d+) rows', page))
    con = duckdb.connect(str(published), read_only=True)
    try:
        own = con.execute("SELECT count(*) FROM indicator_facts WHERE doc_id = ?", [samples[4].stem]).fetchall()[0][0]
    finally:
        con.close()
    assert rows["reports"] == "1" and rows["indicator_facts"] == str(own), rows
    assert validation_scope(published, docs).doc_ids == ()  # nothing changed since
    # the marts rebuilt whole since the last docs: everything is validated again
    con = duckdb.connect(str(published))
    try:
        con.execute("UPDATE pipeline_state SET value = value + 1 WHERE key = 'marts_full_generation'")
    finally:
        con.close()
    assert validation_scope(published, docs).full
