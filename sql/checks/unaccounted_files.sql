-- Raw files known to the status table that are neither a report nor a recorded error.
SELECT count(*) FROM report_status s
WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.source_file = s.source_file)
  AND NOT EXISTS (SELECT 1 FROM ingest_errors e WHERE e.source_file = s.source_file);
