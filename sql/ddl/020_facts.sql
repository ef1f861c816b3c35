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
-- columns added with the document-structure and table readers (a warehouse made before them gains them here)
ALTER TABLE extracted_facts ADD COLUMN IF NOT EXISTS year_source VARCHAR;
ALTER TABLE extracted_facts ADD COLUMN IF NOT EXISTS is_change BOOLEAN;
ALTER TABLE extracted_facts ADD COLUMN IF NOT EXISTS fact_region VARCHAR;
ALTER TABLE extracted_facts ADD COLUMN IF NOT EXISTS nature VARCHAR;
ALTER TABLE extracted_facts ADD COLUMN IF NOT EXISTS pair_id INTEGER;
ALTER TABLE extracted_facts ADD COLUMN IF NOT EXISTS fact_source VARCHAR;
ALTER TABLE extracted_facts ADD COLUMN IF NOT EXISTS fact_region_name VARCHAR;
ALTER TABLE extracted_facts ADD COLUMN IF NOT EXISTS fact_region_code VARCHAR;
COMMENT ON COLUMN extracted_facts.fact_region_name IS 'fact_region resolved with its parents (上城区 in a 杭州市 table → 浙江省杭州市上城区); NULL when the fact names no place or no division matches it.';
COMMENT ON COLUMN extracted_facts.fact_region_code IS 'Administrative-division code of fact_region_name.';
COMMENT ON COLUMN extracted_facts.year_source IS 'Where the year came from, innermost first: clause / sentence / table (a column header or caption) / section (its heading or a list head) / part (the review or plan part) / report (the report''s year) / unknown (year NULL: nothing places it, or the only year is impossible).';
COMMENT ON COLUMN extracted_facts.is_change IS 'True when the value is a change (增长7%, 提高3个百分点, 增幅控制在6%以内), false for a level (达到134万亿元, 提高到80%).';
COMMENT ON COLUMN extracted_facts.fact_region IS 'A place the fact itself names, as written (a district row of a city table); NULL when the fact belongs to the report''s region.';
COMMENT ON COLUMN extracted_facts.nature IS '预期性 or 约束性 when a plan table classes the indicator.';
COMMENT ON COLUMN extracted_facts.pair_id IS 'Facts of one target/result pair stated side by side (年初目标4个,实际建成5个; a table row''s target and achieved cells) share this number.';
COMMENT ON COLUMN extracted_facts.fact_source IS 'sentence: read by the sentence grammar; table: one cell of a table.';

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
ALTER TABLE indicator_mapping ADD COLUMN IF NOT EXISTS name_key VARCHAR;
ALTER TABLE indicator_mapping ADD COLUMN IF NOT EXISTS name_group VARCHAR;
ALTER TABLE indicator_mapping ADD COLUMN IF NOT EXISTS name_score DOUBLE;
COMMENT ON COLUMN indicator_mapping.name_key IS 'The name with action, aspect and scope words stripped (新建/建成, 全市, 累计): equal keys are one indicator.';
COMMENT ON COLUMN indicator_mapping.name_group IS 'For a name the catalogue does not know: the key of the group of names that denote the same indicator (same unit; rapidfuzz similarity at or above the calibrated threshold); NULL when mapped.';
COMMENT ON COLUMN indicator_mapping.name_score IS 'Similarity (0–1) of this name''s key to its group''s key; NULL when mapped.';
ALTER TABLE indicator_mapping ADD COLUMN IF NOT EXISTS nearest_indicator_id VARCHAR;
ALTER TABLE indicator_mapping ADD COLUMN IF NOT EXISTS nearest_score DOUBLE;
COMMENT ON COLUMN indicator_mapping.nearest_indicator_id IS 'For an unmapped name: the most similar catalogue indicator (rapidfuzz on name keys) — a suggestion for the review queue, never a mapping; NULL when mapped.';
COMMENT ON COLUMN indicator_mapping.nearest_score IS 'Similarity (0–1) of the unmapped name to nearest_indicator_id.';
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

-- indicator_catalogue.measure, added with the macro-economic indicators (a warehouse made before gains it here)
ALTER TABLE indicator_catalogue ADD COLUMN IF NOT EXISTS measure VARCHAR;
COMMENT ON COLUMN indicator_catalogue.measure IS 'change when the indicator is itself a growth rate or a decline (地区生产总值增长, 居民消费价格涨幅, 单位地区生产总值能耗降低); level otherwise (地区生产总值, 城镇调查失业率). A growth name maps only to a change indicator, any other name only to a level one.';

-- Targets a report deliberately does not set (pipelines/extract/unset.py): written with the report's facts.
CREATE TABLE IF NOT EXISTS unset_targets (
    doc_id               VARCHAR NOT NULL,
    unset_id             INTEGER NOT NULL,
    indicator            VARCHAR NOT NULL,
    year                 INTEGER,
    statement            VARCHAR NOT NULL,
    sentence             VARCHAR NOT NULL,
    clean_start          INTEGER NOT NULL,
    clean_end            INTEGER NOT NULL,
    raw_start            INTEGER NOT NULL,
    raw_end              INTEGER NOT NULL,
    raw_quote            VARCHAR NOT NULL,
    extractor_version    VARCHAR NOT NULL
);
COMMENT ON TABLE unset_targets IS 'Targets a report deliberately does not set (今年不设具体增长目标, 不再设定年度考核指标): no number, so never an indicator fact, but kept so "no target" is told from "not extracted"; each appears in target_vs_outcome with status not_set.';
COMMENT ON COLUMN unset_targets.doc_id IS 'Report making the statement (reports.doc_id).';
COMMENT ON COLUMN unset_targets.unset_id IS 'Position of the statement among the report''s unset targets (0-based, text order); (doc_id, unset_id) identifies it.';
COMMENT ON COLUMN unset_targets.indicator IS 'What is left without a target, as written: the words inside the statement (全年经济增速) or the subject its sentence opens with; 增长 added when the statement speaks of growth.';
COMMENT ON COLUMN unset_targets.year IS 'Year the target would have applied to: a year the sentence states, 今年/明年, else its section''s period; NULL when nothing places it.';
COMMENT ON COLUMN unset_targets.statement IS 'The statement itself in clean text (今年不设具体增长目标).';
COMMENT ON COLUMN unset_targets.sentence IS 'Clean-text sentence holding the statement.';
COMMENT ON COLUMN unset_targets.clean_start IS 'Offset of the statement''s first character in report_texts.clean_text.';
COMMENT ON COLUMN unset_targets.clean_end IS 'Offset just past the statement in report_texts.clean_text.';
COMMENT ON COLUMN unset_targets.raw_start IS 'Offset of the statement in report_texts.raw_text (the source as decoded).';
COMMENT ON COLUMN unset_targets.raw_end IS 'Offset just past the statement in report_texts.raw_text.';
COMMENT ON COLUMN unset_targets.raw_quote IS 'raw_text[raw_start:raw_end]: the statement exactly as the source has it.';
COMMENT ON COLUMN unset_targets.extractor_version IS 'Fingerprint of the extractor that found it (extraction_log.extractor_version).';

-- Names whose mapping key a refresh changed (their unit's groups or siblings were worked out again): the next
-- attainment build recomputes their old and new keys, then empties the table.
CREATE TABLE IF NOT EXISTS mapping_changes (
    indicator  VARCHAR NOT NULL,
    unit       VARCHAR,
    old_key    VARCHAR NOT NULL
);
COMMENT ON TABLE mapping_changes IS 'Work queue between the mapping and the attainment marts, not analysts'' data: names a refresh mapped to another key (a new name joined their group, or a mapped sibling appeared); the marts recompute those keys and empty it.';
COMMENT ON COLUMN mapping_changes.indicator IS 'Indicator name as written (indicator_mapping.indicator).';
COMMENT ON COLUMN mapping_changes.unit IS 'Its unit (indicator_mapping.unit).';
COMMENT ON COLUMN mapping_changes.old_key IS 'The attainment key it had before (catalogue id, or name:<group>).';
