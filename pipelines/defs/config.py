"""Run configuration shared by the incremental assets."""
import dagster as dg


class RefreshConfig(dg.Config):
    """full_rebuild reprocesses every report even when its content and the code are unchanged."""

    full_rebuild: bool = False
