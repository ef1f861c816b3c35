"""The DuckDB warehouse: DDL, Pandera models, idempotent writes and the analysts' published copy."""
