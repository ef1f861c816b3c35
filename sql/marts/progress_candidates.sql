-- Multi-year targets with a baseline from an earlier year and the latest outcome since, same region/indicator/unit.
-- Each kind is read on its own with only the columns used: one shared CTE of every fact would be materialised whole.
-- mart_facts holds every fact, or on an incremental refresh the (region, indicator, unit) series of the keys in
-- mart_scope (pipelines/refresh/marts.py), so only those series are read.
WITH targets AS (
    SELECT region, region_code, indicator_id, indicator_name, indicator_key, unit, direction, doc_id, fact_id, year, value
    FROM mart_facts AS t WHERE kind = 'target' AND NOT is_delta
),
baselines AS (
    SELECT region, indicator_key, unit, doc_id, fact_id, year, value
    FROM mart_facts AS b WHERE kind = 'baseline' AND NOT is_delta
),
outcomes AS (
    SELECT region, indicator_key, unit, doc_id, fact_id, year, value, published_on
    FROM mart_facts AS o WHERE kind = 'outcome' AND NOT is_delta
),
triples AS (
    SELECT
        t.region, t.region_code, t.indicator_id, t.indicator_name AS indicator, t.indicator_key, t.unit, t.direction,
        b.doc_id AS baseline_doc_id, b.year AS baseline_year, b.value AS baseline_value,
        t.doc_id AS target_doc_id, t.year AS target_year, t.value AS target_value,
        o.doc_id AS outcome_doc_id, o.year AS outcome_year, o.value AS outcome_value,
        row_number() OVER (
            PARTITION BY t.doc_id, t.fact_id
            -- the baseline's ids last: two baselines of one year would otherwise be picked at random per run
            ORDER BY o.year DESC, o.published_on DESC NULLS LAST, b.year DESC, o.doc_id DESC, o.fact_id DESC,
                     b.doc_id DESC, b.fact_id DESC
        ) AS pick
    FROM targets AS t
    JOIN baselines AS b
        ON b.region IS NOT DISTINCT FROM t.region
        AND (t.region IS NOT NULL OR b.doc_id = t.doc_id)  -- an unknown place pairs only inside its report
        AND b.indicator_key = t.indicator_key AND b.unit IS NOT DISTINCT FROM t.unit AND b.year < t.year
    JOIN outcomes AS o
        ON o.region IS NOT DISTINCT FROM t.region
        AND (t.region IS NOT NULL OR o.doc_id = t.doc_id)
        AND o.indicator_key = t.indicator_key AND o.unit IS NOT DISTINCT FROM t.unit
        AND o.year > b.year AND o.year <= t.year
)
SELECT * EXCLUDE (pick) FROM triples WHERE pick = 1
ORDER BY region, indicator, target_year, target_doc_id;
