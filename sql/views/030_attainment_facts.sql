-- Facts that can take part in attainment: dated, plausible, keyed by canonical indicator (or by name when unmapped).
CREATE OR REPLACE VIEW attainment_facts AS
SELECT
    f.*,
    coalesce(f.indicator_id, 'name:' || coalesce(f.name_group, f.indicator)) AS indicator_key,
    coalesce(f.canonical_name, f.indicator) AS indicator_name,
    coalesce(c.direction, 'higher_is_better') AS direction,
    -- the order reports of one year come in when no publication date tells it: plan, mid-year, review
    CASE WHEN f.report_kind IN ('plan', 'work_points') THEN 0
         WHEN f.report_kind = 'midyear_summary' THEN 1 ELSE 2 END AS report_stage,
    -- the year a target was set in: the later of the publication year and the first year the report plans for (a
    -- plan published in December counts from next year; a summary's plan part from the year after the one it
    -- reviews), so a target due later is multi-year
    greatest(year(f.published_on), f.report_year + CASE WHEN f.report_kind = 'summary' THEN 1 ELSE 0 END)
        AS set_year,
    -- change versus level: the catalogue's measure when the indicator is known (a growth indicator is a change
    -- however it is worded), else the extractor's is_change; rows written before it fall back to the old rule
    f.kind <> 'baseline' AND coalesce(c.measure = 'change', f.is_change, f.change IS NOT NULL
        AND substr(f.sentence, f.clean_start - f.sentence_clean_start, 1) NOT IN ('到', '至')) AS is_delta
FROM indicator_facts AS f
LEFT JOIN indicator_catalogue AS c USING (indicator_id)
WHERE f.year IS NOT NULL AND NOT f.implausible;
