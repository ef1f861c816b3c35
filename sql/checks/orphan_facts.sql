-- Facts whose report is missing (every fact must belong to a report).
SELECT count(*) FROM extracted_facts f WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.doc_id = f.doc_id);
