-- The (region, indicator, unit, year) keys an incremental attainment refresh must recompute: those of facts from
-- reports extracted since the last build ($since), and those of mart rows that cite a report extracted since
-- then or one that is gone. Everything else in target_vs_outcome is still right.
WITH changed_docs AS (
    SELECT doc_id FROM extraction_log WHERE extracted_at >= $since
),
gone_docs AS (
    SELECT target_doc_id AS doc_id FROM target_vs_outcome
    WHERE target_doc_id NOT IN (SELECT doc_id FROM reports)
    UNION
    SELECT outcome_doc_id FROM target_vs_outcome
    WHERE outcome_doc_id IS NOT NULL AND outcome_doc_id NOT IN (SELECT doc_id FROM reports)
)
SELECT DISTINCT region, indicator_key, unit, year
FROM attainment_facts
WHERE doc_id IN (SELECT doc_id FROM changed_docs) AND kind IN ('target', 'outcome')
UNION
SELECT DISTINCT region, coalesce(indicator_id, 'name:' || indicator), unit, year
FROM target_vs_outcome
WHERE target_doc_id IN (SELECT doc_id FROM changed_docs UNION SELECT doc_id FROM gone_docs)
   OR outcome_doc_id IN (SELECT doc_id FROM changed_docs UNION SELECT doc_id FROM gone_docs);
