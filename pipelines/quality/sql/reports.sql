-- reports as the expectations see them (list columns left out: GX's pandas engine cannot hash them).
SELECT
    doc_id, source_file, content_hash, byte_size, encoding, title, issuer, region, region_anonymised,
    admin_level, report_kind, year, published_on, truncated, repaired_count, corrupted_span_count,
    n_chars, n_sections, n_sentences, ingest_version
FROM reports
