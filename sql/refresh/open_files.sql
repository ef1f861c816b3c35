-- The files of a raw-folder listing (the registered Arrow table `listing`: source_file, doc_id, byte_size,
-- mtime_ns) that an incremental refresh must look at in Python (inventory.plan_refresh): every file except those
-- the warehouse already holds exactly as they are. A file is settled when its size and mtime match its
-- raw_file_stats entry, the warehouse knows it once (a report or a recorded failure) with that cached content hash
-- under this ingest version ($version), not as a duplicate name (that record holds only while another file claims
-- its doc_id), and no other listed file has its doc_id. A settled file is unchanged in
-- plan_refresh's terms; finding the one new file among 100k in DuckDB instead of Python dictionaries saves ≈ 0.5 s.
WITH known AS (
    SELECT source_file, any_value(content_hash) AS content_hash, any_value(ingest_version) AS ingest_version
    FROM (SELECT source_file, content_hash, ingest_version FROM reports
          UNION ALL
          SELECT source_file, content_hash, ingest_version FROM ingest_errors)
    GROUP BY source_file
    HAVING count(*) = 1
),
shared_doc_ids AS (
    SELECT doc_id FROM listing GROUP BY doc_id HAVING count(*) > 1
),
settled AS (
    SELECT l.source_file
    FROM listing AS l
    JOIN raw_file_stats AS s
      ON s.source_file = l.source_file AND s.byte_size = l.byte_size AND s.mtime_ns = l.mtime_ns
    JOIN known AS k
      ON k.source_file = l.source_file AND k.content_hash = s.content_hash AND k.ingest_version = $version
    WHERE l.doc_id NOT IN (SELECT doc_id FROM shared_doc_ids)
      AND l.source_file NOT IN (SELECT source_file FROM ingest_errors WHERE starts_with(reason, $duplicate_reason))
)
SELECT source_file FROM listing
WHERE source_file NOT IN (SELECT source_file FROM settled)
ORDER BY source_file
