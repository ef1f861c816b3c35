-- Each target beside every outcome reported for it (same region, indicator, unit and year), plus pending targets.
CREATE TABLE IF NOT EXISTS target_vs_outcome (
    region                VARCHAR,
    region_code           VARCHAR,
    indicator_id          VARCHAR,
    indicator             VARCHAR NOT NULL,
    unit                  VARCHAR,
    direction             VARCHAR,
    year                  INTEGER NOT NULL,
    target_doc_id         VARCHAR NOT NULL,
    target_fact_id        INTEGER NOT NULL,
    target_value          DOUBLE NOT NULL,
    target_value_high     DOUBLE,
    target_qualifier      VARCHAR,
    target_sentence       VARCHAR,
    target_raw_quote      VARCHAR,
    outcome_doc_id        VARCHAR,
    outcome_fact_id       INTEGER,
    outcome_value         DOUBLE,
    outcome_qualifier     VARCHAR,
    outcome_sentence      VARCHAR,
    outcome_raw_quote     VARCHAR,
    outcome_published_on  DATE,
    attainment            DOUBLE,
    status                VARCHAR NOT NULL,
    interim               BOOLEAN NOT NULL,
    is_latest             BOOLEAN NOT NULL
);
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS indicator_key VARCHAR;
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS link_method VARCHAR;
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS link_score DOUBLE;
COMMENT ON COLUMN target_vs_outcome.indicator_key IS 'What pairs a target with its outcomes: the catalogue id, else name:<name group> (names that denote one indicator, pipelines/catalogue/linking.py).';
COMMENT ON COLUMN target_vs_outcome.link_method IS 'catalogue: both facts map to the same catalogue indicator; name: at least one side is unmapped and their names fall in one name group; NULL for a pending row. Filter on catalogue to trust only catalogue links.';
COMMENT ON COLUMN target_vs_outcome.link_score IS '1.0 for a catalogue link or names with the same key; else the lower of the two names'' rapidfuzz similarity (0–1) to their group''s key (threshold calibrated in docs/QUALITY.md, "Name matcher"); NULL for a pending row.';
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS superseded_by_doc_id VARCHAR;
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS superseded_by_fact_id INTEGER;
COMMENT ON COLUMN target_vs_outcome.superseded_by_doc_id IS 'When a later document (or a later sentence) restates this target for the same region, indicator, unit and year with another value (raised from 180 to 200): the report of the target in force; NULL when this target is the one in force. Filter superseded_by_doc_id IS NULL for the targets that decide.';
COMMENT ON COLUMN target_vs_outcome.superseded_by_fact_id IS 'fact_id of the target in force (with superseded_by_doc_id).';
COMMENT ON TABLE target_vs_outcome IS 'One row per target and per report stating an outcome for it (same region, indicator, unit, year), or one pending row.';
COMMENT ON COLUMN target_vs_outcome.region IS 'Canonical region name (anonymised regions stay per-document labels and never pair across reports); NULL when the report''s place is unknown, and then the target pairs only with outcomes of its own report.';
COMMENT ON COLUMN target_vs_outcome.region_code IS 'Administrative-division code (000000 = national); NULL when anonymised or unresolved.';
COMMENT ON COLUMN target_vs_outcome.indicator_id IS 'Canonical indicator id; NULL when the name is not in the catalogue (then the name itself is the key).';
COMMENT ON COLUMN target_vs_outcome.year IS 'Year the target is due and the outcome refers to.';
COMMENT ON COLUMN target_vs_outcome.attainment IS 'outcome/target for higher-is-better, target/outcome for lower-is-better; NULL when undefined.';
COMMENT ON COLUMN target_vs_outcome.interim IS 'True when the outcome is a mid-year or year-to-date figure.';
COMMENT ON COLUMN target_vs_outcome.is_latest IS 'True on the row whose outcome decides the final status (latest annual figure, else latest interim).';

-- Open SDG style reading of multi-year targets that have a baseline: required pace against actual pace.
CREATE TABLE IF NOT EXISTS target_progress (
    region           VARCHAR,
    region_code      VARCHAR,
    indicator_id     VARCHAR,
    indicator        VARCHAR NOT NULL,
    unit             VARCHAR,
    direction        VARCHAR,
    baseline_doc_id  VARCHAR NOT NULL,
    baseline_year    INTEGER NOT NULL,
    baseline_value   DOUBLE NOT NULL,
    target_doc_id    VARCHAR NOT NULL,
    target_year      INTEGER NOT NULL,
    target_value     DOUBLE NOT NULL,
    outcome_doc_id   VARCHAR NOT NULL,
    outcome_year     INTEGER NOT NULL,
    outcome_value    DOUBLE NOT NULL,
    required_pace    DOUBLE,
    actual_pace      DOUBLE,
    on_track         BOOLEAN
);
COMMENT ON TABLE target_progress IS 'Multi-year targets with a baseline: pace needed per year to reach the target against the pace achieved so far.';

-- Published national statistics as outcomes (pipelines/catalogue/statistics.py; loaded with the catalogue).
CREATE TABLE IF NOT EXISTS statistical_outcomes (
    fact_id       INTEGER NOT NULL,
    indicator     VARCHAR NOT NULL,
    indicator_id  VARCHAR,
    unit          VARCHAR,
    year          INTEGER NOT NULL,
    value         DOUBLE NOT NULL,
    verification  VARCHAR NOT NULL,
    note          VARCHAR,
    source_url    VARCHAR,
    region        VARCHAR NOT NULL,
    region_code   VARCHAR NOT NULL
);
COMMENT ON TABLE statistical_outcomes IS 'National outcomes from published statistics (pipelines/lexicons/reference/national_health_indicators.csv): national targets are judged against them as well as against later reports; in target_vs_outcome their rows carry outcome_doc_id ''national_statistics''.';
COMMENT ON COLUMN statistical_outcomes.fact_id IS 'Row of the reference file (0-based, header excluded); outcome_fact_id in target_vs_outcome.';
COMMENT ON COLUMN statistical_outcomes.indicator IS 'Indicator as the reference names it.';
COMMENT ON COLUMN statistical_outcomes.indicator_id IS 'Catalogue indicator it maps to (as an extracted name would); NULL when unmapped.';
COMMENT ON COLUMN statistical_outcomes.unit IS 'Base unit, spelt as the extractor spells it (1/10万 → /10万).';
COMMENT ON COLUMN statistical_outcomes.year IS 'Year the statistic refers to.';
COMMENT ON COLUMN statistical_outcomes.value IS 'The published value, in the unit.';
COMMENT ON COLUMN statistical_outcomes.verification IS 'verified (seen in a published text), derived (arithmetic on verified numbers) or weak (seen only on a low-quality mirror).';
COMMENT ON COLUMN statistical_outcomes.note IS 'How the value was verified, as the reference says.';
COMMENT ON COLUMN statistical_outcomes.source_url IS 'Where the value was seen.';
COMMENT ON COLUMN statistical_outcomes.region IS 'Always 全国.';
COMMENT ON COLUMN statistical_outcomes.region_code IS 'Always 000000.';

-- multi-year targets meet the outcomes of the years before they are due (interim rows with a pace reading)
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS outcome_year INTEGER;
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS pace_baseline_year INTEGER;
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS pace_baseline_value DOUBLE;
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS required_pace DOUBLE;
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS actual_pace DOUBLE;
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS on_pace BOOLEAN;
COMMENT ON COLUMN target_vs_outcome.outcome_year IS 'Year the outcome refers to: the target''s year, or for a multi-year target (到2025年) an earlier year since it was set (then interim is true); NULL for a pending row.';
COMMENT ON COLUMN target_vs_outcome.pace_baseline_year IS 'Interim row of a multi-year target: year of the latest level stated for a year before the target was set (a baseline or an outcome), which the pace counts from; NULL otherwise.';
COMMENT ON COLUMN target_vs_outcome.pace_baseline_value IS 'The value the pace counts from (with pace_baseline_year).';
COMMENT ON COLUMN target_vs_outcome.required_pace IS 'Interim row of a multi-year target: change per year needed from the baseline to reach the target in its year, (target - baseline) / (year - baseline year); NULL without a baseline.';
COMMENT ON COLUMN target_vs_outcome.actual_pace IS 'Change per year achieved from the baseline to this outcome, (outcome - baseline) / (outcome year - baseline year); NULL without a baseline.';
COMMENT ON COLUMN target_vs_outcome.on_pace IS 'True when actual_pace is at least required_pace in the indicator''s good direction; NULL without a pace reading.';

-- targets a report deliberately leaves unset (unset_targets) appear as rows of status not_set
ALTER TABLE target_vs_outcome ALTER COLUMN target_fact_id DROP NOT NULL;
ALTER TABLE target_vs_outcome ALTER COLUMN target_value DROP NOT NULL;
ALTER TABLE target_vs_outcome ADD COLUMN IF NOT EXISTS unset_id INTEGER;
COMMENT ON COLUMN target_vs_outcome.unset_id IS 'For a not_set row: the statement in unset_targets (target_doc_id, unset_id); NULL on every other row.';
COMMENT ON COLUMN target_vs_outcome.target_fact_id IS 'fact_id of the target in indicator_facts; (target_doc_id, target_fact_id) identifies the target. NULL on a not_set row, which has no target fact (see unset_id).';
COMMENT ON COLUMN target_vs_outcome.target_value IS 'Target value in unit (力争签约率25%以上 → 25); for a range its first number. NULL on a not_set row.';
COMMENT ON COLUMN target_vs_outcome.status IS 'met / not_met / partial (interim figure short of an annual target) / pending (no outcome reported yet) / not_set (the report says no target is set for it: 今年不设具体增长目标; no outcome is ever linked to it).';

-- target_progress is recomputed per (region, indicator, unit) series on an incremental refresh
ALTER TABLE target_progress ADD COLUMN IF NOT EXISTS indicator_key VARCHAR;
COMMENT ON COLUMN target_progress.indicator_key IS 'What the series is keyed by (target_vs_outcome.indicator_key): the catalogue id, else name:<name group>; an incremental refresh recomputes the series of the keys it touched.';
