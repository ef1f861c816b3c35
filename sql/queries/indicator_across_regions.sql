-- One canonical indicator across regions and years: latest outcome, target and status side by side.
-- Parameter 1: indicator id from indicator_catalogue (e.g. 'family_doctor_signing_rate').
WITH outcomes AS (
    SELECT region, region_code, year, max(value) FILTER (WHERE kind = 'outcome') AS reported_value,
           max(value) FILTER (WHERE kind = 'target') AS target_value, any_value(unit) AS unit
    FROM indicator_facts
    WHERE indicator_id = $1 AND year IS NOT NULL AND change IS NULL
    GROUP BY region, region_code, year
)
SELECT o.region, o.region_code, o.year, o.unit, o.target_value, o.reported_value,
       t.status AS final_status
FROM outcomes AS o
LEFT JOIN target_vs_outcome AS t
    ON t.is_latest AND t.indicator_id = $1 AND t.region IS NOT DISTINCT FROM o.region AND t.year = o.year
ORDER BY o.region, o.year;
