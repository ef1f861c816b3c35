"""Extraction throughput benchmark (a script, not a test).

    .venv/bin/python bench/bench_extract.py [--sizes 8 32 128] [--no-baseline]

For each corpus size (MB of cleaned text, scaled up from the sample reports
with varied numbers so no two copies are identical) a fresh worker process
streams the corpus through `extract_facts` on ONE core and reports MB/s and
its peak RSS: throughput per core, and whether memory stays flat as the
corpus grows. In the same run, Microsoft Recognizers-Text's Chinese number,
percentage and currency models (Node package, bench/recognizers/) process the
sample text for comparison. Results go to bench/results/extract_<date>.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.extract import ExtractionContext, extract_facts  # noqa: E402
from pipelines.ingest import ingest_report  # noqa: E402

DIGITS = re.compile(r"\d+")


def sample_contexts() -> list[ExtractionContext]:
    return [ExtractionContext.from_report(ingest_report(p)) for p in sorted((ROOT / "raw").glob("*.txt"))]


def varied(context: ExtractionContext, rng: random.Random) -> ExtractionContext:
    """Same structure, different numbers (digit runs keep their length, so offsets stay valid)."""
    text = DIGITS.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1), 10 ** len(m.group())))
                      if len(m.group()) > 1 else str(rng.randrange(1, 10)), context.text)
    return ExtractionContext(doc_id=context.doc_id, text=text, sentences=context.sentences,
                             sections=context.sections, report_kind=context.report_kind, year=context.year,
                             years=context.years)


def corpus(target_mb: float, seed: int = 7) -> Iterator[ExtractionContext]:
    """Yields varied copies of the samples until target_mb of UTF-8 clean text; nothing is kept."""
    rng = random.Random(seed)
    samples = sample_contexts()
    produced = 0
    while produced < target_mb * 1e6:
        for ctx in samples:
            copy = varied(ctx, rng)
            produced += len(copy.text.encode("utf-8"))
            yield copy


def worker(target_mb: float) -> dict:
    contexts = corpus(target_mb)
    first = next(contexts)
    extract_facts(first)  # lexicons compiled outside the timing
    size = facts = 0
    busy = 0.0
    for ctx in contexts:
        size += len(ctx.text.encode("utf-8"))
        t0 = time.perf_counter()
        facts += len(extract_facts(ctx))
        busy += time.perf_counter() - t0
    return {"mb": size / 1e6, "seconds": busy, "mb_per_s": size / 1e6 / busy, "facts": facts,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def baseline() -> dict | None:
    node = shutil.which("node")
    folder = ROOT / "bench" / "recognizers"
    if node is None:
        return {"skipped": "node not installed"}
    if not (folder / "node_modules").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=folder, check=True,
                       capture_output=True)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for ctx in sample_contexts():
            fh.write(json.dumps(ctx.text, ensure_ascii=False) + "\n")
        path = fh.name
    try:
        out = subprocess.run([node, "recognize.js", path], cwd=folder, check=True, capture_output=True, text=True)
    finally:
        os.unlink(path)
    return json.loads(out.stdout.strip().splitlines()[-1])


def ours_on_samples() -> dict:
    contexts = sample_contexts()
    extract_facts(contexts[0])
    size = sum(len(c.text.encode("utf-8")) for c in contexts)
    rounds, t0 = 20, time.perf_counter()
    for _ in range(rounds):
        for ctx in contexts:
            extract_facts(ctx)
    seconds = time.perf_counter() - t0
    return {"bytes": size * rounds, "seconds": seconds, "mb_per_s": size * rounds / 1e6 / seconds}


def cpu_reference() -> float:
    """Seconds for a fixed pure-Python loop (best of 3): how fast this core runs Python today.

    Shared cloud cores vary by 2x between days; a throughput figure means little without it.
    """
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[8, 32, 128], help="corpus sizes in MB")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--worker", type=float, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker is not None:
        print(json.dumps(worker(a.worker)))
        return 0
    results = {"date": dt.date.today().isoformat(), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
               "python": platform.python_version(), "cpu_reference_s": cpu_reference(), "scales": []}
    print(f"machine reference: {results['cpu_reference_s']:.2f} s for 10M Python additions "
          "(lower is faster; compare figures across machines with it)", flush=True)
    for mb in a.sizes:
        # a fresh process per size, so peak RSS belongs to that corpus alone
        out = subprocess.run([sys.executable, __file__, "--worker", str(mb)], check=True, capture_output=True,
                             text=True)
        row = json.loads(out.stdout)
        results["scales"].append(row)
        print(f"{row['mb']:8.1f} MB  {row['mb_per_s']:6.2f} MB/s per core  {row['facts']:>9,} facts  "
              f"peak RSS {row['peak_rss_mb']:.0f} MB", flush=True)
    if not a.no_baseline:
        ours = ours_on_samples()
        base = baseline()
        results["same_text"] = {"ours": ours, "recognizers_text": base}
        if base and "mb_per_s" in base:
            print(f"same sample text: ours {ours['mb_per_s']:.2f} MB/s vs Recognizers-Text {base['mb_per_s']:.3f} MB/s "
                  f"({ours['mb_per_s'] / base['mb_per_s']:.0f}× faster; theirs finds numbers only, no facts)")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    # a quick run (no baseline) never overwrites the record of a full one
    name = f"extract_{results['date']}" + ("_partial" if a.no_baseline else "")
    (out_dir / f"{name}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
