-- Which targets were missed last year? (final status per target; the year is a parameter)
-- Parameter 1: the year, e.g. 2023.
SELECT
    region,
    region_code,
    indicator,
    unit,
    target_value,
    target_value_high,
    target_qualifier,
    outcome_value,
    round(attainment, 3) AS attainment,
    target_doc_id,
    outcome_doc_id,
    target_sentence,
    outcome_sentence
FROM target_vs_outcome
WHERE is_latest AND status = 'not_met' AND year = ?
ORDER BY region, attainment NULLS LAST, indicator;
