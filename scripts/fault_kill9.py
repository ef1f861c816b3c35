"""kill -9 at random points of a materialisation, then check the analysts' file and convergence.

    python scripts/fault_kill9.py [--trials 24] [--reports 200] [--seed 1] [--targeted] [--out bench/out/fault]
    python scripts/fault_kill9.py --from-run bench/out/scale/run_100000 --trials 6 [--new-reports 3]

A corpus of generated reports (bench/make_corpus.py, few regions so the
attainment report stays short) is built once from scratch: that clean run's
`store.table_digests` is the reference. Each trial then starts a real
`python -m pipelines run` in its own process group from one of three states,
  scratch      no warehouse yet,
  incremental  a warehouse built from the first 75% of the files (the rest are new),
  rebuild      a complete warehouse, run with --full-rebuild,
kills the whole group (CLI process and its spawn workers) with SIGKILL after a
random delay between 0.2 s and 1.2× the time that kind of run takes to publish
(so some kills land in the quality assets after the publish), and checks
  1. the analysts' file, if there is one, opens read-only, every table reads,
     and count(extracted_facts) = sum(extraction_log.n_facts);
  2. a clean run afterwards succeeds, leaves no half-written temp file beside
     the analysts' file, and gives the reference digests;
  3. during that clean run a reader process holds the analysts' file open and
     queries it continuously: every snapshot it sees must be consistent.
The clean runs (reference and recovery) are stopped once the analysts' file is
published: the quality assets after it only read that file, and the attainment
report takes ≈ 0.9 s per region (≈ 2 min for this corpus) per run.
It also counts Dagster runs left in STARTED (the killed run, and the clean run
stopped after its publish): they never end on their own; see run monitoring in
deploy/dagster.*.yaml.
--targeted adds kills on log events a random delay rarely hits (mid-extraction;
after the marts commit and before the publish) and a torn temp copy left by a
dead publisher beside the analysts' file.

--from-run kills refreshes of an existing warehouse instead (the 100k check: a
rebuild per trial would take ten minutes): each trial copies the run folder,
drops --new-reports new files beside its raw files and kills the refresh; the
reference is the same refresh not killed, compared by an order-independent
checksum per table (store.table_checksums) rather than store.table_digests.

Results: bench/results/fault_kill9_<date>.md and .json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT / "bench"))
sys.path.insert(0, str(PROJECT_ROOT))

import bench_scale  # noqa: E402
import make_corpus  # noqa: E402

PYTHON = sys.executable
KINDS = ("scratch", "incremental", "rebuild")


def env_for(state: Path, raw: Path) -> dict:
    env = {**os.environ, "HEALTH_RAW_DIR": str(raw), "HEALTH_WAREHOUSE": str(state / "warehouse" / "health.duckdb"),
           "DAGSTER_HOME": str(state / "dagster_home")}
    env.pop("HEALTH_WORK_DB", None)
    return env


def published_in(text: str) -> bool:
    return any("analysts' file" in line and ("published" in line or "already current" in line)
               for line in text.splitlines())


def run(env: dict, log: Path, *, full_rebuild: bool = False, kill_after: float | None = None,
        until_publish: bool = False, kill_on: str | None = None) -> dict:
    """One CLI run; killed with SIGKILL after kill_after seconds, or stopped once the analysts' file is published
    (the quality assets after it only read that file; they take minutes per hundred regions)."""
    argv = [PYTHON, "-m", "pipelines", "run"] + (["--full-rebuild"] if full_rebuild else [])
    started = time.perf_counter()
    with open(log, "w") as fh:
        proc = subprocess.Popen(argv, cwd=bench_scale.CODE_ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True)
    killed = stopped = False
    while proc.poll() is None:
        elapsed = time.perf_counter() - started
        if kill_after is not None and elapsed >= kill_after:
            os.killpg(proc.pid, signal.SIGKILL)  # the CLI process and every worker it spawned
            killed = True
            break
        if kill_on is not None and kill_on in log.read_text(errors="replace"):
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
            break
        if until_publish and published_in(log.read_text(errors="replace")):
            time.sleep(0.5)  # let the step record its success
            os.killpg(proc.pid, signal.SIGKILL)
            stopped = True
            break
        time.sleep(0.05)
    proc.wait()
    text = log.read_text(errors="replace")
    failed = "failed after" in text or "FAILED " in text
    return {"seconds": round(time.perf_counter() - started, 2), "returncode": proc.returncode, "killed": killed,
            "stopped_after_publish": stopped, "reached_publish": published_in(text),
            "ok": (proc.returncode == 0 or stopped) and published_in(text) and not failed,
            "last_line": text.strip().splitlines()[-1][-200:] if text else ""}


def inspect_published(published: Path, digest=None) -> dict:
    """Open the analysts' file read-only and read every table; a torn copy fails here."""
    import duckdb

    from pipelines.warehouse import store

    digest = digest or store.table_digests
    if not published.exists():
        return {"exists": False}
    try:
        con = duckdb.connect(str(published), read_only=True)
        try:
            digests = digest(con)
            facts, logged = con.execute("SELECT (SELECT count(*) FROM extracted_facts), "
                                        "(SELECT coalesce(sum(n_facts), 0) FROM extraction_log)").fetchall()[0]
            generation = store.get_state(con, store.STATE_GENERATION)
        finally:
            con.close()
        return {"exists": True, "opens": True, "consistent": facts == logged, "facts": facts,
                "generation": generation, "digests": digests}
    except Exception as exc:  # noqa: BLE001 - this is the failure we look for
        return {"exists": True, "opens": False, "error": f"{type(exc).__name__}: {exc}"[:300]}


def leftovers(state: Path) -> list[str]:
    folder = state / "warehouse"
    return sorted(p.name for p in folder.glob(".*.tmp")) if folder.exists() else []


def stuck_runs(state: Path) -> int:
    """Runs the instance still believes are STARTED (killed processes never report their end)."""
    code = ("import dagster as dg\n"
            "with dg.DagsterInstance.get() as i:\n"
            "    print(len(i.get_run_records(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))))\n")
    out = subprocess.run([PYTHON, "-c", code], cwd=bench_scale.CODE_ROOT, capture_output=True, text=True,
                         env={**os.environ, "DAGSTER_HOME": str(state / "dagster_home")})
    try:
        return int(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return -1


def copy_state(src: Path, dst: Path) -> None:
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, symlinks=True)


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def summary_line(trial: dict) -> str:
    pk, r = trial["published_after_kill"], trial["reader_during_recovery"]
    return (f"killed={trial['killed_run']['killed']} published_ok={pk.get('opens', 'n/a')} "
            f"temp={len(trial['temp_files_after_kill'])} recovery_ok={trial['recovery_run']['ok']} "
            f"({trial['recovery_run']['seconds']}s) converged={trial['converged']} "
            f"reader={r['queries']}/{r['inconsistent']}/{r['errors']} stuck={trial['stuck_started_runs']} "
            f"ok={trial['ok']}")


def recover_and_judge(state: Path, env: dict, reference: dict, fields: dict, *, digest=None,
                      absent_is_ok: bool = False) -> dict:
    """After a kill: inspect the analysts' file, run a clean refresh with a reader holding the file, and judge the
    trial against the reference. `fields` (trial number, kind, delay, the killed run, ...) open the record;
    `absent_is_ok` when the trial started with no analysts' file yet."""
    published = state / "warehouse" / "health.duckdb"
    after_kill = inspect_published(published, digest)
    temp_after_kill = leftovers(state)
    reader = bench_scale.Reader(published)
    recovery = run(env, state / "recovery.log", until_publish=True)
    reader_result = reader.result()
    after_recovery = inspect_published(published, digest)
    trial = {
        **fields,
        "published_after_kill": {k: v for k, v in after_kill.items() if k != "digests"},
        "temp_files_after_kill": temp_after_kill, "recovery_run": recovery,
        "temp_files_after_recovery": leftovers(state), "reader_during_recovery": reader_result,
        "converged": after_recovery.get("digests") == reference["digests"],
        "differing_tables": sorted(t for t, d in (after_recovery.get("digests") or {}).items()
                                   if reference["digests"].get(t) != d),
        "stuck_started_runs": stuck_runs(state),
    }
    published_ok = after_kill.get("opens") and after_kill.get("consistent")
    trial["ok"] = bool((published_ok or (absent_is_ok and not after_kill["exists"]))
                       and recovery["ok"] and trial["converged"] and not trial["temp_files_after_recovery"]
                       and reader_result["inconsistent"] == 0 and reader_result["errors"] == 0)
    return trial


def targeted_trials(out: Path, corpus: Path, base_state: Path, reference: dict, first: int) -> list[dict]:
    """Kills placed on events a random delay rarely hits, checked like the random trials."""
    events = [("mid-extraction", "extraction: "), ("after marts commit, before publish", "attainment: ")]
    trials = []
    for offset, (label, marker) in enumerate(events + [("torn temp copy from a dead publisher", None)]):
        number = first + offset
        state = out / f"trial_{number:02d}"
        copy_state(base_state, state)
        env = env_for(state, corpus)
        published = state / "warehouse" / "health.duckdb"
        before = inspect_published(published).get("generation")
        if marker is not None:
            killed = run(env, state / "killed.log", kill_on=marker, kill_after=300)
        else:
            # a publish killed mid-copy: half of the working file under the temp name of a process that is gone
            killed = {"killed": False, "simulated": True}
            work = published.parent / ".staging" / f"{published.stem}.work.duckdb"
            data = work.read_bytes()
            (published.parent / f".{published.name}.{dead_pid()}.abcd1234.tmp").write_bytes(data[: len(data) // 2])
            (published.parent / f".{published.name}.legacy.tmp").write_bytes(data[: len(data) // 3])
        trial = recover_and_judge(state, env, reference, {
            "trial": number, "kind": f"targeted: {label}", "kill_after_s": None, "killed_run": killed,
            "published_generation_before": before})
        print(f"trial {number:2d} {label}: {summary_line(trial)}", file=sys.stderr)
        trials.append(trial)
        if trial["ok"]:
            shutil.rmtree(state, ignore_errors=True)
    return trials


def from_run_trials(args, out: Path, rng: random.Random) -> dict:
    """Kills during a refresh of an existing (e.g. 100k-report) warehouse: each trial starts from a copy of the run
    folder `--from-run` (raw/, warehouse/, dagster_home/ as bench_scale.py leaves them) with `--new-reports` new
    files beside its raw files. The reference is the same refresh, not killed; convergence is judged by
    store.table_checksums, since a digest of every row of 4.9M facts does not fit the time or memory of a trial."""
    from pipelines.warehouse import store

    base = args.from_run.resolve()
    raw = out / "raw"
    raw.mkdir()
    for p in (base / "raw").iterdir():
        os.link(p, raw / p.name)
    for i in range(args.new_reports):
        name, data = make_corpus.make_report(7, 970000 + i)
        (raw / name).write_bytes(data)

    def fresh_state(dst: Path) -> Path:
        shutil.rmtree(dst, ignore_errors=True)
        dst.mkdir(parents=True)
        for part in ("warehouse", "dagster_home"):
            shutil.copytree(base / part, dst / part, symlinks=True)
        return dst

    print("reference refresh …", file=sys.stderr)
    reference_state = fresh_state(out / "reference")
    reference_run = run(env_for(reference_state, raw), out / "reference.log", until_publish=True)
    assert reference_run["ok"], reference_run
    reference = inspect_published(reference_state / "warehouse" / "health.duckdb", store.table_checksums)
    shutil.rmtree(reference_state)
    duration = reference_run["seconds"]
    print(f"reference refresh took {duration}s", file=sys.stderr)
    trials = []
    for number in range(args.trials):
        state = fresh_state(out / f"trial_{number:02d}")
        delay = round(rng.uniform(0.2, duration * 1.2), 2)
        env = env_for(state, raw)
        killed = run(env, state / "killed.log", kill_after=delay)
        trial = recover_and_judge(state, env, reference, {
            "trial": number, "kind": f"refresh of {args.from_run.name} + {args.new_reports} new",
            "kill_after_s": delay, "killed_run": killed}, digest=store.table_checksums)
        trials.append(trial)
        print(f"trial {number:2d} kill@{delay:6.2f}s {summary_line(trial)}", file=sys.stderr)
        shutil.rmtree(state, ignore_errors=True)  # 2 GB a trial; the logs are summarised in the results
    return {"reference_facts": reference["facts"], "durations_s": {"refresh": duration}, "trials": trials,
            "reports": f"{sum(1 for _ in (base / 'raw').iterdir())} + {args.new_reports} new"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=24)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "out" / "fault")
    parser.add_argument("--stem", default=f"fault_kill9_{dt.date.today().isoformat()}")
    parser.add_argument("--targeted", action="store_true",
                        help="also kill on log events (mid-extraction; after the marts commit, before the publish) "
                             "and leave a torn temp copy from a dead process beside the analysts' file")
    parser.add_argument("--from-run", type=Path,
                        help="kill refreshes of this existing run folder (raw/, warehouse/, dagster_home/, as "
                             "bench_scale.py leaves them: the 100k check) instead of building a small corpus")
    parser.add_argument("--new-reports", type=int, default=3, help="new files each --from-run refresh processes")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = args.out.resolve()  # the runs start in the code snapshot: relative paths would point there
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    bench_scale.CODE_ROOT = bench_scale.snapshot_code(out)
    sys.path.insert(0, str(bench_scale.CODE_ROOT))
    if args.from_run:
        summary = {"machine": bench_scale.machine(), **from_run_trials(args, out, rng)}
        summary.update(passed=sum(t["ok"] for t in summary["trials"]), total=len(summary["trials"]))
        return write_results(summary, args.stem)

    corpus = out / "corpus"
    make_corpus.generate(corpus, args.reports, seed=11, provinces=2)
    names = sorted(p.name for p in corpus.iterdir())
    partial = out / "corpus_partial"
    partial.mkdir()
    for name in names[: int(len(names) * 0.75)]:
        os.link(corpus / name, partial / name)

    # reference: a clean run from scratch; and the three starting states
    print("reference run …", file=sys.stderr)
    reference_state = out / "reference"
    reference_run = run(env_for(reference_state, corpus), out / "reference.log", until_publish=True)
    assert reference_run["ok"], reference_run
    reference = inspect_published(reference_state / "warehouse" / "health.duckdb")
    base_state = out / "base_partial"
    base_run = run(env_for(base_state, partial), out / "base_partial.log", until_publish=True)
    assert base_run["ok"], base_run
    # how long each kind of run takes, to spread the kill delays over the whole run
    durations = {"scratch": reference_run["seconds"]}
    probe = out / "probe"
    copy_state(base_state, probe)
    durations["incremental"] = run(env_for(probe, corpus), out / "probe_incremental.log", until_publish=True)["seconds"]
    copy_state(reference_state, probe)
    durations["rebuild"] = run(env_for(probe, corpus), out / "probe_rebuild.log", full_rebuild=True,
                               until_publish=True)["seconds"]
    shutil.rmtree(probe)
    print(f"durations {durations}", file=sys.stderr)

    trials = []
    for number in range(args.trials):
        kind = KINDS[number % len(KINDS)]
        state = out / f"trial_{number:02d}"
        if kind == "incremental":
            copy_state(base_state, state)
        elif kind == "rebuild":
            copy_state(reference_state, state)
        else:
            state.mkdir()
        # up to 20% past the publish, so some kills land in the quality assets that read the published file
        delay = round(rng.uniform(0.2, durations[kind] * 1.2), 2)
        env = env_for(state, corpus)
        killed = run(env, state / "killed.log", full_rebuild=kind == "rebuild", kill_after=delay)
        trial = recover_and_judge(state, env, reference, {
            "trial": number, "kind": kind, "kill_after_s": delay, "killed_run": killed}, absent_is_ok=True)
        trials.append(trial)
        print(f"trial {number:2d} {kind:11s} kill@{delay:6.2f}s {summary_line(trial)}", file=sys.stderr)
        if trial["ok"]:
            shutil.rmtree(state, ignore_errors=True)  # keep only the failures for inspection

    if args.targeted:
        trials += targeted_trials(out, corpus, base_state, reference, len(trials))

    summary = {"machine": bench_scale.machine(), "reports": args.reports, "durations_s": durations,
               "reference_facts": reference["facts"], "trials": trials,
               "passed": sum(t["ok"] for t in trials), "total": len(trials)}
    return write_results(summary, args.stem)


def write_results(summary: dict, stem: str) -> int:
    trials = summary["trials"]
    durations = summary["durations_s"]
    folder = PROJECT_ROOT / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    lines = [f"# kill -9 fault check {stem}", "",
             f"{summary['passed']}/{summary['total']} trials passed; {summary['reports']} reports, "
             f"reference {summary['reference_facts']} facts; run durations (s) {durations}.", "",
             f"Machine: {summary['machine']['nproc']} cores, {summary['machine']['cpu']}, "
             f"{summary['machine']['date_utc']}.", "",
             "| # | start state | kill after s | killed | published file after kill | temp files left by kill | "
             "recovery ok | converged | reader queries/inconsistent/errors | STARTED runs left | ok |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for t in trials:
        pk = t["published_after_kill"]
        state = "none yet" if not pk["exists"] else ("opens, consistent" if pk.get("opens") and pk.get("consistent")
                                                     else f"BROKEN {pk.get('error', 'inconsistent')}")
        r = t["reader_during_recovery"]
        lines.append(f"| {t['trial']} | {t['kind']} | {t['kill_after_s']} | {t['killed_run']['killed']} | {state} | "
                     f"{len(t['temp_files_after_kill'])} | {t['recovery_run']['ok']} | {t['converged']} "
                     f"{' '.join(t['differing_tables'])} | {r['queries']}/{r['inconsistent']}/{r['errors']} | "
                     f"{t['stuck_started_runs']} | {t['ok']} |")
    (folder / f"{stem}.md").write_text("\n".join(lines) + "\n")
    print(f"{summary['passed']}/{summary['total']} trials passed", file=sys.stderr)
    return 0 if summary["passed"] == summary["total"] else 1


if __name__ == "__main__":
    sys.exit(main())
