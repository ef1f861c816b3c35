"""Repeat bench_scale.py's "+1 report" measurement on a run folder it left (raw/, warehouse/, dagster_home/).

    python bench/repeat_plus1.py bench/out/scale/run_100000 --repeats 3 [--code bench/out/scale/code]

Each repeat drops one new generated report into raw/ and runs the whole main command from the benchmark's code
snapshot, with the analyst reader querying the published file throughout and a poller timing when the report's
facts are visible in it (bench_scale.wait_visible), exactly as bench_scale.py does once per size. Prints one JSON
line per repeat; the first +1 run after a rebuild is bench_scale.py's own figure.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_scale  # noqa: E402
import make_corpus  # noqa: E402

FIRST_REPORT = 990000  # numbers of the generated reports, clear of the corpus and of bench_scale's new report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--code", type=Path, help="code snapshot to run (default: the run folder's ../code)")
    args = parser.parse_args()
    run_dir = args.run_dir.resolve()
    bench_scale.CODE_ROOT = (args.code or run_dir.parent / "code").resolve()
    raw, published = run_dir / "raw", run_dir / "warehouse" / "health.duckdb"
    env = {**os.environ, "HEALTH_RAW_DIR": str(raw), "HEALTH_WAREHOUSE": str(published),
           "DAGSTER_HOME": str(run_dir / "dagster_home")}
    env.pop("HEALTH_WORK_DB", None)
    number = FIRST_REPORT + sum(1 for p in raw.iterdir() if p.name.startswith("r99"))
    for i in range(args.repeats):
        name, data = make_corpus.make_report(bench_scale.SEED, number + i)
        reader = bench_scale.Reader(published)
        time.sleep(1.0)
        (raw / name).write_bytes(data)
        visible: dict = {}
        stop = threading.Event()
        started = time.perf_counter()
        poller = threading.Thread(target=bench_scale.wait_visible,
                                  args=(published, Path(name).stem, started, stop, visible), daemon=True)
        poller.start()
        result = bench_scale.run_cli(env, run_dir / f"repeat_{number + i}.log", until_publish=False)
        poller.join(timeout=30)
        stop.set()
        read = reader.result()
        print(json.dumps({"report": name, "whole_s": result["wall_s"], "visible_s": visible.get("visible_s"),
                          "succeeded": result["succeeded"], "reader_queries": read["queries"],
                          "reader_inconsistent": read["inconsistent"], "reader_errors": read["errors"]}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
