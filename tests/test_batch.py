"""The worker pool: every item in exactly one batch, results in input order, serial and parallel alike."""
from __future__ import annotations

import os

from pipelines.refresh.pool import chunked, map_batches


def batch_summary(items: list[int]) -> tuple[int, int, int]:
    return items[0], len(items), os.getpid()


def test_batches_cover_every_item_in_order_in_workers():
    chunks = list(chunked(range(103), 40))
    results = list(map_batches(batch_summary, chunks, workers=2))
    assert len(results) == len(chunks)
    covered = [first + i for chunk_results in results for first, size, _pid in chunk_results for i in range(size)]
    assert covered == list(range(103))
    assert all(len(chunk_results) == 2 for chunk_results in results)  # one batch per worker
    assert os.getpid() not in {pid for chunk_results in results for *_rest, pid in chunk_results}


def test_serial_path_gives_one_batch_per_chunk_in_this_process():
    results = list(map_batches(batch_summary, chunked(range(10), 4), workers=1))
    assert [[(first, size)] for [(first, size, _pid)] in results] == [[(0, 4)], [(4, 4)], [(8, 2)]]
    assert {pid for [(_f, _s, pid)] in results} == {os.getpid()}


def collector_thresholds(items: list[int]) -> tuple[int, int, int]:
    import gc

    return gc.get_threshold()


def test_workers_collect_cycles_rarely_and_the_caller_keeps_its_own_thresholds():
    import gc

    from pipelines.refresh.pool import GC_THRESHOLDS

    before = gc.get_threshold()
    parallel = list(map_batches(collector_thresholds, chunked(range(40), 20), workers=2))
    assert {t for chunk_results in parallel for t in chunk_results} == {GC_THRESHOLDS}
    serial = list(map_batches(collector_thresholds, chunked(range(4), 2), workers=1))
    assert serial == [[GC_THRESHOLDS], [GC_THRESHOLDS]]
    assert gc.get_threshold() == before != GC_THRESHOLDS
