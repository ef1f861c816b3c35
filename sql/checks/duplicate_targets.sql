-- Targets that appear twice for the same key (target fact and outcome fact): the pairing must be one row each.
SELECT count(*) FROM (
    SELECT target_doc_id, target_fact_id, outcome_doc_id, outcome_fact_id
    FROM target_vs_outcome GROUP BY ALL HAVING count(*) > 1
);
