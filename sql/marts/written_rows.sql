-- The target_vs_outcome rows a refresh has just written, whole targets in order, for the chunked Pandera validation:
-- every row after a full build, the rows of the keys in mart_scope and the not_set rows of the reports extracted
-- after $since after an incremental one.
SELECT * FROM target_vs_outcome AS v
WHERE NOT $scoped
   OR (v.status <> 'not_set' AND EXISTS (
       SELECT 1 FROM mart_scope AS s
       WHERE s.region IS NOT DISTINCT FROM v.region AND s.indicator_key = v.indicator_key
         AND s.unit IS NOT DISTINCT FROM v.unit AND s.year = v.year))
   OR (v.status = 'not_set' AND v.target_doc_id IN (SELECT doc_id FROM extraction_log WHERE extracted_at > $since))
ORDER BY target_doc_id, target_fact_id, unset_id;
