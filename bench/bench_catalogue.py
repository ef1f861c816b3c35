"""Benchmark map_indicator and resolve_region: cold (uncached) and warm (cached) throughput.

Usage: python bench/bench_catalogue.py
"""
from __future__ import annotations

import random
import time

from pipelines.catalogue.indicators import load_catalogue, map_indicator
from pipelines.catalogue.regions import load_gazetteer, resolve_region

PREFIXES = ["", "全市", "全区", "上半年全市", "截至目前", "2023年", "力争", "我县"]


def main() -> None:
    t0 = time.perf_counter()
    catalogue = load_catalogue()
    load_gazetteer()
    print(f"load: {time.perf_counter() - t0:.3f}s")
    forms = [form for form, _, _ in catalogue.forms]
    rng = random.Random(0)
    names = [rng.choice(PREFIXES) + rng.choice(forms) + rng.choice(["", "率", "数"]) for _ in range(20000)]
    units = [rng.choice(["%", "人", None, "个", "元"]) for _ in names]
    t0 = time.perf_counter()
    for name, unit in zip(names, units):
        map_indicator(name, unit)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    for name, unit in zip(names, units):
        map_indicator(name, unit)
    warm = time.perf_counter() - t0
    print(f"map_indicator: {len(names)} calls cold {cold:.2f}s ({cold / len(names) * 1e6:.0f} µs/call), "
          f"warm {warm:.3f}s ({warm / len(names) * 1e6:.1f} µs/call)")
    text = open("raw/002_803259049ffd0e78.txt", encoding="utf-8").read()
    t0 = time.perf_counter()
    for _ in range(100):
        resolve_region("鼓楼区", None, text, False)
    print(f"resolve_region (ambiguous, 24k-char context): {(time.perf_counter() - t0) / 100 * 1000:.1f} ms/call")


if __name__ == "__main__":
    main()
