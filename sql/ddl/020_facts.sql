-- One row per indicator fact (see FACTS.md), with provenance into clean and raw text.
CREATE TABLE IF NOT EXISTS extracted_facts (
    doc_id               VARCHAR NOT NULL,
    fact_id              INTEGER NOT NULL,
    indicator            VARCHAR NOT NULL,
    value                DOUBLE NOT NULL,
    value_high           DOUBLE,
    unit                 VARCHAR,
    qualifier            VARCHAR,
    kind                 VARCHAR NOT NULL,
    year                 INTEGER,
    value_text           VARCHAR NOT NULL,
    sentence             VARCHAR NOT NULL,
    section_path         VARCHAR,
    clean_start          INTEGER NOT NULL,
    clean_end            INTEGER NOT NULL,
    raw_start            INTEGER NOT NULL,
    raw_end              INTEGER NOT NULL,
    sentence_clean_start INTEGER NOT NULL,
    sentence_clean_end   INTEGER NOT NULL,
    sentence_raw_start   INTEGER NOT NULL,
    sentence_raw_end     INTEGER NOT NULL,
    raw_quote            VARCHAR NOT NULL,
    scope                VARCHAR,
    lower_bound          DOUBLE,
    upper_bound          DOUBLE,
    lower_closed         BOOLEAN,
    upper_closed         BOOLEAN,
    change               VARCHAR,
    plausibility_flags   VARCHAR[],
    extractor_version    VARCHAR NOT NULL
);
COMMENT ON TABLE extracted_facts IS 'Indicator facts as extracted; analysts use the indicator_facts view.';

-- Distinct (indicator, unit) names and the canonical indicator each maps to.
CREATE TABLE IF NOT EXISTS indicator_mapping (
    indicator       VARCHAR NOT NULL,
    unit            VARCHAR,
    indicator_id    VARCHAR,
    canonical_name  VARCHAR,
    method          VARCHAR,
    score           DOUBLE,
    catalogue_version VARCHAR NOT NULL
);
COMMENT ON TABLE indicator_mapping IS 'How each extracted indicator name maps to the canonical catalogue (exact / synonym / pattern / fuzzy, with score); unmapped names have NULL indicator_id.';

CREATE TABLE IF NOT EXISTS indicator_catalogue (
    indicator_id  VARCHAR NOT NULL,
    name_zh       VARCHAR NOT NULL,
    name_en       VARCHAR,
    unit          VARCHAR,
    direction     VARCHAR,
    lower_bound   DOUBLE,
    upper_bound   DOUBLE,
    nature        VARCHAR,
    source        VARCHAR,
    synonyms      VARCHAR[]
);
COMMENT ON TABLE indicator_catalogue IS 'Canonical health indicators (pipelines/lexicons/indicators.csv).';

CREATE TABLE IF NOT EXISTS report_regions (
    doc_id        VARCHAR NOT NULL,
    region        VARCHAR,
    region_code   VARCHAR,
    region_level  VARCHAR,
    method        VARCHAR,
    ambiguous     BOOLEAN,
    candidates    VARCHAR[]
);
COMMENT ON TABLE report_regions IS 'Each report''s region resolved to an administrative-division code (anonymised regions stay per-document).';
