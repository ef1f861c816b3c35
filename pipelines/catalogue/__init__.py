"""Canonical indicators, regions and attainment rules (pure Python, no Dagster import)."""
from pipelines.catalogue.attainment import judge, on_track, progress_status
from pipelines.catalogue.indicators import (
    Indicator,
    IndicatorMatch,
    catalogue_frame,
    get_indicator,
    load_catalogue,
    map_indicator,
)
from pipelines.catalogue.regions import RegionMatch, resolve_region

__all__ = [
    "Indicator", "IndicatorMatch", "RegionMatch", "catalogue_frame", "get_indicator", "judge",
    "load_catalogue", "map_indicator", "on_track", "progress_status", "resolve_region",
]
