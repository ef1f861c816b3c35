-- Facts whose offsets fall outside their document or whose raw quote is not the raw slice they point at.
SELECT count(*)
FROM extracted_facts f JOIN report_texts t USING (doc_id)
WHERE f.clean_end > length(t.clean_text)
   OR f.raw_end > length(t.raw_text)
   OR substr(t.raw_text, f.raw_start + 1, f.raw_end - f.raw_start) <> f.raw_quote
   OR substr(t.clean_text, f.clean_start + 1, f.clean_end - f.clean_start) <> f.value_text;
