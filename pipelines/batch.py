"""Runs a per-report function over many reports in worker processes, in bounded chunks.

Parsing and extraction are the parallel part; the single DuckDB writer stays
in the calling process.  Chunks keep memory flat however large the corpus.
One pool serves the whole stream of chunks (a spawn start-up costs seconds),
and the next chunk is already being computed while the caller writes the
current one, so the workers do not sit idle during the write.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves.
MIN_PARALLEL_ITEMS = 24


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def map_in_chunks(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int,
    chunk_size: int = 256,
) -> Iterator[list[R]]:
    """Yield results chunk by chunk, in input order; func must be a top-level (picklable) function."""
    parallel = workers > 1 and len(items) >= MIN_PARALLEL_ITEMS
    yield from map_chunks(func, chunked(items, chunk_size), workers=workers if parallel else 1)


def map_chunks(func: Callable[[T], R], chunks: Iterable[list[T]], *, workers: int) -> Iterator[list[R]]:
    """Like map_in_chunks over chunks the caller produces lazily (e.g. loaded from the warehouse).

    At most two chunks are in flight: the one being yielded and the next one.
    The `chunks` iterator is advanced in the caller's thread, between yields.
    """
    if workers <= 1:
        for chunk in chunks:
            yield [func(item) for item in chunk]
        return
    yield from _pooled(partial(_apply_all, func), chunks, workers=workers, tasks_per_worker=4)


def map_batches(func: Callable[[list[T]], R], chunks: Iterable[list[T]], *, workers: int) -> Iterator[list[R]]:
    """Like map_chunks, but `func` takes a whole batch (a slice of a chunk) and returns one result for it.

    Work that is cheaper per batch than per item (building and validating a table frame) then happens in the
    workers too, and the caller only concatenates.
    """
    if workers <= 1:
        for chunk in chunks:
            yield [func(chunk)] if chunk else []
        return
    # one batch per worker: the per-batch work (validation) costs about the same for 30 reports as for 300
    yield from _pooled(partial(_apply_once, func), chunks, workers=workers, tasks_per_worker=1)


def _pooled(task: Callable[[list[T]], list], chunks: Iterable[list[T]], *, workers: int,
            tasks_per_worker: int = 4) -> Iterator[list]:
    context = multiprocessing.get_context("spawn")
    iterator = iter(chunks)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        def submit() -> list[Future] | None:
            chunk = next(iterator, None)
            if chunk is None:
                return None
            # small batches per task keep both workers busy to the end of the chunk
            step = max(1, -(-len(chunk) // (workers * tasks_per_worker)))
            return [pool.submit(task, chunk[i:i + step]) for i in range(0, len(chunk), step)]

        pending = submit()
        while pending is not None:
            following = submit()
            yield [result for future in pending for result in future.result()]
            pending = following


def _apply_all(func: Callable[[T], R], items: list[T]) -> list[R]:
    return [func(item) for item in items]


def _apply_once(func: Callable[[list[T]], R], items: list[T]) -> list[R]:
    return [func(items)]
