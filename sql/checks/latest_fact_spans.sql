-- Offsets and quotes of the facts of the latest extraction batch in one doc_id range ($first_doc..$last_doc),
-- for the provenance check (pipelines/warehouse/provenance.py), which slices the texts in Python.
WITH latest AS (
    SELECT doc_id FROM extraction_log
    WHERE extracted_at = (SELECT max(extracted_at) FROM extraction_log)
      AND doc_id BETWEEN $first_doc AND $last_doc
)
SELECT f.doc_id, f.clean_start, f.clean_end, f.raw_start, f.raw_end, f.value_text, f.raw_quote
FROM extracted_facts f
JOIN latest USING (doc_id)
WHERE f.doc_id BETWEEN $first_doc AND $last_doc;
