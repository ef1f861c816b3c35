-- Final status counts per region (is_latest rows), and how many of them have an outcome: the page's table of
-- contents, its region ranking and the table of regions left without a chart, without reading every row.
SELECT coalesce(region, '(no region)') AS region, status, count(*) AS n
FROM target_vs_outcome
WHERE is_latest
GROUP BY ALL
ORDER BY region, status
