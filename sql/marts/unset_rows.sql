-- target_vs_outcome rows of status not_set: one per target a report deliberately leaves unset (unset_targets) and
-- places in a year, for every report ($scoped = false) or for the reports extracted after $since. No outcome is
-- linked to it; the indicator is keyed like an unmapped fact name (or its catalogue id when a fact of that name
-- maps to one), so an analyst finds "no target" where a target would be.
WITH named AS (
    SELECT
        u.*,
        (SELECT min(m.indicator_id) FROM indicator_mapping AS m WHERE m.indicator = u.indicator) AS indicator_id
    FROM unset_targets AS u
    WHERE u.year IS NOT NULL
      AND (NOT $scoped OR u.doc_id IN (SELECT doc_id FROM extraction_log WHERE extracted_at > $since))
)
SELECT
    coalesce(g.region, r.region) AS region,
    g.region_code,
    n.indicator_id,
    coalesce(c.name_zh, n.indicator) AS indicator,
    coalesce(n.indicator_id, 'name:' || n.indicator) AS indicator_key,
    NULL::VARCHAR AS unit,
    c.direction,
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
LEFT JOIN indicator_catalogue AS c USING (indicator_id)
