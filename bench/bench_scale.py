"""Scale benchmark: full rebuild and one-new-report latency of the real `python -m pipelines run`.

    python bench/bench_scale.py --sizes 1000 10000 [--until-publish] [--out bench/out/scale]

For each size N: a corpus of N generated reports (bench/make_corpus.py, seed 7),
a fresh warehouse and DAGSTER_HOME under --out, then
  1. full rebuild: wall time, time until the analysts' file is published,
     peak RSS summed over the whole process tree (sampled from /proc every
     0.25 s; workers included), the largest single process (getrusage of
     children), warehouse sizes;
  2. incremental: one new report dropped in the raw folder, then a run;
     the time until its facts are visible in the published file is measured
     by a poller that reopens the published file read-only;
  3. an analyst reader: a separate process holds a read-only connection to
     the published file during both runs, queries continuously and checks
     that count(*) of extracted_facts equals sum(n_facts) of extraction_log
     in every snapshot (it reconnects every 20 queries to pick up new ones);
  4. the sensor's cost: one listing_fingerprint() of the raw folder.

--until-publish stops each run (SIGKILL of its process group) once the
analysts' file is published, skipping the quality assets (Data Docs and the
attainment report, which read the published file and are not needed for the
facts to be visible); their own time is recorded at the sizes where they ran.

Results are appended to bench/results/scale_<date>.json and .md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT / "bench"))
sys.path.insert(0, str(PROJECT_ROOT))

import make_corpus  # noqa: E402

PYTHON = sys.executable
SEED = 7
NEW_REPORT_BASE = 9_000_000  # index of "one more report", distinct from every corpus index
PUBLISHED_LINE = re.compile(r"analysts' file .* published$")
PAGE = os.sysconf("SC_PAGE_SIZE")


# ---------------------------------------------------------------- process tree memory
def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode(errors="replace")
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    return children


def tree_rss(root: int) -> tuple[int, int]:
    """(sum of RSS bytes, number of processes) of root and all its descendants."""
    children = _children_map()
    total, count, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
            count += 1
        except (OSError, ValueError):
            pass
        stack.extend(children.get(pid, []))
    return total, count


class TreeSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak, self.peak_procs = 0, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            rss, procs = tree_rss(self.pid)
            if rss > self.peak:
                self.peak, self.peak_procs = rss, procs
            self.stopped.wait(self.interval)


# ---------------------------------------------------------------- the analyst reader
def reader_loop(published: str, stop: multiprocessing.Event, out: multiprocessing.Queue) -> None:
    """Query the published file continuously; every snapshot must be internally consistent."""
    import duckdb

    queries = inconsistent = errors = reconnects = 0
    first_error = None
    con = None
    while not stop.is_set():
        try:
            if con is None:
                if not os.path.exists(published):
                    time.sleep(0.1)
                    continue
                con = duckdb.connect(published, read_only=True)
                reconnects += 1
            facts, logged = con.execute(
                "SELECT (SELECT count(*) FROM extracted_facts), (SELECT coalesce(sum(n_facts), 0) FROM extraction_log)"
            ).fetchall()[0]
            queries += 1
            if facts != logged:
                inconsistent += 1
            if queries % 20 == 0:  # pick up the newest snapshot now and then, hold the old one in between
                con.close()
                con = None
        except Exception as exc:  # noqa: BLE001 - counted and reported
            errors += 1
            first_error = first_error or f"{type(exc).__name__}: {exc}"[:300]
            if con is not None:
                con.close()
            con = None
            time.sleep(0.05)
    if con is not None:
        con.close()
    out.put({"queries": queries, "inconsistent": inconsistent, "errors": errors, "connections": reconnects,
             "first_error": first_error})


class Reader:
    def __init__(self, published: Path):
        ctx = multiprocessing.get_context("spawn")
        self.stop, self.queue = ctx.Event(), ctx.Queue()
        self.proc = ctx.Process(target=reader_loop, args=(str(published), self.stop, self.queue), daemon=True)
        self.proc.start()

    def result(self) -> dict:
        self.stop.set()
        result = self.queue.get(timeout=60)
        self.proc.join(10)
        return result


# ---------------------------------------------------------------- visibility poller
def wait_visible(published: Path, doc_id: str, started: float, stop: threading.Event, out: dict) -> None:
    import duckdb

    while not stop.is_set():
        try:
            if published.exists():
                con = duckdb.connect(str(published), read_only=True)
                try:
                    rows = con.execute("SELECT n_facts FROM extraction_log WHERE doc_id = ?", [doc_id]).fetchall()
                finally:
                    con.close()
                if rows:
                    out["visible_s"] = round(time.perf_counter() - started, 2)
                    out["n_facts"] = rows[0][0]
                    return
        except Exception:  # noqa: BLE001 - the file may be mid-replace; try again
            pass
        time.sleep(0.2)


# ---------------------------------------------------------------- one run of the CLI
def snapshot_code(out: Path) -> Path:
    """A frozen copy of the code: others edit pipelines/ while a benchmark runs, and a changed extractor
    fingerprint would turn the one-new-report run into a full re-extraction."""
    code = out / "code"
    shutil.rmtree(code, ignore_errors=True)
    code.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(PROJECT_ROOT / "pipelines", code / "pipelines", ignore=ignore)
    shutil.copytree(PROJECT_ROOT / "sql", code / "sql", ignore=ignore)
    shutil.copy(PROJECT_ROOT / "dagster.yaml", code / "dagster.yaml")
    shutil.copy(PROJECT_ROOT / "pyproject.toml", code / "pyproject.toml")  # dagster finds its project root by it
    return code


CODE_ROOT = PROJECT_ROOT  # replaced by the snapshot in main()


def run_cli(env: dict, log_path: Path, *, until_publish: bool, full_rebuild: bool = False) -> dict:
    argv = [PYTHON, "-m", "pipelines", "run"] + (["--full-rebuild"] if full_rebuild else [])
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(argv, cwd=CODE_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    marks: dict[str, float] = {}
    killed = False
    while proc.poll() is None:
        time.sleep(0.2)
        text = log_path.read_text(errors="replace")
        for line in text.splitlines():
            now = round(time.perf_counter() - started, 2)
            for key, pattern in (("ingestion_plan", "ingestion plan:"), ("extraction_plan", "extraction plan:"),
                                 ("regions", "regions: resolved"), ("mapping", "mapping:"),
                                 ("marts", "attainment: "), ("attainment_report", "attainment report:"),
                                 ("data_docs", "data docs:")):
                if pattern in line and key not in marks:
                    marks[key] = now
            if PUBLISHED_LINE.search(line.strip()) or "already current" in line:
                marks.setdefault("published", now)
        if until_publish and "published" in marks and not killed:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
    proc.wait()
    wall = time.perf_counter() - started
    sampler.stopped.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = log_path.read_text(errors="replace")
    for line in text.splitlines():  # lines written after the last poll
        if PUBLISHED_LINE.search(line.strip()):
            marks.setdefault("published", round(wall, 2))
    return {
        "loadavg_after": os.getloadavg(),
        "wall_s": round(wall, 2),
        "returncode": proc.returncode,
        "stopped_after_publish": killed,
        "marks_s": marks,
        "peak_tree_rss_mb": round(sampler.peak / 2**20, 1),
        "peak_tree_procs": sampler.peak_procs,
        "max_single_rss_mb": round(after.ru_maxrss / 1024, 1),
        "children_cpu_s": round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 1),
        "log": str(log_path),
        # the main command ends "done in …" after every run it launched succeeded; a failed run prints "failed after"
        "succeeded": (proc.returncode == 0 or killed) and "failed after" not in text and "FAILED " not in text,
        "failed_steps": sorted(set(re.findall(r"FAILED (\S+):", text))),
    }


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def machine() -> dict:
    def sh(cmd: str) -> str:
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stdout.strip()
        except Exception:  # noqa: BLE001
            return ""

    cpu = next((ln.split(":", 1)[1].strip() for ln in sh("lscpu").splitlines() if ln.startswith("Model name")), "")
    return {"date_utc": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "nproc": os.cpu_count(),
            "cpu": cpu, "free_h": sh("free -h"), "python": platform.python_version(),
            "kernel": platform.release(), "git_describe": "not run (no git commands in this session)"}


def ensure_corpus(out: Path, n: int) -> Path:
    corpus = out / f"corpus_{n}"
    have = sum(1 for p in corpus.iterdir() if not p.name.startswith(".")) if corpus.exists() else 0
    if have != n:
        shutil.rmtree(corpus, ignore_errors=True)
        started = time.perf_counter()
        make_corpus.generate(corpus, n, seed=SEED)
        print(f"corpus {n}: generated in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return corpus


def bench_size(out: Path, n: int, *, until_publish: bool, workers: int | None) -> dict:
    corpus = ensure_corpus(out, n)
    run_dir = out / f"run_{n}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    raw = run_dir / "raw"
    # the corpus is copied by hard links so the new report can be dropped without touching the corpus folder
    raw.mkdir()
    for p in corpus.iterdir():
        os.link(p, raw / p.name)
    published = run_dir / "warehouse" / "health.duckdb"
    env = {**os.environ, "HEALTH_RAW_DIR": str(raw), "HEALTH_WAREHOUSE": str(published),
           "DAGSTER_HOME": str(run_dir / "dagster_home")}
    env.pop("HEALTH_WORK_DB", None)
    if workers:
        env["HEALTH_WORKERS"] = str(workers)
    result: dict = {"reports": n, "corpus_mb": round(dir_size(corpus) / 1e6, 1)}

    print(f"[{n}] full rebuild …", file=sys.stderr)
    result["rebuild"] = run_cli(env, run_dir / "rebuild.log", until_publish=until_publish)
    work = published.parent / ".staging" / f"{published.stem}.work.duckdb"
    result["published_mb"] = round(published.stat().st_size / 1e6, 1) if published.exists() else None
    result["work_mb"] = round(work.stat().st_size / 1e6, 1) if work.exists() else None
    result["rebuild"]["reader"] = None

    # the sensor's per-tick cost at this size
    listing = subprocess.run(
        [PYTHON, "-c", "import sys, time; from pathlib import Path; "
         "from pipelines.warehouse.inventory import listing_fingerprint as f; "
         "t = time.perf_counter(); f(Path(sys.argv[1])); print(time.perf_counter() - t)", str(raw)],
        cwd=CODE_ROOT, env=env, capture_output=True, text=True)
    result["sensor_listing_s"] = round(float(listing.stdout.strip() or "nan"), 3)

    # one new report, with an analyst reading throughout
    name, data = make_corpus.make_report(SEED, NEW_REPORT_BASE + n)
    reader = Reader(published)
    time.sleep(1.0)
    (raw / name).write_bytes(data)
    visible: dict = {}
    stop = threading.Event()
    started = time.perf_counter()
    poller = threading.Thread(target=wait_visible, args=(published, Path(name).stem, started, stop, visible),
                              daemon=True)
    poller.start()
    print(f"[{n}] one new report …", file=sys.stderr)
    incremental = run_cli(env, run_dir / "incremental.log", until_publish=until_publish)
    poller.join(timeout=30)
    stop.set()
    incremental.update(visible)
    incremental["reader"] = reader.result()
    result["incremental"] = incremental

    # a no-change run: the cost of a refresh that finds nothing new
    print(f"[{n}] no-change run …", file=sys.stderr)
    result["no_change"] = run_cli(env, run_dir / "nochange.log", until_publish=until_publish)
    if published.exists():
        import duckdb

        con = duckdb.connect(str(published), read_only=True)
        try:
            result["counts"] = dict(zip(
                ("reports", "facts", "ingest_errors", "failed", "regions", "targets"),
                con.execute("SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM extracted_facts), "
                            "(SELECT count(*) FROM ingest_errors), "
                            "(SELECT count(*) FROM report_status WHERE status = 'failed'), "
                            "(SELECT count(DISTINCT region) FROM target_vs_outcome), "
                            "(SELECT count(*) FROM target_vs_outcome)").fetchall()[0]))
        finally:
            con.close()
    result["published_mb"] = round(published.stat().st_size / 1e6, 1) if published.exists() else None
    result["work_mb"] = round(work.stat().st_size / 1e6, 1) if work.exists() else None
    return result


def write_results(results: dict, stem: str) -> None:
    folder = PROJECT_ROOT / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / f"{stem}.json"
    existing = json.loads(json_path.read_text()) if json_path.exists() else {"machine": results["machine"], "runs": []}
    existing["runs"].extend(results["runs"])
    json_path.write_text(json.dumps(existing, indent=1, ensure_ascii=False) + "\n")
    lines = [f"# Scale benchmark {stem}", "", "Machine:", "", "```", json.dumps(existing["machine"], indent=1,
             ensure_ascii=False), "```", "",
             "| reports | mode | rebuild wall s | published at s | peak tree RSS MB | largest proc MB | "
             "published MB | work MB | +1 report visible s | +1 run wall s | no-change run s | reader q / bad / err |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in existing["runs"]:
        rb, inc, nc = r["rebuild"], r["incremental"], r["no_change"]
        rd = inc.get("reader") or {}
        lines.append(
            f"| {r['reports']} | {'until publish' if rb['stopped_after_publish'] else 'full job'} | {rb['wall_s']} | "
            f"{rb['marks_s'].get('published')} | {rb['peak_tree_rss_mb']} | {rb['max_single_rss_mb']} | "
            f"{r['published_mb']} | {r['work_mb']} | {inc.get('visible_s')} | {inc['wall_s']} | {nc['wall_s']} | "
            f"{rd.get('queries')} / {rd.get('inconsistent')} / {rd.get('errors')} |")
    lines += ["", "Step marks (seconds from start, when the step's summary line appeared):", ""]
    for r in existing["runs"]:
        lines.append(f"- {r['reports']} rebuild: {r['rebuild']['marks_s']}; +1: {r['incremental']['marks_s']}; "
                     f"sensor listing {r['sensor_listing_s']} s; counts {r.get('counts')}")
    (folder / f"{stem}.md").write_text("\n".join(lines) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "out" / "scale")
    parser.add_argument("--until-publish", action="store_true")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--stem", default=f"scale_{dt.date.today().isoformat()}")
    args = parser.parse_args()
    args.out = args.out.resolve()  # the runs start in the code snapshot: relative paths would point there
    args.out.mkdir(parents=True, exist_ok=True)
    global CODE_ROOT
    CODE_ROOT = snapshot_code(args.out)
    for n in args.sizes:
        result = bench_size(args.out, n, until_publish=args.until_publish, workers=args.workers)
        print(json.dumps(result, indent=1, ensure_ascii=False), file=sys.stderr)
        write_results({"machine": machine(), "runs": [result]}, args.stem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
