"""Every table, view and column of the warehouse carries a COMMENT, and docs/DATA_DICTIONARY.md is current.

Scope: every table and view of the main schema of a fresh warehouse file (store.apply_ddl on a new
connection), as duckdb_tables() / duckdb_views() / duckdb_columns() list them. Only DuckDB's own catalog
(internal = true, the system and temp databases) and temporary objects are left out. pipeline_state is
checked like the rest: it is bookkeeping, but it ships in the analysts' published file (the freshness
check and the quality report read its generation), so whoever opens the file should learn what it is.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from pipelines.warehouse import sql, store

PROJECT_ROOT = Path(__file__).resolve().parents[1]
COMMENTS_FILE = PROJECT_ROOT / "sql" / "views" / "090_comments.sql"


def _load_generator():
    spec = importlib.util.spec_from_file_location("data_dictionary", PROJECT_ROOT / "scripts" / "data_dictionary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


data_dictionary = _load_generator()


@pytest.fixture
def fresh(tmp_path):
    with data_dictionary.fresh_schema(tmp_path) as con:
        yield con


def _comments(con, table: str) -> dict[str, str | None]:
    rows = con.execute("SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ?", [table]).fetchall()
    return dict(rows)


def test_comments_file_runs_after_every_view():
    # CREATE OR REPLACE VIEW drops a view's comments: they must be set after the last view is (re)created
    assert sql.view_files()[-1] == COMMENTS_FILE


def test_every_table_view_and_column_has_a_comment(fresh):
    names = {name for name, _, _ in data_dictionary.objects(fresh)}
    # the check must see the whole warehouse, analysts' views and bookkeeping included, not an empty catalog
    assert {"reports", "extracted_facts", "target_vs_outcome", "pipeline_state", "indicator_facts",
            "attainment_facts", "indicator_timeseries", "unmapped_indicators"} <= names
    missing = data_dictionary.missing_comments(fresh)
    assert not missing, (
        f"{len(missing)} without a COMMENT (add them to sql/views/090_comments.sql, or beside the new table in "
        f"sql/ddl, then run scripts/data_dictionary.py): " + ", ".join(missing)
    )


def test_checker_reports_what_lacks_a_comment(fresh):
    fresh.execute("CREATE TABLE extra_uncommented (a INTEGER, b VARCHAR)")
    fresh.execute("COMMENT ON COLUMN extra_uncommented.a IS 'commented'")
    fresh.execute("ALTER TABLE reports ADD COLUMN extra_column INTEGER")
    fresh.execute("CREATE VIEW extra_view AS SELECT 1 AS x")
    fresh.execute("COMMENT ON COLUMN indicator_facts.doc_id IS '  '")  # blank is no comment
    assert set(data_dictionary.missing_comments(fresh)) == {
        "table extra_uncommented", "column extra_uncommented.b", "column reports.extra_column",
        "view extra_view", "column extra_view.x", "column indicator_facts.doc_id",
    }


def test_comments_survive_every_later_apply_ddl(tmp_path):
    # apply_ddl runs on every connection to the working file and recreates the views each time
    path = tmp_path / "w.duckdb"
    with store.connect(path) as con:
        store.apply_ddl(con)
    with store.connect(path) as con:
        store.apply_ddl(con)
        store.apply_ddl(con)
        assert data_dictionary.missing_comments(con) == []
    # the analysts open the file read-only and never run the DDL: the comments are stored in it
    with store.connect(path, read_only=True) as con:
        assert data_dictionary.missing_comments(con) == []


def _targets(path: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """Tables/views and (table, column) pairs that a SQL file comments."""
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("--"))
    objects, columns = set(), set()
    for kind, target in re.findall(r"COMMENT\s+ON\s+(TABLE|VIEW|COLUMN)\s+([\w.]+)\s+IS", text, flags=re.I):
        if kind.upper() == "COLUMN":
            table, column = target.rsplit(".", 1)
            columns.add((table.split(".")[-1], column))
        else:
            objects.add(target.split(".")[-1])
    return objects, columns


def test_comments_file_never_overrides_a_comment_written_in_ddl(tmp_path, monkeypatch):
    # a comment written beside its table stays the only one: 090 would silently replace it on every run
    before_090 = [p for p in sql.view_files() if p != COMMENTS_FILE]
    monkeypatch.setattr(store, "view_files", lambda: before_090)
    with store.connect(tmp_path / "w.duckdb") as con:
        store.apply_ddl(con)
        commented_objects = {name for name, _, comment in data_dictionary.objects(con) if comment}
        commented_columns = {(t, c) for t, c in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE comment IS NOT NULL").fetchall()}
    objects, columns = _targets(COMMENTS_FILE)
    assert not objects & commented_objects
    assert not columns & commented_columns


# Views whose columns are copied from another relation: a copied column repeats the source's comment word for
# word, so the text cannot drift when one side changes. Listed: columns the view computes or narrows differently.
VIEW_SOURCES = [
    ("indicator_facts", "extracted_facts", set()),
    ("attainment_facts", "indicator_facts", {"year", "implausible"}),  # never NULL / always false there
    ("indicator_timeseries", "indicator_facts", {"indicator", "year"}),  # canonical name; never NULL there
]


@pytest.mark.parametrize("view, source, own", VIEW_SOURCES)
def test_copied_view_columns_repeat_their_source_comment(fresh, view, source, own):
    view_comments, source_comments = _comments(fresh, view), _comments(fresh, source)
    shared = (set(view_comments) & set(source_comments)) - own
    assert shared
    differing = {c: (view_comments[c], source_comments[c]) for c in shared if view_comments[c] != source_comments[c]}
    assert not differing, f"{view} columns whose comment differs from {source}'s: {differing}"


def test_data_dictionary_is_current(fresh):
    committed = data_dictionary.DICTIONARY_PATH.read_text(encoding="utf-8")
    assert committed == data_dictionary.render(fresh), (
        "docs/DATA_DICTIONARY.md is stale: run .venv/bin/python scripts/data_dictionary.py"
    )
