-- target_vs_outcome rows of status not_set: one per target a report deliberately leaves unset (unset_targets) and
-- places in a year, for every report ($scoped = false) or for the reports extracted after $since. No outcome is
-- linked to it. pipelines/refresh/marts.py adds its catalogue indicator (the name mapped on its own, so the row
-- does not depend on which other reports are in) and keys it like a fact: catalogue id, else name:<name>.
WITH named AS (
    SELECT u.*
    FROM unset_targets AS u
    WHERE u.year IS NOT NULL
      AND (NOT $scoped OR u.doc_id IN (SELECT doc_id FROM extraction_log WHERE extracted_at > $since))
)
SELECT
    coalesce(g.region, r.region) AS region,
    g.region_code,
    n.indicator AS written_indicator,
    NULL::VARCHAR AS unit,
    n.year,
    n.doc_id AS target_doc_id,
    NULL::INTEGER AS target_fact_id,
    n.unset_id,
    NULL::DOUBLE AS target_value,
    n.sentence AS target_sentence,
    n.raw_quote AS target_raw_quote,
    'not_set' AS status,
    false AS interim,
    true AS is_latest
FROM named AS n
JOIN reports AS r USING (doc_id)
LEFT JOIN report_regions AS g USING (doc_id)
ORDER BY n.doc_id, n.unset_id
