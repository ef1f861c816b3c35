"""Runs a per-report function over many reports in worker processes, in bounded chunks.

Parsing and extraction are the parallel part; the single DuckDB writer stays
in the calling process.  Chunks keep memory flat however large the corpus.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
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
    if workers <= 1 or len(items) < MIN_PARALLEL_ITEMS:
        for chunk in chunked(items, chunk_size):
            yield [func(item) for item in chunk]
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for chunk in chunked(items, chunk_size):
            yield list(pool.map(func, chunk, chunksize=max(1, len(chunk) // (workers * 4))))
