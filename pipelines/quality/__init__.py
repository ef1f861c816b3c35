"""Quality outputs built from the analysts' published DuckDB file: Great Expectations Data Docs and the
static attainment report. Pure logic, no Dagster import; Great Expectations and vl-convert are imported
inside the functions that need them so that loading the code location stays fast."""
