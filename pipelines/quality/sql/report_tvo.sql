-- The final status of every target of a charted region (the temp table charted_regions; is_latest rows), with its
-- evidence and the two reports' titles. The regions are chosen before the joins and the sort: at 100k reports
-- sorting every latest row (620k) cost 0.85 s of a one-report refresh.
SELECT
    coalesce(t.region, '(no region)') AS region,
    t.region_code,
    coalesce(t.indicator_id, 'name:' || t.indicator) AS indicator_key,
    t.indicator,
    t.unit,
    t.direction,
    t.year,
    t.target_doc_id,
    t.target_fact_id,
    t.unset_id,
    t.target_value,
    t.target_value_high,
    t.target_qualifier,
    t.target_sentence,
    t.outcome_doc_id,
    t.outcome_value,
    t.outcome_qualifier,
    t.outcome_sentence,
    t.outcome_published_on,
    t.attainment,
    t.status,
    t.interim,
    tr.title AS target_title,
    orep.title AS outcome_title
FROM target_vs_outcome AS t
LEFT JOIN reports AS tr ON tr.doc_id = t.target_doc_id
LEFT JOIN reports AS orep ON orep.doc_id = t.outcome_doc_id
WHERE t.is_latest
  AND coalesce(t.region, '(no region)') IN (SELECT region FROM charted_regions)
ORDER BY region, t.year, indicator_key, t.unit NULLS FIRST, t.target_doc_id, t.target_fact_id, t.unset_id
