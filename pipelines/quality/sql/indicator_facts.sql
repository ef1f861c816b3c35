-- indicator_facts with the plausibility flags the expectations consult turned into boolean helper columns.
SELECT
    doc_id, fact_id, indicator, value, value_high, unit, qualifier, kind, year, value_text, raw_quote,
    clean_start, clean_end, raw_start, raw_end, sentence_clean_start, sentence_clean_end,
    change, implausible, indicator_id, mapping_method, mapping_score, region,
    coalesce(list_contains(plausibility_flags, 'percent_out_of_range'), false) AS flagged_percent_out_of_range,
    coalesce(list_contains(plausibility_flags, 'range_inverted'), false) AS flagged_range_inverted
FROM indicator_facts
