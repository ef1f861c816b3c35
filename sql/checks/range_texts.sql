-- Clean and raw text of the reports in one doc_id range ($first_doc..$last_doc).
SELECT doc_id, clean_text, raw_text
FROM report_texts
WHERE doc_id BETWEEN $first_doc AND $last_doc;
