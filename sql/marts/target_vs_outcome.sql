-- target_vs_outcome: each target beside every outcome reported for it (same region label, indicator key, unit and
-- year), or one pending row; judged by judged_pairs (sql/marts/attainment_rules.sql, installed first), and marked
-- is_latest on the row whose outcome decides the final status.
-- Interim outcomes are mid-year or year-to-date figures: a mid-year report (by kind or title), or 上半年 / 1-10月 /
-- 截至7月 in the sentence. $interim is the pattern built from pipelines/lexicons/periods.json.
-- A multi-year target (到2025年, set in a 2024 plan) also meets the outcomes of the years between the year it was set
-- and its due year, as interim rows with the pace reading: the pace needed per year from the latest earlier value to
-- reach the target against the pace achieved; the due year's outcome decides.
-- mart_facts is attainment_facts, or on an incremental refresh its rows of the (region, indicator, unit) series the
-- changed keys belong to (pipelines/refresh/marts.py), so one new report reads its series, not every fact.
WITH targets AS (
    SELECT * FROM mart_facts AS t
    WHERE kind = 'target'
      -- an incremental refresh recomputes only the keys that changed (mart_scope); a full one, all keys
      AND (NOT $scoped OR EXISTS (
          SELECT 1 FROM mart_scope AS s
          WHERE s.region IS NOT DISTINCT FROM t.region AND s.indicator_key = t.indicator_key
            AND s.unit IS NOT DISTINCT FROM t.unit AND s.year = t.year))
),
staged AS (
    -- the order in which targets for one key were set: by publication date, else plan < mid-year < review,
    -- then by document and position; the last one stated is the one in force
    SELECT
        *,
        last_value(doc_id) OVER key_order AS latest_doc_id,
        last_value(fact_id) OVER key_order AS latest_fact_id,
        last_value(value) OVER key_order AS latest_value
    FROM targets
    WINDOW key_order AS (
        -- a report whose place is unknown is a series of its own: it never restates another's target
        PARTITION BY coalesce(region, 'doc:' || doc_id), indicator_key, unit, year, is_delta
        ORDER BY published_on NULLS FIRST, report_stage, doc_id, fact_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
outcomes AS (
    SELECT
        region, indicator_key, unit, year, is_delta, indicator, name_score, doc_id, fact_id, value, qualifier,
        sentence, raw_quote, published_on,
        report_kind = 'midyear_summary'
        OR regexp_matches(sentence, $interim)
        OR regexp_matches(coalesce(report_title, ''), $interim) AS interim,
        regexp_matches(sentence, $month_point) AND NOT regexp_matches(sentence, $interim) AS point_in_time,
        report_stage
    FROM mart_facts
    WHERE kind = 'outcome'
    UNION ALL
    -- published national statistics answer national targets too (pipelines/catalogue/statistics.py): where a
    -- later report and the statistic differ, the target has a row for each
    SELECT
        s.region, coalesce(s.indicator_id, 'name:' || s.indicator), s.unit, s.year,
        coalesce(c.measure = 'change', false), s.indicator, 1.0, 'national_statistics', s.fact_id, s.value, NULL,
        s.indicator || ' ' || s.year || ': ' || s.value || coalesce(' ' || s.unit, '') || ' (' || s.verification
            || '; ' || coalesce(s.note, '') || ')',
        coalesce(s.source_url, ''), NULL::DATE, false, false, 3
    FROM statistical_outcomes AS s
    LEFT JOIN indicator_catalogue AS c USING (indicator_id)
),
pairs AS (
    SELECT
        t.region,
        t.region_code,
        t.indicator_id,
        t.indicator_name AS indicator,
        t.indicator_key,
        CASE WHEN o.doc_id IS NULL THEN NULL WHEN t.indicator_id IS NOT NULL THEN 'catalogue' ELSE 'name' END
            AS link_method,
        CASE WHEN o.doc_id IS NULL THEN NULL WHEN t.indicator_id IS NOT NULL THEN 1.0
             ELSE least(coalesce(t.name_score, 1.0), coalesce(o.name_score, 1.0)) END AS link_score,
        t.unit,
        t.direction,
        t.year,
        t.doc_id AS target_doc_id,
        t.fact_id AS target_fact_id,
        t.value AS target_value,
        t.value_high AS target_value_high,
        t.qualifier AS target_qualifier,
        -- a target restated later with another value (raised from 180 to 200) is superseded by it
        CASE WHEN t.value <> t.latest_value THEN t.latest_doc_id END AS superseded_by_doc_id,
        CASE WHEN t.value <> t.latest_value THEN t.latest_fact_id END AS superseded_by_fact_id,
        t.is_delta AS is_change,
        t.set_year,
        t.sentence AS target_sentence,
        t.raw_quote AS target_raw_quote,
        o.doc_id AS outcome_doc_id,
        o.fact_id AS outcome_fact_id,
        o.value AS outcome_value,
        o.qualifier AS outcome_qualifier,
        o.sentence AS outcome_sentence,
        o.raw_quote AS outcome_raw_quote,
        o.published_on AS outcome_published_on,
        o.year AS outcome_year,
        coalesce(o.interim OR o.year < t.year, false) AS interim,
        -- several outcomes of one report for one target (上半年 5.0%, 二季度 4.7%): the one named most like the
        -- target decides, the others stay unlinked; a figure stated exactly beats an approximate one (首次超过1.4万亿)
        row_number() OVER (
            PARTITION BY t.doc_id, t.fact_id, o.doc_id, o.year
            -- a reading for one month (6月份，…5.0%) answers a yearly target less well than one for the period
            ORDER BY o.point_in_time, o.indicator = t.indicator DESC,
                     jaro_winkler_similarity(o.indicator, t.indicator) DESC, o.qualifier IS NULL DESC, o.fact_id
        ) AS candidate_rank
    FROM staged AS t
    LEFT JOIN outcomes AS o
        ON o.region IS NOT DISTINCT FROM t.region
        -- facts whose place is unknown pair only inside their own report, never across reports
        AND (t.region IS NOT NULL OR o.doc_id = t.doc_id)
        AND o.indicator_key = t.indicator_key
        AND o.unit IS NOT DISTINCT FROM t.unit
        -- the due year's outcomes; for a multi-year target, those of the years since it was set as well
        -- (an earlier year's figure in the document that sets the target is where it starts from, not progress)
        AND (o.year = t.year OR (NOT t.is_delta AND o.year < t.year AND o.year >= t.set_year
                                 AND o.doc_id <> t.doc_id))
        AND o.is_delta = t.is_delta  -- a level pairs with a level, a change with a change
        -- an outcome reported before the target was set (a review restating the year's target, a mid-year
        -- figure of an earlier report) never answers it: by publication date, else plan < mid-year < review
        AND coalesce(o.published_on >= t.published_on, o.report_stage >= t.report_stage)
),
chosen_pairs AS (
    SELECT * FROM pairs WHERE outcome_doc_id IS NULL OR candidate_rank = 1
),
paced AS (
    -- the pace reading of a multi-year target's interim row: from the latest level stated for a year before the
    -- target was set (a baseline or an outcome), the pace needed per year against the pace achieved
    SELECT
        p.*,
        b.year AS pace_baseline_year,
        b.value AS pace_baseline_value,
        attainment_round((p.target_value - b.value) / (p.year - b.year)) AS required_pace,
        attainment_round((p.outcome_value - b.value) / (p.outcome_year - b.year)) AS actual_pace
    FROM chosen_pairs AS p
    LEFT JOIN LATERAL (
        SELECT b.year, b.value
        FROM mart_facts AS b
        WHERE p.outcome_year < p.year
          AND b.kind IN ('baseline', 'outcome') AND NOT coalesce(b.is_delta, false)
          AND b.region IS NOT DISTINCT FROM p.region AND (p.region IS NOT NULL OR b.doc_id = p.target_doc_id)
          AND b.indicator_key = p.indicator_key
          AND b.unit IS NOT DISTINCT FROM p.unit
          AND b.year < p.set_year  -- the level before the target was set: one baseline for all its interim rows
        ORDER BY b.year DESC, b.published_on DESC NULLS LAST, b.doc_id DESC, b.fact_id DESC
        LIMIT 1
    ) AS b ON true
)
SELECT
    * EXCLUDE (is_change, candidate_rank, set_year),
    CASE WHEN required_pace IS NOT NULL AND actual_pace IS NOT NULL
         THEN attainment_good_sign(direction) * (actual_pace - required_pace) >= -getvariable('attainment_epsilon')
              OR (attainment_good_sign(direction) = 0 AND actual_pace = required_pace) END AS on_pace,
    -- per target, the latest annual figure, else the latest interim one; a pending row is its target's only row
    row_number() OVER (
        PARTITION BY target_doc_id, target_fact_id
        ORDER BY NOT interim DESC, outcome_year DESC NULLS LAST, outcome_published_on DESC NULLS LAST, outcome_doc_id DESC NULLS LAST,
                 outcome_fact_id DESC NULLS LAST
    ) = 1 AS is_latest
FROM judged_pairs('paced');
