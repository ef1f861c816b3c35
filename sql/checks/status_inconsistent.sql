-- Rows whose status contradicts the values: pending with an outcome, met below a plain higher-is-better target, etc.
SELECT count(*) FROM target_vs_outcome
WHERE (status = 'pending') <> (outcome_value IS NULL)
   OR (status = 'partial' AND NOT interim)
   OR (status = 'met' AND direction = 'higher_is_better' AND target_value_high IS NULL
       AND coalesce(target_qualifier, '以上') IN ('以上', '不低于', '超') AND outcome_value < target_value)
   OR (status = 'not_met' AND direction = 'higher_is_better' AND target_value_high IS NULL
       AND coalesce(target_qualifier, '以上') IN ('以上', '不低于', '超') AND outcome_value >= target_value);
