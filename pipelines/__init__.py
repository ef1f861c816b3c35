"""Health-commission reports → indicator facts → targets versus outcomes (a Dagster code location)."""
