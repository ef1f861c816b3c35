"""The warehouse resource every asset writes through."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.settings import load_settings
from pipelines.warehouse import store


class Warehouse(dg.ConfigurableResource):
    """The pipeline's working DuckDB file, the raw folder it reads and the analysts' published copy."""

    raw_dir: str
    work_db: str
    published_db: str
    workers: int = 2

    @contextlib.contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with store.connect(Path(self.work_db)) as con:
            store.apply_ddl(con)
            yield con

    def publish(self, *, force: bool = False) -> bool:
        return store.publish(Path(self.work_db), Path(self.published_db), force=force)


def warehouse_from_env() -> Warehouse:
    settings = load_settings()
    return Warehouse(
        raw_dir=str(settings.raw_dir),
        work_db=str(settings.work_db),
        published_db=str(settings.warehouse),
        workers=settings.workers,
    )


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"warehouse": warehouse_from_env()})
