-- One row per raw report that was read successfully.
CREATE TABLE IF NOT EXISTS reports (
    doc_id               VARCHAR NOT NULL,
    source_file          VARCHAR NOT NULL,
    content_hash         VARCHAR NOT NULL,
    byte_size            BIGINT,
    encoding             VARCHAR,
    title                VARCHAR,
    issuer               VARCHAR,
    region               VARCHAR,
    region_anonymised    BOOLEAN,
    admin_level          VARCHAR,
    report_kind          VARCHAR,
    year                 INTEGER,
    years                INTEGER[],
    published_on         DATE,
    truncated            BOOLEAN,
    repaired_count       INTEGER,
    corrupted_span_count INTEGER,
    n_chars              INTEGER,
    n_sections           INTEGER,
    n_sentences          INTEGER,
    ingest_version       VARCHAR,
    ingested_at          TIMESTAMP
);
COMMENT ON TABLE reports IS 'One row per raw report read successfully: metadata and quality flags.';
COMMENT ON COLUMN reports.doc_id IS 'Raw file name without extension; the key every other table uses.';
COMMENT ON COLUMN reports.source_file IS 'File name inside the raw folder.';
COMMENT ON COLUMN reports.content_hash IS 'sha256 of the raw bytes; a change triggers reprocessing.';
COMMENT ON COLUMN reports.encoding IS 'Encoding the raw bytes were decoded with (detected, never assumed).';
COMMENT ON COLUMN reports.title IS 'The report''s own title as printed on the page.';
COMMENT ON COLUMN reports.issuer IS 'Issuing body, as stated or inferred from the text; NULL when unknown.';
COMMENT ON COLUMN reports.region IS 'Region name as written (anonymised names such as **区 kept as written).';
COMMENT ON COLUMN reports.region_anonymised IS 'True when the page hides the region (**区, XX区, 某区).';
COMMENT ON COLUMN reports.admin_level IS 'national / province / city / district / county.';
COMMENT ON COLUMN reports.report_kind IS 'plan / summary / midyear_summary / summary_and_plan / implementation_review / work_points.';
COMMENT ON COLUMN reports.year IS 'Main year the report covers; NULL when unknowable.';
COMMENT ON COLUMN reports.years IS 'All years the report covers (e.g. a 2022-2024 action plan).';
COMMENT ON COLUMN reports.published_on IS 'Publication date when the page states one.';
COMMENT ON COLUMN reports.truncated IS 'True when the page carried a paywall or truncation notice: the text is incomplete.';
COMMENT ON COLUMN reports.repaired_count IS 'Number of pinyin-annotation mojibake repairs applied (衛(wèi) → 卫).';
COMMENT ON COLUMN reports.corrupted_span_count IS 'Number of spans left corrupted and flagged (never invented).';
COMMENT ON COLUMN reports.ingest_version IS 'Fingerprint of the cleaning code and lexicons that produced the row.';

-- Full text and the offset map, kept apart so that reports stays light to scan.
CREATE TABLE IF NOT EXISTS report_texts (
    doc_id      VARCHAR NOT NULL,
    raw_text    VARCHAR NOT NULL,
    clean_text  VARCHAR NOT NULL,
    offset_map  INTEGER[] NOT NULL
);
COMMENT ON TABLE report_texts IS 'Decoded raw text, cleaned text and the clean→raw offset map of each report.';
ALTER TABLE report_texts ADD COLUMN IF NOT EXISTS html_tables VARCHAR;
COMMENT ON COLUMN report_texts.html_tables IS 'JSON: the HTML tables of the page as grids before they were flattened ([start, end, caption, [[row, col, rowspan, colspan, header, clean_start, clean_end], …]]); NULL for a page without tables. Re-extraction reads its tables from here.';
COMMENT ON COLUMN report_texts.offset_map IS 'Flat [clean_start, raw_start, length, ...] aligned segments mapping clean offsets to raw offsets.';

CREATE TABLE IF NOT EXISTS sections (
    doc_id       VARCHAR NOT NULL,
    section_id   INTEGER NOT NULL,
    parent_id    INTEGER,
    level        INTEGER NOT NULL,
    marker       VARCHAR,
    heading      VARCHAR,
    path         VARCHAR,
    part         VARCHAR,
    clean_start  INTEGER NOT NULL,
    clean_end    INTEGER NOT NULL,
    raw_start    INTEGER NOT NULL,
    raw_end      INTEGER NOT NULL
);
COMMENT ON TABLE sections IS 'Heading hierarchy of each report (一、/(一)/1./一是 and part headings).';
COMMENT ON COLUMN sections.level IS '1 = 一、 or a part heading, 2 = (一), 3 = 1., 4 = 一是.';
COMMENT ON COLUMN sections.path IS 'Headings from the root joined with " > ".';
COMMENT ON COLUMN sections.part IS 'review or plan when a part heading (上半年工作总结 / 下半年工作思路) governs the section.';

CREATE TABLE IF NOT EXISTS sentences (
    doc_id       VARCHAR NOT NULL,
    sentence_id  INTEGER NOT NULL,
    section_id   INTEGER,
    clean_start  INTEGER NOT NULL,
    clean_end    INTEGER NOT NULL,
    raw_start    INTEGER NOT NULL,
    raw_end      INTEGER NOT NULL,
    text         VARCHAR NOT NULL
);
COMMENT ON TABLE sentences IS 'Sentences of the cleaned text with their section and offsets into clean and raw text.';

CREATE TABLE IF NOT EXISTS ingest_errors (
    source_file   VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    content_hash  VARCHAR,
    byte_size     BIGINT,
    reason        VARCHAR NOT NULL,
    ingest_version VARCHAR,
    detected_at   TIMESTAMP
);
COMMENT ON TABLE ingest_errors IS 'Every raw file that could not be read, with the reason; such a file never stops the others.';

CREATE TABLE IF NOT EXISTS report_status (
    source_file   VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    content_hash  VARCHAR,
    status        VARCHAR NOT NULL,
    n_facts       INTEGER,
    reason        VARCHAR,
    run_id        VARCHAR,
    updated_at    TIMESTAMP
);
COMMENT ON TABLE report_status IS 'Where each raw file stands: ingested, extracted or failed, when, by which run, with how many facts.';
COMMENT ON COLUMN report_status.status IS 'ingested / extracted / failed.';
ALTER TABLE report_status ADD COLUMN IF NOT EXISTS n_facts_without_year INTEGER;
ALTER TABLE report_status ADD COLUMN IF NOT EXISTS n_unplaced_cells INTEGER;
COMMENT ON COLUMN report_status.n_facts_without_year IS 'Facts of this report whose year nothing in the text places (year NULL, year_source unknown): never guessed.';
COMMENT ON COLUMN report_status.n_unplaced_cells IS 'Table cells holding a value that the table reader could not place (no header, ragged row, two numbers): no fact was made of them.';

CREATE TABLE IF NOT EXISTS extraction_log (
    doc_id             VARCHAR NOT NULL,
    content_hash       VARCHAR NOT NULL,
    extractor_version  VARCHAR NOT NULL,
    n_facts            INTEGER NOT NULL,
    extracted_at       TIMESTAMP
);
ALTER TABLE extraction_log ADD COLUMN IF NOT EXISTS n_facts_without_year INTEGER;
ALTER TABLE extraction_log ADD COLUMN IF NOT EXISTS n_unplaced_cells INTEGER;
COMMENT ON TABLE extraction_log IS 'Which version of the extractor last ran on which content of each report (drives incremental extraction).';

-- A cache, not an analysts' table: (size, mtime) → content hash of each raw file, so an unchanged file is not
-- read again. Losing it only costs one re-read of the corpus.
CREATE TABLE IF NOT EXISTS raw_file_stats (
    source_file   VARCHAR NOT NULL,
    byte_size     BIGINT NOT NULL,
    mtime_ns      BIGINT NOT NULL,
    content_hash  VARCHAR NOT NULL
);
COMMENT ON TABLE raw_file_stats IS 'Cache of the raw folder as last listed: an unchanged file (same size and mtime) is not read again to hash it. Not analysts'' data; losing it costs one re-read.';
COMMENT ON COLUMN raw_file_stats.source_file IS 'File name relative to the raw folder (report_status.source_file).';
COMMENT ON COLUMN raw_file_stats.byte_size IS 'Size in bytes when last hashed.';
COMMENT ON COLUMN raw_file_stats.mtime_ns IS 'Modification time (ns since the epoch) when last hashed.';
COMMENT ON COLUMN raw_file_stats.content_hash IS 'sha256 of the bytes then (reports.content_hash).';
