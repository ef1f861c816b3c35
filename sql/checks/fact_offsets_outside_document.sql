-- Facts whose offsets fall outside their document or whose quotes are not the slices they point at.
-- The rule as SQL: the asset check runs it in Python (pipelines/warehouse/provenance.py, held to this file by
-- tests/test_pipeline.py), because substr on UTF-8 walks each text from its start for every fact.
-- Scoped to the reports of the latest extraction batch (a full rebuild re-extracts, so it checks them all):
-- slicing every text on every refresh would make a one-report refresh linear in the corpus.
-- Run once per doc_id range from latest_doc_chunks.sql ($first_doc..$last_doc): joining every text at once
-- needs memory in proportion to the corpus.
WITH latest AS (
    SELECT doc_id FROM extraction_log
    WHERE extracted_at = (SELECT max(extracted_at) FROM extraction_log)
      AND doc_id BETWEEN $first_doc AND $last_doc
)
SELECT count(*)
FROM extracted_facts f
JOIN latest USING (doc_id)
JOIN report_texts t USING (doc_id)
WHERE f.doc_id BETWEEN $first_doc AND $last_doc
  AND t.doc_id BETWEEN $first_doc AND $last_doc
  AND (f.clean_end > length(t.clean_text)
   OR f.raw_end > length(t.raw_text)
   OR substr(t.raw_text, f.raw_start + 1, f.raw_end - f.raw_start) <> f.raw_quote
   OR substr(t.clean_text, f.clean_start + 1, f.clean_end - f.clean_start) <> f.value_text);
