-- Regions that have reports but no target at all.
SELECT DISTINCT coalesce(g.region, r.region, '(no region)') AS region
FROM reports AS r
LEFT JOIN report_regions AS g USING (doc_id)
EXCEPT
SELECT DISTINCT coalesce(region, '(no region)') FROM target_vs_outcome
ORDER BY region
