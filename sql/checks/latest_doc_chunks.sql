-- doc_id ranges of the latest extraction batch, $size documents each: checks that slice report texts run one
-- range at a time, so their memory stays bounded at any corpus size (a full rebuild re-extracts every report).
WITH latest AS (
    SELECT doc_id FROM extraction_log
    WHERE extracted_at = (SELECT max(extracted_at) FROM extraction_log)
),
numbered AS (
    SELECT doc_id, (row_number() OVER (ORDER BY doc_id) - 1) // $size AS chunk FROM latest
)
SELECT min(doc_id) AS first_doc, max(doc_id) AS last_doc
FROM numbered
GROUP BY chunk
ORDER BY first_doc;
