"""Ingestion throughput on the sample reports: `python bench/bench_ingest.py [rounds]`."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from pipelines.ingest import ingest_report

RAW = Path(__file__).resolve().parents[1] / "raw"


def main(rounds: int = 200) -> None:
    paths = sorted(RAW.glob("*.txt"))
    ingest_report(paths[0])  # warm up (lexicons, OpenCC)
    size = chars = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            report = ingest_report(path)
            size += report.byte_size
            chars += len(report.raw_text)
    elapsed = time.perf_counter() - started
    print(f"{rounds * len(paths)} reports, {size / 1e6:.1f} MB in {elapsed:.2f} s: "
          f"{size / 1e6 / elapsed:.2f} MB/s, {chars / 1e6 / elapsed:.2f} M chars/s, "
          f"{elapsed / (rounds * len(paths)) * 1e3:.2f} ms/report")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
