-- Per charted region (the temp table charted_regions): how many dated facts of each kind it has, on how many
-- indicators, over which years (context for each section). Reads only the facts of the charted regions' reports
-- and those a table row places there, instead of the whole sorted indicator_timeseries view.
SELECT coalesce(region, '(no region)') AS region, kind, count(*) AS n_facts,
       count(DISTINCT coalesce(indicator_id, 'name:' || indicator)) AS n_indicators,
       min(year) AS first_year, max(year) AS last_year
FROM indicator_facts
WHERE year IS NOT NULL
  AND (doc_id IN (SELECT r.doc_id FROM reports AS r LEFT JOIN report_regions AS g USING (doc_id)
                  WHERE coalesce(g.region, r.region, '(no region)') IN (SELECT region FROM charted_regions))
       OR fact_region_name IN (SELECT region FROM charted_regions))
GROUP BY ALL
