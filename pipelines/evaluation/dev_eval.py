"""Dev command: ingest + extract every sample in raw/, write the system JSONL, score it against a gold file.

    python -m pipelines.evaluation.dev_eval GOLD.jsonl [--raw raw] [--out bench/out/system.jsonl] [--show 30]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipelines.evaluation.score import load, score
from pipelines.extract import ExtractionContext, extract_facts

ROOT = Path(__file__).resolve().parents[2]


def load_report(path: Path):
    """Ingestion when it is importable and works, else the development stand-in."""
    try:
        from pipelines.ingest import ingest_report

        return ingest_report(path)
    except ImportError:
        from pipelines.evaluation.standin import clean_report

        return clean_report(path)


REPORT_SUFFIXES = (".txt", ".html", ".htm")


def system_facts(raw_dir: Path, docs: set[str] | None = None) -> list[dict]:
    records = []
    for path in sorted(p for p in raw_dir.iterdir() if p.suffix.lower() in REPORT_SUFFIXES):
        if docs and path.stem not in docs:
            continue
        report = load_report(path)
        for fact in extract_facts(ExtractionContext.from_report(report)):
            records.append(fact.to_record())
    return records


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--raw", default=str(ROOT / "raw"))
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "system.jsonl"))
    ap.add_argument("--show", type=int, default=0, help="print N misses and extras")
    a = ap.parse_args(argv)
    gold = [g for path in a.gold for g in load(path)]
    docs = {g["doc"] for g in gold}
    system = system_facts(Path(a.raw))
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for rec in system:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    result, misses, extras = score(gold, [s for s in system if s["doc"] in docs], sorted(docs))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    for g in misses[: a.show]:
        print("MISS ", g["doc"][:3], g["value"], g["unit"], g["kind"], g["year"], g["indicator"], "|", g["quote"])
    for s in extras[: a.show]:
        print("EXTRA", s["doc"][:3], s["value"], s["unit"], s["kind"], s["year"], s["indicator"], "|", s["value_text"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
