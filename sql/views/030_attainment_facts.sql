-- Facts that can take part in attainment: dated, plausible, keyed by canonical indicator (or by name when unmapped).
CREATE OR REPLACE VIEW attainment_facts AS
SELECT
    f.*,
    coalesce(f.indicator_id, 'name:' || f.indicator) AS indicator_key,
    coalesce(f.canonical_name, f.indicator) AS indicator_name,
    coalesce(c.direction, 'higher_is_better') AS direction
FROM indicator_facts AS f
LEFT JOIN indicator_catalogue AS c USING (indicator_id)
WHERE f.year IS NOT NULL AND NOT f.implausible;
