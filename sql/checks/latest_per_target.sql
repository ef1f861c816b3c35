-- Targets without exactly one is_latest row.
SELECT count(*) FROM (
    SELECT target_doc_id, target_fact_id FROM target_vs_outcome
    GROUP BY ALL HAVING count(*) FILTER (WHERE is_latest) <> 1
);
