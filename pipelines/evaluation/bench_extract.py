"""Benchmark: extraction throughput in MB of clean text per second on one core.

    python -m pipelines.evaluation.bench_extract [--repeat 200]

Ingestion runs once per sample; only `extract_facts` is timed.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipelines.evaluation.dev_eval import ROOT, load_report
from pipelines.extract import ExtractionContext, extract_facts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", default=str(ROOT / "raw"))
    ap.add_argument("--repeat", type=int, default=200)
    a = ap.parse_args(argv)
    contexts = [ExtractionContext.from_report(load_report(p)) for p in sorted(Path(a.raw).glob("*.txt"))]
    size = sum(len(c.text.encode("utf-8")) for c in contexts)
    extract_facts(contexts[0])  # lexicon compile outside the timing
    facts = 0
    t0 = time.perf_counter()
    for _ in range(a.repeat):
        for ctx in contexts:
            facts += len(extract_facts(ctx))
    elapsed = time.perf_counter() - t0
    mb = size * a.repeat / 1e6
    print(f"{len(contexts)} reports × {a.repeat}: {mb:.1f} MB clean text, {facts} facts, "
          f"{elapsed:.2f} s → {mb / elapsed:.2f} MB/s, {facts / elapsed:,.0f} facts/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
