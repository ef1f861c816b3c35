-- The analysts' fact table: one row per indicator fact with its canonical indicator, region and report.
CREATE OR REPLACE VIEW indicator_facts AS
SELECT
    f.doc_id,
    f.fact_id,
    f.indicator,
    f.value,
    f.value_high,
    f.unit,
    f.qualifier,
    f.kind,
    f.year,
    f.value_text,
    f.sentence,
    f.section_path,
    f.clean_start,
    f.clean_end,
    f.raw_start,
    f.raw_end,
    f.sentence_clean_start,
    f.sentence_clean_end,
    f.sentence_raw_start,
    f.sentence_raw_end,
    f.raw_quote,
    f.scope,
    f.lower_bound,
    f.upper_bound,
    f.lower_closed,
    f.upper_closed,
    f.change,
    f.plausibility_flags,
    -- breaches of plausibility, and a fact with no name: kept, but never paired (markers such as table do not count)
    list_has_any(f.plausibility_flags, ['percent_out_of_range', 'permille_out_of_range', 'range_inverted', 'direction_mismatch', 'unnamed']) AS implausible,
    f.year_source,
    f.is_change,
    f.nature,
    f.pair_id,
    f.fact_source,
    f.fact_region,
    f.fact_region_name,
    f.fact_region_code,
    m.indicator_id,
    m.canonical_name,
    m.method AS mapping_method,
    m.score AS mapping_score,
    m.name_group,
    m.name_score,
    -- a fact that names its own place (a district row of a city table) belongs to it
    coalesce(f.fact_region_name, g.region, r.region) AS region,
    coalesce(f.fact_region_code, g.region_code) AS region_code,
    r.region AS region_as_written,
    r.admin_level,
    r.report_kind,
    r.title AS report_title,
    r.published_on,
    r.year AS report_year
FROM extracted_facts AS f
JOIN reports AS r USING (doc_id)
LEFT JOIN indicator_mapping AS m
    ON m.indicator = f.indicator AND m.unit IS NOT DISTINCT FROM f.unit
LEFT JOIN report_regions AS g USING (doc_id);

-- Indicator names the catalogue does not know yet, most frequent first: where the catalogue should grow.
CREATE OR REPLACE VIEW unmapped_indicators AS
SELECT
    f.indicator,
    f.unit,
    count(*) AS n_facts,
    count(DISTINCT f.doc_id) AS n_reports,
    min(f.sentence) AS example_sentence,
    arg_min(f.doc_id, f.sentence) AS example_doc_id,
    any_value(m.nearest_indicator_id) AS nearest_indicator_id,
    any_value(m.nearest_score) AS nearest_score
FROM indicator_facts AS f
LEFT JOIN indicator_mapping AS m
    ON m.indicator = f.indicator AND m.unit IS NOT DISTINCT FROM f.unit
WHERE f.indicator_id IS NULL
GROUP BY f.indicator, f.unit
ORDER BY n_facts DESC, f.indicator, f.unit;
