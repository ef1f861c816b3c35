-- A region's scorecard: every target with its final status, grouped by year.
-- Parameter 1: region code (e.g. '330500') or canonical region name (e.g. '浙江省湖州市').
SELECT
    year,
    indicator,
    unit,
    target_value,
    target_qualifier,
    outcome_value,
    status,
    interim,
    round(attainment, 3) AS attainment,
    count(*) FILTER (WHERE status = 'met') OVER (PARTITION BY year) AS met_that_year,
    count(*) OVER (PARTITION BY year) AS targets_that_year
FROM target_vs_outcome
WHERE is_latest AND (region_code = $1 OR region = $1)
ORDER BY year, status, indicator;
