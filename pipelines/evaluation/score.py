"""Score a system's indicator facts against a gold JSONL set (vendored from shared/eval/score.py; keep the rules identical).

System facts come as JSONL (one object per fact) with at least
doc, indicator, value, unit, kind; optional value_high, year.

Matching, per document: a system fact and a gold fact can pair when their
values agree (after folding 万/亿/千 prefixes of the system unit into the
value). Pairs are chosen greedily, best first: indicator names that agree, then
the same kind, then required gold before borderline gold. Gold facts with required=false absorb a system fact without
counting it either way.

Prints a JSON summary; --min-f1 makes the exit status fail below a bar.
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import sys

MAGNITUDE = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7, "十万": 1e5}
UNIT_ALIASES = {"名": "人", "位": "人", "户": "户", "所": "家", "座": "个", "例次": "例"}


def fold(value, unit):
    """Fold a magnitude prefix of `unit` into `value`."""
    if value is None or unit is None:
        return value, unit
    for prefix in sorted(MAGNITUDE, key=len, reverse=True):
        if unit.startswith(prefix) and len(unit) > len(prefix) and unit not in ("万人口",):
            return value * MAGNITUDE[prefix], unit[len(prefix):]
    return value, unit


def norm_unit(unit):
    if unit is None:
        return ""
    unit = unit.strip().replace("％", "%").replace("‰", "‰")
    unit = unit.replace("/十万", "/10万").replace("每10万", "/10万")
    return UNIT_ALIASES.get(unit, unit)


def close(a, b):
    if a is None or b is None:
        return False
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def char_f1(a, b):
    a, b = (a or "").strip(), (b or "").strip()
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    ca, cb = collections.Counter(a), collections.Counter(b)
    common = sum((ca & cb).values())
    if not common:
        return 0.0
    p, r = common / sum(ca.values()), common / sum(cb.values())
    return 2 * p * r / (p + r)


def load(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def value_matches(sys_fact, gold):
    v, u = fold(sys_fact.get("value"), sys_fact.get("unit"))
    if close(v, gold["value"]):
        return True
    # a range reported with the pair swapped or only the high end kept
    vh, _ = fold(sys_fact.get("value_high"), sys_fact.get("unit"))
    return gold.get("value_high") is not None and close(vh, gold["value_high"]) and close(v, gold["value"])


def score(gold, system, docs=None):
    by_doc_g, by_doc_s = collections.defaultdict(list), collections.defaultdict(list)
    for g in gold:
        by_doc_g[g["doc"]].append(g)
    for s in system:
        by_doc_s[s["doc"]].append(s)
    docs = sorted(docs or by_doc_g)
    tot = collections.Counter()
    per_doc = {}
    misses, extras = [], []
    for doc in docs:
        G, S = by_doc_g.get(doc, []), by_doc_s.get(doc, [])
        cands = []
        for i, s in enumerate(S):
            for j, g in enumerate(G):
                if value_matches(s, g):
                    sim = char_f1(s.get("indicator"), g["indicator"])
                    same_kind = s.get("kind") == g["kind"]
                    cands.append((sim >= 0.5, same_kind, g.get("required", True), sim, i, j))
        cands.sort(reverse=True)
        used_s, used_g, pairs = set(), set(), []
        for _named, _same_kind, _req, sim, i, j in cands:
            if i in used_s or j in used_g:
                continue
            used_s.add(i)
            used_g.add(j)
            pairs.append((S[i], G[j], sim))
        c = collections.Counter()
        c["gold_required"] = sum(1 for g in G if g.get("required", True))
        c["system"] = len(S)
        for s, g, sim in pairs:
            if not g.get("required", True):
                c["absorbed"] += 1
                continue
            c["tp"] += 1
            c["kind_ok"] += s.get("kind") == g["kind"]
            c["indicator_ok"] += sim >= 0.5
            fu = norm_unit(fold(s.get("value"), s.get("unit"))[1])
            c["unit_ok"] += fu == norm_unit(g.get("unit"))
            if g.get("year") is not None:
                c["year_gold"] += 1
                c["year_ok"] += str(s.get("year")) == str(g["year"])
            c["strict"] += (s.get("kind") == g["kind"]) and sim >= 0.5
        c["fp"] = c["system"] - c["tp"] - c["absorbed"]
        for j, g in enumerate(G):
            if j not in used_g and g.get("required", True):
                misses.append(g)
        for i, s in enumerate(S):
            if i not in used_s:
                extras.append(s)
        per_doc[doc] = prf(c)
        tot.update(c)
    out = prf(tot)
    out["per_doc"] = per_doc
    return out, misses, extras


def prf(c):
    tp, fp, gr = c["tp"], c["fp"], c["gold_required"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / gr if gr else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    sp = c["strict"] / (tp + fp) if tp + fp else 0.0
    sr = c["strict"] / gr if gr else 0.0
    sf1 = 2 * sp * sr / (sp + sr) if sp + sr else 0.0
    return {
        "gold_required": gr, "system": c["system"], "tp": tp, "fp": fp,
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
        "kind_acc": round(c["kind_ok"] / tp, 4) if tp else 0.0,
        "indicator_acc": round(c["indicator_ok"] / tp, 4) if tp else 0.0,
        "unit_acc": round(c["unit_ok"] / tp, 4) if tp else 0.0,
        "year_acc": round(c["year_ok"] / c["year_gold"], 4) if c["year_gold"] else None,
        "strict_f1": round(sf1, 4),
    }


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("system")
    ap.add_argument("--docs", nargs="*")
    ap.add_argument("--show", type=int, default=0, help="print N misses and extras")
    ap.add_argument("--min-f1", type=float)
    ap.add_argument("--metric", default="f1")
    a = ap.parse_args(argv)
    out, misses, extras = score(load(a.gold), load(a.system), a.docs)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    for g in misses[: a.show]:
        print("MISS", json.dumps(g, ensure_ascii=False))
    for s in extras[: a.show]:
        print("EXTRA", json.dumps(s, ensure_ascii=False))
    if a.min_f1 is not None:
        print(f"{a.metric}={out[a.metric]} (bar {a.min_f1})")
        return 0 if out[a.metric] >= a.min_f1 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
