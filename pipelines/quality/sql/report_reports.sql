-- Every report with its resolved region (the key target_vs_outcome uses) and the region as written.
SELECT
    coalesce(g.region, r.region, '(no region)') AS region,
    r.region AS region_as_written,
    r.doc_id,
    r.title,
    r.report_kind,
    r.year,
    r.published_on
FROM reports AS r
LEFT JOIN report_regions AS g USING (doc_id)
