-- ingest_errors plus a helper column: a file is either read (reports) or failed, never both.
SELECT
    e.source_file, e.doc_id, e.content_hash, e.byte_size, e.reason, e.ingest_version,
    e.source_file IN (SELECT source_file FROM reports) AS also_read
FROM ingest_errors AS e
