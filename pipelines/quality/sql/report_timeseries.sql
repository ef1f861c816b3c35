-- Per region: how many facts of each kind the indicator_timeseries view holds (context for each section).
SELECT coalesce(region, '(no region)') AS region, kind, count(*) AS n_facts,
       count(DISTINCT indicator_key) AS n_indicators, min(year) AS first_year, max(year) AS last_year
FROM indicator_timeseries
GROUP BY ALL
ORDER BY region, kind
