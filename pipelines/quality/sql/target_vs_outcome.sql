-- target_vs_outcome plus helper columns saying whether the reports it cites exist.
SELECT
    t.*,
    t.target_doc_id IN (SELECT doc_id FROM reports) AS target_report_known,
    -- an outcome comes from a report, or from the published statistics (statistical_outcomes)
    t.outcome_doc_id IS NULL OR t.outcome_doc_id IN (SELECT doc_id FROM reports)
        OR (t.outcome_doc_id = 'national_statistics'
            AND t.outcome_fact_id IN (SELECT fact_id FROM statistical_outcomes)) AS outcome_report_known
FROM target_vs_outcome AS t
