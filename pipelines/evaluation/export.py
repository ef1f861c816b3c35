"""Exports the warehouse's indicator facts in the scorer's JSONL shape."""
from __future__ import annotations

from pathlib import Path

import duckdb

EXPORT_COLUMNS = ("doc", "indicator", "value", "value_high", "unit", "qualifier", "kind", "year", "quote")


def export_facts(warehouse: Path) -> list[dict]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            "SELECT doc_id, indicator, value, value_high, unit, qualifier, kind, year, raw_quote "
            "FROM extracted_facts ORDER BY doc_id, fact_id"
        ).fetchall()
    finally:
        con.close()
    return [dict(zip(EXPORT_COLUMNS, row)) for row in rows]
