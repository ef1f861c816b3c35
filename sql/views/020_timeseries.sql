-- Per region and indicator: baselines, targets and outcomes over the years, with their source report.
CREATE OR REPLACE VIEW indicator_timeseries AS
SELECT
    region,
    region_code,
    coalesce(indicator_id, 'name:' || indicator) AS indicator_key,
    indicator_id,
    coalesce(canonical_name, indicator) AS indicator,
    unit,
    year,
    kind,
    value,
    value_high,
    qualifier,
    doc_id,
    fact_id,
    published_on,
    sentence
FROM indicator_facts
WHERE year IS NOT NULL
ORDER BY region, indicator_key, year, kind, doc_id, fact_id;
