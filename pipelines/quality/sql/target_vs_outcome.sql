-- target_vs_outcome plus helper columns saying whether the reports it cites exist.
SELECT
    t.*,
    t.target_doc_id IN (SELECT doc_id FROM reports) AS target_report_known,
    t.outcome_doc_id IS NULL OR t.outcome_doc_id IN (SELECT doc_id FROM reports) AS outcome_report_known
FROM target_vs_outcome AS t
ORDER BY t.target_doc_id, t.target_fact_id, t.outcome_doc_id NULLS FIRST, t.outcome_fact_id NULLS FIRST
