"""The refresh path, one module per stage, without Dagster (the assets in `pipelines.defs` call these).

Data flows one way:

    ingestion  (plan from content hashes; workers parse, extract and resolve regions in one pass)
        → writer      (the one module that writes a batch's rows: reports, facts, unset targets, regions, status)
    extraction (reports whose extractor changed: workers re-extract from stored rows) → writer
    regions    (reports a new resolver dropped)                                          → writer
    marts      (catalogue mapping, target_vs_outcome, target_progress: SQL inside DuckDB, scoped to changed keys)

`pool` runs a per-batch function in worker processes; the single DuckDB writer stays in the calling process.
"""
