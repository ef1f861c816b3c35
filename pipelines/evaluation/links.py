"""Score the warehouse's target→outcome links against labelled links (the `--links` records of
../shared/eval/check_gold.py: target_doc, target_value, outcome_doc, outcome_value, status).

A system link is a target_vs_outcome row with an outcome; it is right when a labelled link names the same
target document and value and the same outcome document and value. Only rows whose target and outcome
documents are both labelled are judged, so a warehouse holding other reports scores the same.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb


def load_links(path: Path | str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def system_links(db: Path | str) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT target_doc_id, target_value, outcome_doc_id, outcome_value, status, link_method, indicator "
            "FROM target_vs_outcome WHERE outcome_doc_id IS NOT NULL").fetchall()
    finally:
        con.close()
    keys = ("target_doc", "target_value", "outcome_doc", "outcome_value", "status", "link_method", "indicator")
    return [dict(zip(keys, row)) for row in rows]


def _same(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _key_match(gold: dict, system: dict) -> bool:
    return (gold["target_doc"] == system["target_doc"] and gold["outcome_doc"] == system["outcome_doc"]
            and _same(gold["target_value"], system["target_value"])
            and _same(gold["outcome_value"], system["outcome_value"]))


def score_links(gold: list[dict], system: list[dict]) -> tuple[dict, list[dict], list[dict]]:
    """(summary, labelled links not found, system links no label names)."""
    docs = {g["target_doc"] for g in gold} | {g["outcome_doc"] for g in gold}
    judged = [s for s in system if s["target_doc"] in docs and s["outcome_doc"] in docs]
    found, status_ok, used = 0, 0, set()
    missed = []
    for g in gold:
        hit = next((i for i, s in enumerate(judged) if i not in used and _key_match(g, s)), None)
        if hit is None:
            missed.append(g)
            continue
        used.add(hit)
        found += 1
        status_ok += judged[hit]["status"] == g["status"]
    wrong = [s for i, s in enumerate(judged) if i not in used]
    precision = found / len(judged) if judged else 0.0
    recall = found / len(gold) if gold else 0.0
    summary = {
        "gold_links": len(gold), "system_links": len(judged), "found": found,
        "precision": round(precision, 4), "recall": round(recall, 4),
        "status_right": round(status_ok / found, 4) if found else None,
        "by_method": {m: sum(1 for s in judged if s["link_method"] == m) for m in ("catalogue", "name")},
    }
    return summary, missed, wrong


def system_not_set(db: Path | str) -> list[dict]:
    """The warehouse's not_set rows: (target_doc, year, indicator, statement)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT target_doc_id, year, indicator, target_raw_quote FROM target_vs_outcome "
                           "WHERE status = 'not_set'").fetchall()
    finally:
        con.close()
    return [dict(zip(("target_doc", "year", "indicator", "statement"), row)) for row in rows]


def score_not_set(gold: list[dict], system: list[dict]) -> tuple[dict, list[dict], list[dict]]:
    """A labelled "no target set" (not_set.jsonl: target_doc, year, target_text) is found when a not_set row of the
    same report and year has its statement inside the labelled text. Only labelled reports are judged."""
    docs = {g["target_doc"] for g in gold}
    judged = [s for s in system if s["target_doc"] in docs]
    used, missed = set(), []
    for g in gold:
        hit = next((i for i, s in enumerate(judged) if i not in used and s["target_doc"] == g["target_doc"]
                    and s["year"] == g["year"] and s["statement"] and s["statement"] in g["target_text"]), None)
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
    wrong = [s for i, s in enumerate(judged) if i not in used]
    found = len(gold) - len(missed)
    return ({"gold_not_set": len(gold), "system_not_set": len(judged), "found": found,
             "precision": round(found / len(judged), 4) if judged else 0.0,
             "recall": round(found / len(gold), 4) if gold else 0.0}, missed, wrong)
