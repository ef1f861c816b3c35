-- pipelines/catalogue/attainment.py:judge as DuckDB macros, so target_vs_outcome is judged inside DuckDB instead of
-- row by row in Python. judge() stays the documented reference; tests/test_catalogue_attainment.py checks that both
-- agree on every combination of qualifier, range, sign, direction, interim and change.
-- pipelines.marts_run.install_attainment_rules runs this file after creating the temp table attainment_qualifiers
-- (qualifier → comparison, from pipelines/lexicons/qualifiers.csv) and setting the variables attainment_epsilon,
-- attainment_approx_tolerance, attainment_approx_abs_tolerance and attainment_whitespace from the Python module.

-- Python's round(x, 6) rounds the exact binary value half to even; printf does the same, DuckDB's round() does not
CREATE OR REPLACE TEMP MACRO attainment_round(x) AS printf('%.6f', x)::DOUBLE;

-- _ratio: undefined when the denominator is zero or the two values have opposite signs
CREATE OR REPLACE TEMP MACRO attainment_ratio(numerator, denominator) AS
    CASE
        WHEN denominator = 0 OR (numerator <> 0 AND (numerator > 0) <> (denominator > 0)) THEN NULL::DOUBLE
        ELSE attainment_round(numerator / denominator)
    END;

-- _good_sign: the direction in which beating the target is good (0: none)
CREATE OR REPLACE TEMP MACRO attainment_good_sign(direction) AS
    CASE direction WHEN 'higher_is_better' THEN 1 WHEN 'lower_is_better' THEN -1 ELSE 0 END;

-- 降低0.5个百分点以上 is stored as -0.5: for a change, "at least" means at least that large a decrease
CREATE OR REPLACE TEMP MACRO attainment_for_change(comparison, low, change) AS
    CASE
        WHEN coalesce(change, false) AND low < 0 AND comparison = 'at_least' THEN 'at_most'
        WHEN coalesce(change, false) AND low < 0 AND comparison = 'at_most' THEN 'at_least'
        ELSE comparison
    END;

-- Adds status and attainment to a relation of target/outcome pairs (columns target_value, target_value_high,
-- target_qualifier, outcome_value, direction, interim, is_change), exactly as judge() would.
CREATE OR REPLACE TEMP MACRO judged_pairs(pairs) AS TABLE
WITH cleaned AS (
    -- a NaN upper end is no upper end (DuckDB orders NaN above every number; judge() treats it as absent)
    SELECT *, CASE WHEN isnan(target_value_high) THEN NULL ELSE target_value_high END AS judged_value_high
    FROM query_table(pairs)
),
bounded AS (
    SELECT
        p.*,
        -- a range written high-low (6.5%-6%) is read low-high
        CASE WHEN p.judged_value_high < p.target_value THEN p.judged_value_high ELSE p.target_value END AS judged_low,
        CASE WHEN p.judged_value_high < p.target_value THEN p.target_value ELSE p.judged_value_high END AS judged_high,
        attainment_good_sign(p.direction) AS judged_sign,
        q.comparison AS judged_stated
    FROM cleaned AS p
    LEFT JOIN attainment_qualifiers AS q
        ON q.qualifier = trim(p.target_qualifier, getvariable('attainment_whitespace'))
),
compared AS (
    SELECT
        *,
        -- comparison_for: a real range, else the qualifier as written, else the indicator's direction
        CASE
            WHEN judged_high IS NOT NULL AND judged_high <> judged_low THEN 'range'
            ELSE attainment_for_change(
                coalesce(judged_stated, CASE direction WHEN 'higher_is_better' THEN 'at_least'
                                                       WHEN 'lower_is_better' THEN 'at_most'
                                                       ELSE 'approximately' END),
                judged_low, is_change)
        END AS judged_comparison
    FROM bounded
),
judged AS (
    SELECT
        *,
        CASE judged_comparison
            WHEN 'range' THEN judged_low - getvariable('attainment_epsilon') <= outcome_value
                          AND outcome_value <= judged_high + getvariable('attainment_epsilon')
            WHEN 'at_least' THEN outcome_value >= judged_low - getvariable('attainment_epsilon')
            WHEN 'at_most' THEN outcome_value <= judged_low + getvariable('attainment_epsilon')
            -- 左右/约/近: within the tolerance, or beyond the target in the indicator's good direction
            ELSE abs(outcome_value - judged_low)
                     <= CASE WHEN judged_low <> 0 THEN getvariable('attainment_approx_tolerance') * abs(judged_low)
                             ELSE getvariable('attainment_approx_abs_tolerance') END
                        + getvariable('attainment_epsilon')
                 OR judged_sign * (outcome_value - judged_low) > 0
        END AS judged_met,
        CASE judged_comparison
            -- a range counts from its lower end, its upper end, or its midpoint, by direction
            WHEN 'range' THEN CASE judged_sign
                WHEN 1 THEN attainment_ratio(outcome_value, judged_low)
                WHEN -1 THEN attainment_ratio(judged_high, outcome_value)
                ELSE attainment_ratio(outcome_value, (judged_low + judged_high) / 2)
            END
            WHEN 'at_least' THEN attainment_ratio(outcome_value, judged_low)
            WHEN 'at_most' THEN attainment_ratio(judged_low, outcome_value)
            ELSE CASE WHEN judged_sign < 0 THEN attainment_ratio(judged_low, outcome_value)
                      ELSE attainment_ratio(outcome_value, judged_low) END
        END AS judged_ratio,
        target_value IS NULL OR outcome_value IS NULL OR isnan(target_value) OR isnan(outcome_value) AS judged_pending
    FROM compared
)
SELECT
    * EXCLUDE (judged_value_high, judged_low, judged_high, judged_sign, judged_stated, judged_comparison, judged_met,
               judged_ratio, judged_pending),
    CASE
        WHEN judged_pending THEN 'pending'
        WHEN judged_met THEN 'met'
        WHEN interim THEN 'partial'  -- a mid-year figure short of an annual target that can still be reached
        ELSE 'not_met'
    END AS status,
    CASE
        WHEN judged_pending THEN NULL::DOUBLE
        -- two negative deltas: their ratio is already the share of the planned decrease achieved
        WHEN coalesce(is_change, false) AND judged_low < 0 AND judged_ratio IS NOT NULL
            THEN attainment_ratio(outcome_value, judged_low)
        ELSE judged_ratio
    END AS attainment
FROM judged;
