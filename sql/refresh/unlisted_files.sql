-- Source files the warehouse knows (reports, recorded failures: `known`) or caches stats for (`stats`) that are no
-- longer in the raw-folder listing (the registered Arrow table `listing`): gone from the raw folder.
SELECT 'known' AS kind, source_file
FROM (SELECT source_file FROM reports UNION SELECT source_file FROM ingest_errors)
WHERE source_file NOT IN (SELECT source_file FROM listing)
UNION ALL
SELECT 'stats', source_file
FROM raw_file_stats
WHERE source_file NOT IN (SELECT source_file FROM listing)
ORDER BY kind, source_file
