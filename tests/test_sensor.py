"""The raw-folder sensor: waits for writes to settle, requests one refresh per change, stays quiet otherwise."""
from __future__ import annotations

import json

import dagster as dg

from pipelines.defs.automation.sensors import raw_folder_sensor
from pipelines.defs.resources import Warehouse


def _evaluate(tmp_path, cursor):
    warehouse = Warehouse(raw_dir=str(tmp_path / "raw"), work_db=str(tmp_path / "w.duckdb"),
                          published_db=str(tmp_path / "h.duckdb"), workers=1)
    context = dg.build_sensor_context(cursor=cursor, resources={"warehouse": warehouse})
    result = raw_folder_sensor(context)
    return result, context.cursor


def test_sensor_requests_once_per_change(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("2023年工作总结", encoding="utf-8")

    result, cursor = _evaluate(tmp_path, None)
    assert isinstance(result, dg.SkipReason) and "waiting" in result.skip_message

    result, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(result, dg.RunRequest)
    assert result.run_key.startswith("raw-")
    first_key = result.run_key

    result, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(result, dg.SkipReason) and "unchanged" in result.skip_message

    (raw / "b.txt").write_text("2024年工作计划", encoding="utf-8")
    result, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(result, dg.SkipReason)  # settling
    result, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(result, dg.RunRequest) and result.run_key != first_key
    assert json.loads(cursor)["requested"] == result.run_key.removeprefix("raw-")


def test_sensor_notices_removal(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("甲", encoding="utf-8")
    (raw / "b.txt").write_text("乙", encoding="utf-8")
    _, cursor = _evaluate(tmp_path, None)
    request, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(request, dg.RunRequest)
    (raw / "b.txt").unlink()
    _, cursor = _evaluate(tmp_path, cursor)
    result, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(result, dg.RunRequest) and result.run_key != request.run_key


def test_sensor_on_missing_folder_skips(tmp_path):
    result, cursor = _evaluate(tmp_path, None)
    assert isinstance(result, dg.SkipReason)


def test_a_quiet_tick_does_not_list_the_folder(tmp_path, monkeypatch):
    """While the folder's modification time stands still a tick only stats it; an in-place rewrite (which leaves
    the folder's time alone) is still noticed by the periodic full listing."""
    import os

    from pipelines.defs.automation import sensors

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("2023年工作总结", encoding="utf-8")
    _, cursor = _evaluate(tmp_path, None)
    request, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(request, dg.RunRequest)
    listings = []
    real = sensors.listing_fingerprint
    monkeypatch.setattr(sensors, "listing_fingerprint", lambda path: listings.append(path) or real(path))
    for _ in range(3):
        result, cursor = _evaluate(tmp_path, cursor)
        assert isinstance(result, dg.SkipReason)
    assert listings == []
    # rewritten in place, folder time pinned: found within FULL_LISTING_TICKS ticks, then settled and requested
    folder_time = os.stat(raw).st_mtime_ns
    (raw / "a.txt").write_text("2023年工作总结（修订）", encoding="utf-8")
    os.utime(raw, ns=(folder_time, folder_time))
    requests = []
    for _ in range(sensors.FULL_LISTING_TICKS + 2):
        result, cursor = _evaluate(tmp_path, cursor)
        if isinstance(result, dg.RunRequest):
            requests.append(result)
    assert len(requests) == 1 and listings
