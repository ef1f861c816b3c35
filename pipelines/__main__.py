"""Command line: `python -m pipelines run | eval GOLD.jsonl | status | dev`."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from pipelines.settings import PROJECT_ROOT, ensure_dagster_home, load_settings


def load_definitions():
    from pipelines.definitions import defs

    return defs() if callable(defs) else defs


def cmd_run(args: argparse.Namespace) -> int:
    """Materialise every asset on the persistent instance (the runs show in the Dagster UI).

    Two runs: the refresh (up to the analysts' file), then the quality outputs over that file.
    """
    import dagster as dg

    from pipelines.defs.automation.jobs import QUALITY_JOB, REFRESH_JOB, full_rebuild_run_config
    from pipelines.warehouse.inventory import hand_over_listing, scan_raw_folder

    home = ensure_dagster_home()
    settings = load_settings()
    print(f"raw folder: {settings.raw_dir}\nwarehouse:  {settings.warehouse}\nDAGSTER_HOME: {home}", file=sys.stderr)
    started = time.perf_counter()
    definitions = None  # loaded for the first run launched: a run with nothing new launches none (≈ 0.9 s)
    # progress lines (INFO) on the console; the full DEBUG event log stays in the instance
    loggers = {"console": {"config": {"log_level": args.log_level}}}
    plan = [(REFRESH_JOB, full_rebuild_run_config() if args.full_rebuild else {})]
    scan = scan_raw_folder(settings.raw_dir) if settings.raw_dir.is_dir() else []
    before_run = _run_state(settings, scan)
    if not args.full_rebuild and _unchanged_since_last_refresh(settings, before_run):
        # the raw folder, the code and the analysts' file are as the last successful refresh left them: its
        # assets would each find nothing to do, and a Dagster run of them costs seconds of its own
        print("refresh_job not run: the analysts' file is already current (the raw folder and the code are unchanged "
              f"since the last successful refresh, warehouse generation {before_run['generation']}); --full-rebuild "
              "reprocesses everything", file=sys.stderr)
        plan = []
    else:  # a run that does not finish (killed, failed) must not let the next one skip
        _state_file(settings).unlink(missing_ok=True)
        if scan:  # the refresh processes the folder as listed here, the listing recorded for it (no second scan)
            hand_over_listing(settings.raw_dir, scan)
    if not args.skip_quality:
        plan.append((QUALITY_JOB, {}))
    with dg.DagsterInstance.get() as instance:
        for job_name, run_config in plan:
            if job_name == QUALITY_JOB and _quality_current(settings.warehouse):
                # both outputs already show the published generation: their assets would only skip, and a
                # Dagster run costs seconds of its own
                print(f"{job_name} not run: Data Docs and the attainment report already show this warehouse",
                      file=sys.stderr)
                continue
            definitions = definitions or load_definitions()
            result = definitions.resolve_job_def(job_name).execute_in_process(
                instance=instance,
                run_config={**run_config, "loggers": loggers},
                raise_on_error=False,
                tags={"launched_by": "python -m pipelines run"},
            )
            if not result.success:
                _print_failures(result)
                print(f"{job_name} run {result.run_id} failed after {time.perf_counter() - started:.1f}s",
                      file=sys.stderr)
                return 1
            print(f"{job_name} run {result.run_id} succeeded", file=sys.stderr)
            if job_name == REFRESH_JOB:
                _remember_refresh(settings, before_run)
    elapsed = time.perf_counter() - started
    print(f"done in {elapsed:.1f}s; analysts' file: {settings.warehouse}", file=sys.stderr)
    return 0


def _run_state(settings, scan) -> dict:
    """What a refresh depends on: the raw folder's listing (name, size, mtime; `scan`) and the code, taken before
    it runs (a file that lands during the run is seen by the next one)."""
    from pipelines.warehouse.inventory import code_fingerprint, listing_fingerprint

    listing, files = listing_fingerprint(settings.raw_dir, scan)
    code = code_fingerprint(PROJECT_ROOT / "pipelines", PROJECT_ROOT / "sql")
    return {"raw_dir": str(settings.raw_dir), "listing": listing, "files": files, "code": code,
            "warehouse": str(settings.warehouse), "work_db": str(settings.work_db), "generation": None}


def _state_file(settings) -> Path:
    return settings.work_db.with_name(settings.work_db.name + ".last_refresh.json")


def _remember_refresh(settings, state: dict) -> None:
    from pipelines.quality.freshness import published_generation

    if settings.warehouse.exists():
        _state_file(settings).write_text(
            json.dumps({**state, "generation": published_generation(settings.warehouse)}) + "\n", encoding="utf-8")


def _unchanged_since_last_refresh(settings, state: dict) -> bool:
    """True when the last successful refresh saw this very listing and code and published what is there now."""
    from pipelines.quality.freshness import published_generation

    try:
        last = json.loads(_state_file(settings).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return False
    if not settings.warehouse.exists() or not settings.work_db.exists():
        return False
    generation = published_generation(settings.warehouse)
    same = all(last.get(k) == state[k] for k in ("raw_dir", "listing", "code", "warehouse", "work_db"))
    if same:
        state["generation"] = generation
    return same and last.get("generation") == generation


def _quality_current(published: Path) -> bool:
    from pipelines.quality.expectations import docs_dir_for
    from pipelines.quality.freshness import is_current, published_generation
    from pipelines.quality.report import report_dir_for

    if not published.exists():
        return False
    generation = published_generation(published)
    return is_current(docs_dir_for(published), generation) and is_current(report_dir_for(published), generation)


def _print_failures(result) -> None:
    for event in result.all_events:
        if event.is_failure and event.event_specific_data is not None:
            error = getattr(event.event_specific_data, "error", None)
            if error is not None:
                print(f"FAILED {event.step_key}: {error.message.strip()}", file=sys.stderr)


def cmd_eval(args: argparse.Namespace) -> int:
    from pipelines.evaluation.export import export_facts
    from pipelines.evaluation.score import load, score

    settings = load_settings()
    db = Path(args.warehouse) if args.warehouse else settings.warehouse
    system = export_facts(db)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for fact in system:
                fh.write(json.dumps(fact, ensure_ascii=False) + "\n")
    gold = load(args.gold)
    docs = sorted({g["doc"] for g in gold})
    summary, misses, extras = score(gold, system, docs)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    for g in misses[: args.show]:
        print("MISS", json.dumps(g, ensure_ascii=False))
    for s in [e for e in extras if e["doc"] in docs][: args.show]:
        print("EXTRA", json.dumps(s, ensure_ascii=False))
    if args.min_f1 is not None and summary["f1"] < args.min_f1:
        return 1
    return 0


def cmd_eval_links(args: argparse.Namespace) -> int:
    from pipelines.evaluation.links import load_links, score_links, system_links

    settings = load_settings()
    db = Path(args.warehouse) if args.warehouse else settings.warehouse
    summary, missed, wrong = score_links(load_links(args.links), system_links(db))
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    for g in missed[: args.show]:
        print("MISS", json.dumps(g, ensure_ascii=False))
    for s in wrong[: args.show]:
        print("WRONG", json.dumps(s, ensure_ascii=False))
    if args.not_set:
        from pipelines.evaluation.links import score_not_set, system_not_set

        unset_summary, unset_missed, unset_wrong = score_not_set(load_links(args.not_set), system_not_set(db))
        print(json.dumps({"not_set": unset_summary}, ensure_ascii=False, indent=1))
        for g in unset_missed[: args.show]:
            print("MISS not_set", json.dumps(g, ensure_ascii=False))
        for s in unset_wrong[: args.show]:
            print("WRONG not_set", json.dumps(s, ensure_ascii=False))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    import duckdb

    settings = load_settings()
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    print(con.sql("SELECT status, count(*) AS files, sum(n_facts) AS facts, max(updated_at) AS last_update "
                  "FROM report_status GROUP BY status ORDER BY status"))
    print(con.sql("SELECT source_file, reason FROM ingest_errors ORDER BY source_file LIMIT 20"))
    return 0


def cmd_dev(args: argparse.Namespace) -> int:
    """Start the Dagster UI (sensor and schedule on) against the persistent instance."""
    ensure_dagster_home()
    os.chdir(PROJECT_ROOT)
    exe = Path(sys.executable).with_name("dagster")
    argv = [str(exe), "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"), "-p", str(args.port)]
    os.execv(argv[0], argv)
    return 0  # unreachable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="materialise everything for $HEALTH_RAW_DIR into $HEALTH_WAREHOUSE")
    run.add_argument("--full-rebuild", action="store_true", help="reprocess every report even if unchanged")
    run.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    run.add_argument("--skip-quality", action="store_true", help="refresh only; no Data Docs or HTML report")
    run.set_defaults(func=cmd_run)
    ev = sub.add_parser("eval", help="score the warehouse's facts against a gold JSONL file")
    ev.add_argument("gold")
    ev.add_argument("--warehouse", help="DuckDB file to read (default $HEALTH_WAREHOUSE)")
    ev.add_argument("--out", help="also write the exported system facts to this JSONL file")
    ev.add_argument("--show", type=int, default=0, help="print N misses and extras")
    ev.add_argument("--min-f1", type=float)
    ev.set_defaults(func=cmd_eval)
    el = sub.add_parser("eval-links", help="score the warehouse's target→outcome links against labelled links")
    el.add_argument("links")
    el.add_argument("--warehouse", help="DuckDB file to read (default $HEALTH_WAREHOUSE)")
    el.add_argument("--show", type=int, default=0, help="print N missed and wrong links")
    el.add_argument("--not-set", help="labelled 'no target set' statements (not_set.jsonl) to score as well")
    el.set_defaults(func=cmd_eval_links)
    st = sub.add_parser("status", help="per-status counts and unreadable files")
    st.set_defaults(func=cmd_status)
    dev = sub.add_parser("dev", help="start the Dagster UI with DAGSTER_HOME set")
    dev.add_argument("--port", type=int, default=3000)
    dev.set_defaults(func=cmd_dev)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
