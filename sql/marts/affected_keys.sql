-- The (region, indicator_key, unit, year) keys an incremental attainment refresh must recompute: those of facts from
-- reports extracted after the last build's extraction second ($since), those of mart rows that cite such a
-- report or one that is gone, and those of later targets of the same series (a multi-year target's interim rows
-- and pace read earlier years). Everything else in target_vs_outcome is still right.
-- Reads only the facts of those reports (the attainment_facts view would join every fact first): region,
-- indicator_key and the dated, plausible filter are formed exactly as in sql/views/010_indicator_facts.sql and
-- sql/views/030_attainment_facts.sql (tests/test_attainment.py checks both give the same keys).
WITH changed_docs AS (
    -- after, not at: a whole run shares one second, and the last build already reflects that run
    SELECT DISTINCT doc_id FROM extraction_log WHERE extracted_at > $since
),
gone_docs AS (
    SELECT target_doc_id AS doc_id FROM target_vs_outcome
    WHERE target_doc_id NOT IN (SELECT doc_id FROM reports)
    UNION
    SELECT outcome_doc_id FROM target_vs_outcome
    WHERE outcome_doc_id IS NOT NULL AND outcome_doc_id NOT IN (SELECT doc_id FROM reports)
      AND outcome_doc_id <> 'national_statistics'  -- published statistics, not a report
),
changed_facts AS (
    SELECT f.doc_id, f.indicator, f.unit, f.year, f.fact_region_name
    FROM extracted_facts AS f
    JOIN changed_docs USING (doc_id)
    WHERE f.kind IN ('target', 'outcome', 'baseline') AND f.year IS NOT NULL AND NOT list_has_any(f.plausibility_flags, ['percent_out_of_range', 'permille_out_of_range', 'range_inverted', 'direction_mismatch', 'unnamed'])
),
direct AS (
SELECT DISTINCT
    coalesce(f.fact_region_name, g.region, r.region) AS region,
    coalesce(m.indicator_id, 'name:' || coalesce(m.name_group, f.indicator)) AS indicator_key,
    f.unit,
    f.year
FROM changed_facts AS f
JOIN reports AS r USING (doc_id)
LEFT JOIN indicator_mapping AS m
    ON m.indicator = f.indicator AND m.unit IS NOT DISTINCT FROM f.unit
LEFT JOIN report_regions AS g USING (doc_id)
UNION
SELECT DISTINCT region, indicator_key, unit, year
FROM target_vs_outcome
WHERE target_doc_id IN (SELECT doc_id FROM changed_docs UNION SELECT doc_id FROM gone_docs)
   OR outcome_doc_id IN (SELECT doc_id FROM changed_docs UNION SELECT doc_id FROM gone_docs)
UNION
-- names mapped again (refresh/marts.py:_map_units): their rows under the old key, their facts under the new one
SELECT DISTINCT v.region, v.indicator_key, v.unit, v.year
FROM target_vs_outcome AS v
JOIN mapping_changes AS c ON c.old_key = v.indicator_key AND c.unit IS NOT DISTINCT FROM v.unit
UNION
SELECT DISTINCT a.region, a.indicator_key, a.unit, a.year
FROM attainment_facts AS a
JOIN mapping_changes AS c ON c.indicator = a.indicator AND c.unit IS NOT DISTINCT FROM a.unit
WHERE a.kind IN ('target', 'outcome', 'baseline')
)
SELECT * FROM direct
UNION
-- a figure of one year is progress on (or the baseline of) the multi-year targets of the same series due later
SELECT DISTINCT v.region, v.indicator_key, v.unit, v.year
FROM target_vs_outcome AS v
JOIN direct AS d
    ON d.region IS NOT DISTINCT FROM v.region AND d.indicator_key = v.indicator_key
    AND d.unit IS NOT DISTINCT FROM v.unit AND v.year > d.year
WHERE v.status <> 'not_set';
