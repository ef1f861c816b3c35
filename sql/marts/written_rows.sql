-- The target_vs_outcome rows a refresh has just written, whole targets in order, for the chunked Pandera validation:
-- every row after a full build, the rows of the keys in mart_scope after an incremental one.
SELECT * FROM target_vs_outcome AS v
WHERE NOT $scoped OR EXISTS (
    SELECT 1 FROM mart_scope AS s
    WHERE s.region IS NOT DISTINCT FROM v.region AND s.indicator_key = v.indicator_key
      AND s.unit IS NOT DISTINCT FROM v.unit AND s.year = v.year)
ORDER BY target_doc_id, target_fact_id;
