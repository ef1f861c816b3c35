-- COMMENTs for every table column, view and view column that sql/ddl does not comment itself, so that
-- duckdb_columns() / duckdb_views() explain the whole warehouse (docs/DATA_DICTIONARY.md is generated from them).
-- Runs last among sql/views (files run in name order): CREATE OR REPLACE VIEW drops a view's comments, so the view
-- comments must be set again after every (re)creation; the table comments here are idempotent.
-- A comment already written beside its table in sql/ddl stays there and is not repeated here.
-- A view column copied from a table repeats the table's text word for word (tests/test_column_comments.py holds
-- the copies equal). A column added without a comment fails tests/test_column_comments.py.

-- reports
COMMENT ON COLUMN reports.byte_size IS 'Size of the raw file in bytes.';
COMMENT ON COLUMN reports.n_chars IS 'Length of the cleaned text (report_texts.clean_text) in characters.';
COMMENT ON COLUMN reports.n_sections IS 'Number of headings found: the report''s rows in sections.';
COMMENT ON COLUMN reports.n_sentences IS 'Number of sentences: the report''s rows in sentences.';
COMMENT ON COLUMN reports.ingested_at IS 'When the report was read and this row written (UTC, no time zone, whole seconds).';

-- report_texts
COMMENT ON COLUMN report_texts.doc_id IS 'Report (reports.doc_id); one row per report.';
COMMENT ON COLUMN report_texts.raw_text IS 'The file decoded with reports.encoding, exactly as stored (HTML markup and entities, traditional characters, mojibake included); raw_start / raw_end offsets elsewhere index it.';
COMMENT ON COLUMN report_texts.clean_text IS 'The normalised text: HTML turned to text, full-width forms folded, traditional → simplified, pinyin mojibake repaired, page furniture and boilerplate (navigation, 省略814字) removed; clean_start / clean_end offsets elsewhere index it.';

-- sections
COMMENT ON COLUMN sections.doc_id IS 'Report (reports.doc_id).';
COMMENT ON COLUMN sections.section_id IS 'Number of the section within its report, 0-based in text order.';
COMMENT ON COLUMN sections.parent_id IS 'section_id of the enclosing section; NULL for a top-level section.';
COMMENT ON COLUMN sections.marker IS 'The enumerator as written: 一、 / (二) / 3. / 一是; an empty string for a part heading.';
COMMENT ON COLUMN sections.heading IS 'Heading text without its marker (工作情况及成效).';
COMMENT ON COLUMN sections.clean_start IS 'Offset of the heading''s first character in report_texts.clean_text (0-based, in characters, half-open).';
COMMENT ON COLUMN sections.clean_end IS 'Offset in report_texts.clean_text where the section ends, subsections included (exclusive).';
COMMENT ON COLUMN sections.raw_start IS 'Offset of the heading''s first character in report_texts.raw_text (0-based, in characters, half-open).';
COMMENT ON COLUMN sections.raw_end IS 'Offset in report_texts.raw_text where the section ends, subsections included (exclusive).';

-- sentences
COMMENT ON COLUMN sentences.doc_id IS 'Report (reports.doc_id).';
COMMENT ON COLUMN sentences.sentence_id IS 'Number of the sentence within its report, 0-based in text order.';
COMMENT ON COLUMN sentences.section_id IS 'Innermost section holding the sentence (sections.section_id); NULL when no section holds it (text before the first heading).';
COMMENT ON COLUMN sentences.clean_start IS 'Start of the sentence in report_texts.clean_text (0-based, in characters, half-open).';
COMMENT ON COLUMN sentences.clean_end IS 'End of the sentence in report_texts.clean_text (exclusive).';
COMMENT ON COLUMN sentences.raw_start IS 'Start of the sentence in report_texts.raw_text (0-based, in characters, half-open).';
COMMENT ON COLUMN sentences.raw_end IS 'End of the sentence in report_texts.raw_text (exclusive).';
COMMENT ON COLUMN sentences.text IS 'The sentence as cleaned text (report_texts.clean_text from clean_start to clean_end).';

-- ingest_errors
COMMENT ON COLUMN ingest_errors.source_file IS 'File name inside the raw folder.';
COMMENT ON COLUMN ingest_errors.doc_id IS 'File name without extension (the doc_id the report would have had).';
COMMENT ON COLUMN ingest_errors.content_hash IS 'sha256 of the raw bytes (hex); NULL when the file could not be read at all.';
COMMENT ON COLUMN ingest_errors.byte_size IS 'Size of the file in bytes; NULL when unknown.';
COMMENT ON COLUMN ingest_errors.reason IS 'Why the file is not a report, in one line: empty file, binary content, cannot decode …, file too large, duplicate report name (two files share one doc_id), internal error: ….';
COMMENT ON COLUMN ingest_errors.ingest_version IS 'Fingerprint of the cleaning code and lexicons that tried the file; a new version tries it again.';
COMMENT ON COLUMN ingest_errors.detected_at IS 'When the failure was recorded (UTC, no time zone, whole seconds).';

-- report_status
COMMENT ON COLUMN report_status.source_file IS 'File name inside the raw folder; one row per file.';
COMMENT ON COLUMN report_status.doc_id IS 'File name without extension (reports.doc_id when the file was read).';
COMMENT ON COLUMN report_status.content_hash IS 'sha256 of the raw bytes (hex); NULL when the file could not be read at all.';
COMMENT ON COLUMN report_status.n_facts IS 'Facts extracted from the report (extraction_log.n_facts); NULL before extraction and for a file that could not be read, 0 when extraction failed.';
COMMENT ON COLUMN report_status.reason IS 'Why the file failed, in one line (ingestion or extraction); NULL unless status = failed.';
COMMENT ON COLUMN report_status.run_id IS 'Dagster run id of the run that last wrote the row; NULL when written outside Dagster.';
COMMENT ON COLUMN report_status.updated_at IS 'When the row was last written (UTC, no time zone, whole seconds).';

-- extraction_log
COMMENT ON COLUMN extraction_log.doc_id IS 'Report (reports.doc_id); one row per report.';
COMMENT ON COLUMN extraction_log.content_hash IS 'sha256 of the raw bytes that were extracted; differs from reports.content_hash only until the changed file is extracted again.';
COMMENT ON COLUMN extraction_log.extractor_version IS 'Fingerprint of the extractor code and lexicons used; a report logged under another version is extracted again.';
COMMENT ON COLUMN extraction_log.n_facts IS 'Number of facts written for the report (its rows in extracted_facts).';
COMMENT ON COLUMN extraction_log.extracted_at IS 'When the report was extracted (UTC, no time zone, whole seconds); the marts recompute what was extracted after their last build.';
COMMENT ON COLUMN extraction_log.n_facts_without_year IS 'Facts of this report whose year nothing in the text places (year NULL, year_source unknown): never guessed. NULL for rows logged before this count existed.';
COMMENT ON COLUMN extraction_log.n_unplaced_cells IS 'Table cells holding a value that the table reader could not place (no header, ragged row, two numbers): no fact was made of them. NULL for rows logged before this count existed.';

-- extracted_facts
COMMENT ON COLUMN extracted_facts.doc_id IS 'Report the fact was read from (reports.doc_id: raw file name without extension, e.g. 002_803259049ffd0e78).';
COMMENT ON COLUMN extracted_facts.fact_id IS 'Number of the fact within its report, 0-based in text order; (doc_id, fact_id) identifies a fact. A re-extraction (new extractor version) may renumber a report''s facts.';
COMMENT ON COLUMN extracted_facts.indicator IS 'What is measured, as the report words it, trimmed of verbs and filler, in simplified Chinese (家庭医生签约率, 新增ICU床位, 高血压患者管理人数); 未命名指标 when no name was found (flag unnamed). The canonical indicator is indicator_id / canonical_name in indicator_facts.';
COMMENT ON COLUMN extracted_facts.value IS 'The number, normalised: magnitude words folded in (4万余人 → 40000, 604.02万元 → 6040200, 1.1亿元 → 110000000), percentages in percentage points (25% → 25), Chinese numerals converted (三百 → 300); for a range (6%-6.5%) its first number. Unit in unit.';
COMMENT ON COLUMN extracted_facts.value_high IS 'Upper end of a range in the unit of value (6%-6.5% → value 6, value_high 6.5); NULL for a single number.';
COMMENT ON COLUMN extracted_facts.unit IS 'Base unit after folding magnitude (万元 → 元, 万人 → 人): %, ‰, /10万, 个百分点, 元, 人, 人次, 例, 家, 个, 张, 岁, 天, 分钟 … (the values of pipelines/lexicons/units.json); NULL when the number carries no unit (flag no_unit).';
COMMENT ON COLUMN extracted_facts.qualifier IS 'Bound or approximation word around the value, normalised: 以上 / 以下 / 左右 / 余 (also 多) / 近 / 约 / 超 / 不低于 / 不超过 / 以内 (25%以上 → 以上); NULL for a plain value. lower_bound and upper_bound give the interval it implies.';
COMMENT ON COLUMN extracted_facts.kind IS 'target (a goal, plan or requirement: 力争, 确保, 计划, 年底前, a plan''s task list, 省定要求) / outcome (achieved or current status, changes included: 签约率达到31.57%, 增长10.2%) / baseline (the prior value a change starts from: 从80.52岁提高到82.45岁 → 80.52 baseline, 82.45 outcome).';
COMMENT ON COLUMN extracted_facts.year IS 'Year the value refers to (end of period): for an outcome the year reported on, for a target the year it is due; NULL when nothing in the text places it (never guessed; year_source = unknown).';
COMMENT ON COLUMN extracted_facts.value_text IS 'The value exactly as written in the clean text (31.57%, 4万余人, 6%-6.5%): report_texts.clean_text from clean_start to clean_end.';
COMMENT ON COLUMN extracted_facts.sentence IS 'The clean-text sentence holding the value (report_texts.clean_text from sentence_clean_start to sentence_clean_end): the evidence to read.';
COMMENT ON COLUMN extracted_facts.section_path IS 'Headings of the section holding the sentence, from the root, joined with " > " (工作情况及成效 > 务实笃行抓推进 > 助力公立医院提档升级); NULL when the sentence comes before any heading.';
COMMENT ON COLUMN extracted_facts.clean_start IS 'Start of value_text in report_texts.clean_text (0-based, in characters, half-open): substr(clean_text, clean_start + 1, clean_end - clean_start) = value_text.';
COMMENT ON COLUMN extracted_facts.clean_end IS 'End of value_text in report_texts.clean_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN extracted_facts.raw_start IS 'Start of raw_quote in report_texts.raw_text, the file as stored (0-based, in characters, half-open): substr(raw_text, raw_start + 1, raw_end - raw_start) = raw_quote.';
COMMENT ON COLUMN extracted_facts.raw_end IS 'End of raw_quote in report_texts.raw_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN extracted_facts.sentence_clean_start IS 'Start of the sentence in report_texts.clean_text (0-based, in characters, half-open).';
COMMENT ON COLUMN extracted_facts.sentence_clean_end IS 'End of the sentence in report_texts.clean_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN extracted_facts.sentence_raw_start IS 'Start of the sentence in report_texts.raw_text (0-based, in characters, half-open).';
COMMENT ON COLUMN extracted_facts.sentence_raw_end IS 'End of the sentence in report_texts.raw_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN extracted_facts.raw_quote IS 'The value as stored in the raw file (raw_text from raw_start to raw_end), with any traditional characters, full-width digits or mojibake kept: the quote to cite.';
COMMENT ON COLUMN extracted_facts.scope IS 'Scope word before the value in its clause: 全市 / 全区 / 全县 / 全省 / 全国 / 全州 / 全盟 / 全旗 / 市本级 / 区本级 / 县本级 / 省本级; NULL when none is written.';
COMMENT ON COLUMN extracted_facts.lower_bound IS 'Lower end of the interval the value and its qualifier imply: value itself for a plain value, a range, 以上, 不低于, 超 and 余; NULL when unbounded below (以下, 不超过, 以内, 近) or only approximate (左右, 约).';
COMMENT ON COLUMN extracted_facts.upper_bound IS 'Upper end of the interval the value and its qualifier imply: value itself for a plain value and for 以下, 不超过, 以内 and 近, value_high for a range; NULL when unbounded above (以上, 不低于, 超, 余) or only approximate (左右, 约).';
COMMENT ON COLUMN extracted_facts.lower_closed IS 'True when lower_bound itself belongs to the interval (plain value, range, 以上, 不低于); false when it is excluded (超, 余) or there is no lower bound.';
COMMENT ON COLUMN extracted_facts.upper_closed IS 'True when upper_bound itself belongs to the interval (plain value, range, 以下, 不超过, 以内); false when it is excluded (近) or there is no upper bound.';
COMMENT ON COLUMN extracted_facts.change IS 'increase or decrease when the sentence states a direction (提高, 增长, 下降, 缩短 …), both for a level reached (提高到80%) and for the size of a change (提高3个百分点); NULL when no direction is stated. is_change tells the two apart.';
COMMENT ON COLUMN extracted_facts.plausibility_flags IS 'Reasons to handle the fact with care; an empty list when none. Plausibility breaches: percent_out_of_range (a % level outside 0-100), permille_out_of_range, range_inverted (value_high below value), direction_mismatch (提高 but the outcome is below its baseline). Extractor markers: table (read from a table cell), standard (a standard to meet, 按照…要求), unnamed (no indicator name), no_unit, unit_from_noun (1000万人次: unit from the counted noun), unit_from_whole (a 其中 part taking its whole''s unit).';
COMMENT ON COLUMN extracted_facts.extractor_version IS 'Fingerprint of the extractor code and lexicons that produced the fact; a report extracted by another version is extracted again.';

-- indicator_mapping
COMMENT ON COLUMN indicator_mapping.indicator IS 'Indicator name as extracted (extracted_facts.indicator); with unit, the key of this table.';
COMMENT ON COLUMN indicator_mapping.unit IS 'Unit of the facts with that name (extracted_facts.unit); NULL for unitless facts. The same name may map differently per unit (a % never maps to a count).';
COMMENT ON COLUMN indicator_mapping.indicator_id IS 'Canonical indicator it maps to (indicator_catalogue.indicator_id); NULL when unmapped.';
COMMENT ON COLUMN indicator_mapping.canonical_name IS 'Chinese name of that indicator (indicator_catalogue.name_zh); NULL when unmapped.';
COMMENT ON COLUMN indicator_mapping.method IS 'exact (the normalised name) / synonym (a catalogue synonym) / pattern (the catalogue regex) / fuzzy (character-bigram similarity or head-noun suffix) / sibling (unmapped itself, but a mapped name with the same name key and unit maps there: 新建村级健康小屋 beside 建成村级健康小屋); NULL when unmapped.';
COMMENT ON COLUMN indicator_mapping.score IS 'Confidence, 0-1: 1.0 exact or synonym, 0.9 pattern, 0.6-0.89 fuzzy, 0 when unmapped.';
COMMENT ON COLUMN indicator_mapping.catalogue_version IS 'Fingerprint of the catalogue files and mapping code that produced the row; a new version maps every name again.';

-- indicator_catalogue
COMMENT ON COLUMN indicator_catalogue.indicator_id IS 'Stable English id of the indicator (life_expectancy, family_doctor_signing_rate).';
COMMENT ON COLUMN indicator_catalogue.name_zh IS 'Canonical Chinese name (人均预期寿命, 家庭医生签约率).';
COMMENT ON COLUMN indicator_catalogue.name_en IS 'English name (Life expectancy at birth); NULL when none is given.';
COMMENT ON COLUMN indicator_catalogue.unit IS 'Base unit the indicator is measured in (岁, %, ‰, /10万, 人, 家 …); NULL when not fixed.';
COMMENT ON COLUMN indicator_catalogue.direction IS 'Which way is good: higher_is_better / lower_is_better / neutral (a count with no better side).';
COMMENT ON COLUMN indicator_catalogue.lower_bound IS 'Smallest plausible value in the indicator''s unit (0 for a rate); NULL when unbounded.';
COMMENT ON COLUMN indicator_catalogue.upper_bound IS 'Largest plausible value in the indicator''s unit (100 for a %, 120 岁); NULL when unbounded.';
COMMENT ON COLUMN indicator_catalogue.nature IS '预期性 (expected) or 约束性 (binding) as the national plan classes the indicator; NULL when not classed.';
COMMENT ON COLUMN indicator_catalogue.source IS 'Where the definition comes from: 十四五国民健康规划, 健康中国行动, 国家基本公共卫生服务规范, 卫生健康统计公报, 三级公立医院绩效考核 …; corpus when added from the reports themselves.';
COMMENT ON COLUMN indicator_catalogue.synonyms IS 'Other names that map to the indicator with method synonym (居民人均预期寿命, 平均预期寿命 for 人均预期寿命).';

-- report_regions
COMMENT ON COLUMN report_regions.doc_id IS 'Report (reports.doc_id); one row per report.';
COMMENT ON COLUMN report_regions.region IS 'Canonical full name of the division (浙江省舟山市), 全国 for a national report, anonymised:<doc_id>:<suffix> when the page hides the region (anonymised:000_db13097a024bc69a:区, never paired with another report), or the name as written when it could not be resolved; NULL when the report names no region.';
COMMENT ON COLUMN report_regions.region_code IS '6-digit administrative-division code (行政区划代码, 330900 = 浙江省舟山市; 000000 = national); NULL when anonymised, ambiguous or unresolved.';
COMMENT ON COLUMN report_regions.region_level IS 'national / province / city / district / county: of the resolved division, else the report''s admin_level; NULL when unknown.';
COMMENT ON COLUMN report_regions.method IS 'How the region was resolved: national (全国, or a national issuer) / anonymised / exact (official name) / alias (short name such as 舟山) / renamed (a former name) / issuer (the issuing body names or settles the place) / context (place names early in the text settle a shared name); NULL when unresolved or ambiguous.';
COMMENT ON COLUMN report_regions.ambiguous IS 'True when the name fits several divisions and nothing settles which (region_code NULL; candidates lists them).';
COMMENT ON COLUMN report_regions.candidates IS 'Divisions that were in play, each as ''code full name'' (330900 浙江省舟山市); empty for national and anonymised regions.';

-- target_vs_outcome
COMMENT ON COLUMN target_vs_outcome.indicator IS 'Canonical name of the indicator (canonical_name), or the name as written when unmapped.';
COMMENT ON COLUMN target_vs_outcome.unit IS 'Unit shared by target and outcome (a target only pairs with outcomes of the same unit); NULL when both are unitless.';
COMMENT ON COLUMN target_vs_outcome.direction IS 'Which way is good for the indicator (indicator_catalogue.direction): higher_is_better / lower_is_better / neutral; higher_is_better when the indicator is unmapped or has none.';
COMMENT ON COLUMN target_vs_outcome.target_doc_id IS 'Report stating the target (reports.doc_id).';
COMMENT ON COLUMN target_vs_outcome.target_value_high IS 'Upper end of a target range (6%-6.5% → 6.5); NULL for a single number.';
COMMENT ON COLUMN target_vs_outcome.target_qualifier IS 'Qualifier of the target (以上 / 以下 / 左右 / 不低于 / 不超过 / 以内 …): how it is judged; NULL for a plain value (judged by direction).';
COMMENT ON COLUMN target_vs_outcome.target_sentence IS 'Clean-text sentence stating the target.';
COMMENT ON COLUMN target_vs_outcome.target_raw_quote IS 'The target value as stored in the raw file (25%以上).';
COMMENT ON COLUMN target_vs_outcome.outcome_doc_id IS 'Report stating the outcome (reports.doc_id); NULL on a pending row.';
COMMENT ON COLUMN target_vs_outcome.outcome_fact_id IS 'fact_id of the outcome in indicator_facts; NULL on a pending row.';
COMMENT ON COLUMN target_vs_outcome.outcome_value IS 'Outcome value in unit (签约率达到31.57% → 31.57); NULL on a pending row.';
COMMENT ON COLUMN target_vs_outcome.outcome_qualifier IS 'Qualifier of the outcome as written (余, 近, 约 …); NULL for a plain value or a pending row.';
COMMENT ON COLUMN target_vs_outcome.outcome_sentence IS 'Clean-text sentence stating the outcome; NULL on a pending row.';
COMMENT ON COLUMN target_vs_outcome.outcome_raw_quote IS 'The outcome value as stored in the raw file; NULL on a pending row.';
COMMENT ON COLUMN target_vs_outcome.outcome_published_on IS 'Publication date of the outcome''s report; NULL when unstated or pending.';

-- target_progress
COMMENT ON COLUMN target_progress.region IS 'Region label shared by baseline, target and outcome (as in target_vs_outcome.region).';
COMMENT ON COLUMN target_progress.region_code IS 'Administrative-division code (000000 = national); NULL when anonymised, ambiguous or unresolved.';
COMMENT ON COLUMN target_progress.indicator_id IS 'Canonical indicator id; NULL when unmapped (the name is the key).';
COMMENT ON COLUMN target_progress.indicator IS 'Canonical name of the indicator (canonical_name), or the name as written when unmapped.';
COMMENT ON COLUMN target_progress.unit IS 'Unit shared by baseline, target and outcome; NULL when unitless.';
COMMENT ON COLUMN target_progress.direction IS 'Which way is good for the indicator (indicator_catalogue.direction): higher_is_better / lower_is_better / neutral; higher_is_better when the indicator is unmapped or has none.';
COMMENT ON COLUMN target_progress.baseline_doc_id IS 'Report stating the baseline (reports.doc_id).';
COMMENT ON COLUMN target_progress.baseline_year IS 'Year of the baseline value (before target_year).';
COMMENT ON COLUMN target_progress.baseline_value IS 'Baseline value in unit (从80.52岁提高到82.45岁 → 80.52).';
COMMENT ON COLUMN target_progress.target_doc_id IS 'Report stating the target (reports.doc_id).';
COMMENT ON COLUMN target_progress.target_year IS 'Year the target is due.';
COMMENT ON COLUMN target_progress.target_value IS 'Target value in unit.';
COMMENT ON COLUMN target_progress.outcome_doc_id IS 'Report stating the outcome (reports.doc_id): the latest outcome after the baseline year, up to target_year.';
COMMENT ON COLUMN target_progress.outcome_year IS 'Year of the outcome (after baseline_year, at most target_year).';
COMMENT ON COLUMN target_progress.outcome_value IS 'Outcome value in unit.';
COMMENT ON COLUMN target_progress.required_pace IS 'Change per year needed: (target_value - baseline_value) / (target_year - baseline_year), in unit per year; NULL when it cannot be computed.';
COMMENT ON COLUMN target_progress.actual_pace IS 'Change per year achieved: (outcome_value - baseline_value) / (outcome_year - baseline_year), in unit per year; NULL when no year has passed.';
COMMENT ON COLUMN target_progress.on_track IS 'True when the outcome already meets the target or actual_pace is at least 95% of required_pace (in the direction the target asks); false otherwise; NULL when the inputs cannot tell.';

-- pipeline_state
COMMENT ON TABLE pipeline_state IS 'Pipeline bookkeeping, one row per key: write generations and versions that decide what a refresh recomputes and when the analysts'' copy is republished. Not analysis data.';
COMMENT ON COLUMN pipeline_state.key IS 'Name of the counter: generation (bumped by every write), published_generation (generation last copied to the analysts'' file), marts_generation (generation the marts reflect), marts_extracted_since, marts_catalogue_version, regions_catalogue_version, schema_fingerprint (of the sql/ddl and sql/views files last applied).';
COMMENT ON COLUMN pipeline_state.value IS 'Its value: a counter, epoch seconds (marts_extracted_since) or a version fingerprint as an integer.';

-- indicator_facts (view)
COMMENT ON VIEW indicator_facts IS 'The analysts'' fact table: one row per indicator fact (see FACTS.md) with its canonical indicator, resolved region and report metadata, and offsets back to the clean and raw text.';
COMMENT ON COLUMN indicator_facts.doc_id IS 'Report the fact was read from (reports.doc_id: raw file name without extension, e.g. 002_803259049ffd0e78).';
COMMENT ON COLUMN indicator_facts.fact_id IS 'Number of the fact within its report, 0-based in text order; (doc_id, fact_id) identifies a fact. A re-extraction (new extractor version) may renumber a report''s facts.';
COMMENT ON COLUMN indicator_facts.indicator IS 'What is measured, as the report words it, trimmed of verbs and filler, in simplified Chinese (家庭医生签约率, 新增ICU床位, 高血压患者管理人数); 未命名指标 when no name was found (flag unnamed). The canonical indicator is indicator_id / canonical_name in indicator_facts.';
COMMENT ON COLUMN indicator_facts.value IS 'The number, normalised: magnitude words folded in (4万余人 → 40000, 604.02万元 → 6040200, 1.1亿元 → 110000000), percentages in percentage points (25% → 25), Chinese numerals converted (三百 → 300); for a range (6%-6.5%) its first number. Unit in unit.';
COMMENT ON COLUMN indicator_facts.value_high IS 'Upper end of a range in the unit of value (6%-6.5% → value 6, value_high 6.5); NULL for a single number.';
COMMENT ON COLUMN indicator_facts.unit IS 'Base unit after folding magnitude (万元 → 元, 万人 → 人): %, ‰, /10万, 个百分点, 元, 人, 人次, 例, 家, 个, 张, 岁, 天, 分钟 … (the values of pipelines/lexicons/units.json); NULL when the number carries no unit (flag no_unit).';
COMMENT ON COLUMN indicator_facts.qualifier IS 'Bound or approximation word around the value, normalised: 以上 / 以下 / 左右 / 余 (also 多) / 近 / 约 / 超 / 不低于 / 不超过 / 以内 (25%以上 → 以上); NULL for a plain value. lower_bound and upper_bound give the interval it implies.';
COMMENT ON COLUMN indicator_facts.kind IS 'target (a goal, plan or requirement: 力争, 确保, 计划, 年底前, a plan''s task list, 省定要求) / outcome (achieved or current status, changes included: 签约率达到31.57%, 增长10.2%) / baseline (the prior value a change starts from: 从80.52岁提高到82.45岁 → 80.52 baseline, 82.45 outcome).';
COMMENT ON COLUMN indicator_facts.year IS 'Year the value refers to (end of period): for an outcome the year reported on, for a target the year it is due; NULL when nothing in the text places it (never guessed; year_source = unknown).';
COMMENT ON COLUMN indicator_facts.value_text IS 'The value exactly as written in the clean text (31.57%, 4万余人, 6%-6.5%): report_texts.clean_text from clean_start to clean_end.';
COMMENT ON COLUMN indicator_facts.sentence IS 'The clean-text sentence holding the value (report_texts.clean_text from sentence_clean_start to sentence_clean_end): the evidence to read.';
COMMENT ON COLUMN indicator_facts.section_path IS 'Headings of the section holding the sentence, from the root, joined with " > " (工作情况及成效 > 务实笃行抓推进 > 助力公立医院提档升级); NULL when the sentence comes before any heading.';
COMMENT ON COLUMN indicator_facts.clean_start IS 'Start of value_text in report_texts.clean_text (0-based, in characters, half-open): substr(clean_text, clean_start + 1, clean_end - clean_start) = value_text.';
COMMENT ON COLUMN indicator_facts.clean_end IS 'End of value_text in report_texts.clean_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN indicator_facts.raw_start IS 'Start of raw_quote in report_texts.raw_text, the file as stored (0-based, in characters, half-open): substr(raw_text, raw_start + 1, raw_end - raw_start) = raw_quote.';
COMMENT ON COLUMN indicator_facts.raw_end IS 'End of raw_quote in report_texts.raw_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN indicator_facts.sentence_clean_start IS 'Start of the sentence in report_texts.clean_text (0-based, in characters, half-open).';
COMMENT ON COLUMN indicator_facts.sentence_clean_end IS 'End of the sentence in report_texts.clean_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN indicator_facts.sentence_raw_start IS 'Start of the sentence in report_texts.raw_text (0-based, in characters, half-open).';
COMMENT ON COLUMN indicator_facts.sentence_raw_end IS 'End of the sentence in report_texts.raw_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN indicator_facts.raw_quote IS 'The value as stored in the raw file (raw_text from raw_start to raw_end), with any traditional characters, full-width digits or mojibake kept: the quote to cite.';
COMMENT ON COLUMN indicator_facts.scope IS 'Scope word before the value in its clause: 全市 / 全区 / 全县 / 全省 / 全国 / 全州 / 全盟 / 全旗 / 市本级 / 区本级 / 县本级 / 省本级; NULL when none is written.';
COMMENT ON COLUMN indicator_facts.lower_bound IS 'Lower end of the interval the value and its qualifier imply: value itself for a plain value, a range, 以上, 不低于, 超 and 余; NULL when unbounded below (以下, 不超过, 以内, 近) or only approximate (左右, 约).';
COMMENT ON COLUMN indicator_facts.upper_bound IS 'Upper end of the interval the value and its qualifier imply: value itself for a plain value and for 以下, 不超过, 以内 and 近, value_high for a range; NULL when unbounded above (以上, 不低于, 超, 余) or only approximate (左右, 约).';
COMMENT ON COLUMN indicator_facts.lower_closed IS 'True when lower_bound itself belongs to the interval (plain value, range, 以上, 不低于); false when it is excluded (超, 余) or there is no lower bound.';
COMMENT ON COLUMN indicator_facts.upper_closed IS 'True when upper_bound itself belongs to the interval (plain value, range, 以下, 不超过, 以内); false when it is excluded (近) or there is no upper bound.';
COMMENT ON COLUMN indicator_facts.change IS 'increase or decrease when the sentence states a direction (提高, 增长, 下降, 缩短 …), both for a level reached (提高到80%) and for the size of a change (提高3个百分点); NULL when no direction is stated. is_change tells the two apart.';
COMMENT ON COLUMN indicator_facts.plausibility_flags IS 'Reasons to handle the fact with care; an empty list when none. Plausibility breaches: percent_out_of_range (a % level outside 0-100), permille_out_of_range, range_inverted (value_high below value), direction_mismatch (提高 but the outcome is below its baseline). Extractor markers: table (read from a table cell), standard (a standard to meet, 按照…要求), unnamed (no indicator name), no_unit, unit_from_noun (1000万人次: unit from the counted noun), unit_from_whole (a 其中 part taking its whole''s unit).';
COMMENT ON COLUMN indicator_facts.implausible IS 'True when plausibility_flags holds a plausibility breach (percent_out_of_range, permille_out_of_range, range_inverted, direction_mismatch) or the fact has no name (unnamed); markers such as table, no_unit or standard do not count. Such facts are left out of attainment_facts, hence out of target_vs_outcome and target_progress.';
COMMENT ON COLUMN indicator_facts.year_source IS 'Where the year came from, innermost first: clause / sentence / table (a column header or caption) / section (its heading or a list head) / part (the review or plan part) / report (the report''s year) / unknown (year NULL: nothing places it, or the only year is impossible).';
COMMENT ON COLUMN indicator_facts.is_change IS 'True when the value is a change (增长7%, 提高3个百分点, 增幅控制在6%以内), false for a level (达到134万亿元, 提高到80%).';
COMMENT ON COLUMN indicator_facts.nature IS '预期性 or 约束性 when a plan table classes the indicator.';
COMMENT ON COLUMN indicator_facts.pair_id IS 'Facts of one target/result pair stated side by side (年初目标4个,实际建成5个; a table row''s target and achieved cells) share this number.';
COMMENT ON COLUMN indicator_facts.fact_source IS 'sentence: read by the sentence grammar; table: one cell of a table.';
COMMENT ON COLUMN indicator_facts.fact_region IS 'A place the fact itself names, as written (a district row of a city table); NULL when the fact belongs to the report''s region.';
COMMENT ON COLUMN indicator_facts.indicator_id IS 'Canonical indicator (indicator_catalogue.indicator_id, e.g. family_doctor_signing_rate), found through indicator_mapping on (indicator, unit); NULL when the name is not mapped (see unmapped_indicators).';
COMMENT ON COLUMN indicator_facts.canonical_name IS 'Chinese name of the canonical indicator (indicator_catalogue.name_zh, e.g. 家庭医生签约率); NULL when unmapped.';
COMMENT ON COLUMN indicator_facts.mapping_method IS 'How indicator was mapped (indicator_mapping.method): exact / synonym / pattern / fuzzy / sibling; NULL when unmapped.';
COMMENT ON COLUMN indicator_facts.mapping_score IS 'Confidence of the mapping, 0-1 (indicator_mapping.score): 1.0 exact or synonym, 0.9 pattern, 0.6-0.89 fuzzy, 0 when unmapped; NULL when the (indicator, unit) pair has no mapping row yet.';
COMMENT ON COLUMN indicator_facts.region IS 'Region the report speaks for: the canonical name from report_regions (浙江省舟山市, 全国, or anonymised:<doc_id>:<suffix> for a hidden region such as **区, never pooled across reports), else the region as written when report_regions has no name for it; NULL when unknown. A place the fact itself names is in indicator_facts.fact_region.';
COMMENT ON COLUMN indicator_facts.region_code IS '6-digit administrative-division code of that region (report_regions.region_code: 330900 = 浙江省舟山市, 000000 = national); NULL when anonymised, ambiguous or unresolved.';
COMMENT ON COLUMN indicator_facts.region_as_written IS 'The report''s region as the page writes it (reports.region), anonymised names such as **区 or XX区 kept; NULL when the report names none.';
COMMENT ON COLUMN indicator_facts.admin_level IS 'Administrative level of the report (reports.admin_level): national / province / city / district / county; NULL when unknown.';
COMMENT ON COLUMN indicator_facts.report_kind IS 'Kind of report (reports.report_kind): plan / summary / midyear_summary / summary_and_plan / implementation_review / work_points; NULL when unknown.';
COMMENT ON COLUMN indicator_facts.report_title IS 'The report''s own title (reports.title); NULL when the page has none.';
COMMENT ON COLUMN indicator_facts.published_on IS 'Publication date of the report when the page states one (reports.published_on), else NULL.';
COMMENT ON COLUMN indicator_facts.report_year IS 'The year the report is about (reports.year): the plan year of a plan, the year reviewed of a summary.';

-- attainment_facts (view)
COMMENT ON VIEW attainment_facts IS 'The facts attainment can use: those of indicator_facts with a year and no flag, keyed by canonical indicator (or by name when unmapped), with the indicator''s direction.';
COMMENT ON COLUMN attainment_facts.doc_id IS 'Report the fact was read from (reports.doc_id: raw file name without extension, e.g. 002_803259049ffd0e78).';
COMMENT ON COLUMN attainment_facts.fact_id IS 'Number of the fact within its report, 0-based in text order; (doc_id, fact_id) identifies a fact. A re-extraction (new extractor version) may renumber a report''s facts.';
COMMENT ON COLUMN attainment_facts.indicator IS 'What is measured, as the report words it, trimmed of verbs and filler, in simplified Chinese (家庭医生签约率, 新增ICU床位, 高血压患者管理人数); 未命名指标 when no name was found (flag unnamed). The canonical indicator is indicator_id / canonical_name in indicator_facts.';
COMMENT ON COLUMN attainment_facts.value IS 'The number, normalised: magnitude words folded in (4万余人 → 40000, 604.02万元 → 6040200, 1.1亿元 → 110000000), percentages in percentage points (25% → 25), Chinese numerals converted (三百 → 300); for a range (6%-6.5%) its first number. Unit in unit.';
COMMENT ON COLUMN attainment_facts.value_high IS 'Upper end of a range in the unit of value (6%-6.5% → value 6, value_high 6.5); NULL for a single number.';
COMMENT ON COLUMN attainment_facts.unit IS 'Base unit after folding magnitude (万元 → 元, 万人 → 人): %, ‰, /10万, 个百分点, 元, 人, 人次, 例, 家, 个, 张, 岁, 天, 分钟 … (the values of pipelines/lexicons/units.json); NULL when the number carries no unit (flag no_unit).';
COMMENT ON COLUMN attainment_facts.qualifier IS 'Bound or approximation word around the value, normalised: 以上 / 以下 / 左右 / 余 (also 多) / 近 / 约 / 超 / 不低于 / 不超过 / 以内 (25%以上 → 以上); NULL for a plain value. lower_bound and upper_bound give the interval it implies.';
COMMENT ON COLUMN attainment_facts.kind IS 'target (a goal, plan or requirement: 力争, 确保, 计划, 年底前, a plan''s task list, 省定要求) / outcome (achieved or current status, changes included: 签约率达到31.57%, 增长10.2%) / baseline (the prior value a change starts from: 从80.52岁提高到82.45岁 → 80.52 baseline, 82.45 outcome).';
COMMENT ON COLUMN attainment_facts.year IS 'Year the value refers to (end of period): for an outcome the year reported on, for a target the year it is due. Never NULL here: facts without a year are left out of attainment_facts.';
COMMENT ON COLUMN attainment_facts.value_text IS 'The value exactly as written in the clean text (31.57%, 4万余人, 6%-6.5%): report_texts.clean_text from clean_start to clean_end.';
COMMENT ON COLUMN attainment_facts.sentence IS 'The clean-text sentence holding the value (report_texts.clean_text from sentence_clean_start to sentence_clean_end): the evidence to read.';
COMMENT ON COLUMN attainment_facts.section_path IS 'Headings of the section holding the sentence, from the root, joined with " > " (工作情况及成效 > 务实笃行抓推进 > 助力公立医院提档升级); NULL when the sentence comes before any heading.';
COMMENT ON COLUMN attainment_facts.clean_start IS 'Start of value_text in report_texts.clean_text (0-based, in characters, half-open): substr(clean_text, clean_start + 1, clean_end - clean_start) = value_text.';
COMMENT ON COLUMN attainment_facts.clean_end IS 'End of value_text in report_texts.clean_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN attainment_facts.raw_start IS 'Start of raw_quote in report_texts.raw_text, the file as stored (0-based, in characters, half-open): substr(raw_text, raw_start + 1, raw_end - raw_start) = raw_quote.';
COMMENT ON COLUMN attainment_facts.raw_end IS 'End of raw_quote in report_texts.raw_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN attainment_facts.sentence_clean_start IS 'Start of the sentence in report_texts.clean_text (0-based, in characters, half-open).';
COMMENT ON COLUMN attainment_facts.sentence_clean_end IS 'End of the sentence in report_texts.clean_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN attainment_facts.sentence_raw_start IS 'Start of the sentence in report_texts.raw_text (0-based, in characters, half-open).';
COMMENT ON COLUMN attainment_facts.sentence_raw_end IS 'End of the sentence in report_texts.raw_text (exclusive; 0-based, in characters).';
COMMENT ON COLUMN attainment_facts.raw_quote IS 'The value as stored in the raw file (raw_text from raw_start to raw_end), with any traditional characters, full-width digits or mojibake kept: the quote to cite.';
COMMENT ON COLUMN attainment_facts.scope IS 'Scope word before the value in its clause: 全市 / 全区 / 全县 / 全省 / 全国 / 全州 / 全盟 / 全旗 / 市本级 / 区本级 / 县本级 / 省本级; NULL when none is written.';
COMMENT ON COLUMN attainment_facts.lower_bound IS 'Lower end of the interval the value and its qualifier imply: value itself for a plain value, a range, 以上, 不低于, 超 and 余; NULL when unbounded below (以下, 不超过, 以内, 近) or only approximate (左右, 约).';
COMMENT ON COLUMN attainment_facts.upper_bound IS 'Upper end of the interval the value and its qualifier imply: value itself for a plain value and for 以下, 不超过, 以内 and 近, value_high for a range; NULL when unbounded above (以上, 不低于, 超, 余) or only approximate (左右, 约).';
COMMENT ON COLUMN attainment_facts.lower_closed IS 'True when lower_bound itself belongs to the interval (plain value, range, 以上, 不低于); false when it is excluded (超, 余) or there is no lower bound.';
COMMENT ON COLUMN attainment_facts.upper_closed IS 'True when upper_bound itself belongs to the interval (plain value, range, 以下, 不超过, 以内); false when it is excluded (近) or there is no upper bound.';
COMMENT ON COLUMN attainment_facts.change IS 'increase or decrease when the sentence states a direction (提高, 增长, 下降, 缩短 …), both for a level reached (提高到80%) and for the size of a change (提高3个百分点); NULL when no direction is stated. is_change tells the two apart.';
COMMENT ON COLUMN attainment_facts.plausibility_flags IS 'Reasons to handle the fact with care; an empty list when none. Plausibility breaches: percent_out_of_range (a % level outside 0-100), permille_out_of_range, range_inverted (value_high below value), direction_mismatch (提高 but the outcome is below its baseline). Extractor markers: table (read from a table cell), standard (a standard to meet, 按照…要求), unnamed (no indicator name), no_unit, unit_from_noun (1000万人次: unit from the counted noun), unit_from_whole (a 其中 part taking its whole''s unit).';
COMMENT ON COLUMN attainment_facts.implausible IS 'Always false here: implausible facts (a plausibility breach, or no name) are left out of attainment_facts.';
COMMENT ON COLUMN attainment_facts.year_source IS 'Where the year came from, innermost first: clause / sentence / table (a column header or caption) / section (its heading or a list head) / part (the review or plan part) / report (the report''s year) / unknown (year NULL: nothing places it, or the only year is impossible).';
COMMENT ON COLUMN attainment_facts.is_change IS 'True when the value is a change (增长7%, 提高3个百分点, 增幅控制在6%以内), false for a level (达到134万亿元, 提高到80%).';
COMMENT ON COLUMN attainment_facts.nature IS '预期性 or 约束性 when a plan table classes the indicator.';
COMMENT ON COLUMN attainment_facts.pair_id IS 'Facts of one target/result pair stated side by side (年初目标4个,实际建成5个; a table row''s target and achieved cells) share this number.';
COMMENT ON COLUMN attainment_facts.fact_source IS 'sentence: read by the sentence grammar; table: one cell of a table.';
COMMENT ON COLUMN attainment_facts.fact_region IS 'A place the fact itself names, as written (a district row of a city table); NULL when the fact belongs to the report''s region.';
COMMENT ON COLUMN attainment_facts.indicator_id IS 'Canonical indicator (indicator_catalogue.indicator_id, e.g. family_doctor_signing_rate), found through indicator_mapping on (indicator, unit); NULL when the name is not mapped (see unmapped_indicators).';
COMMENT ON COLUMN attainment_facts.canonical_name IS 'Chinese name of the canonical indicator (indicator_catalogue.name_zh, e.g. 家庭医生签约率); NULL when unmapped.';
COMMENT ON COLUMN attainment_facts.mapping_method IS 'How indicator was mapped (indicator_mapping.method): exact / synonym / pattern / fuzzy / sibling; NULL when unmapped.';
COMMENT ON COLUMN attainment_facts.mapping_score IS 'Confidence of the mapping, 0-1 (indicator_mapping.score): 1.0 exact or synonym, 0.9 pattern, 0.6-0.89 fuzzy, 0 when unmapped; NULL when the (indicator, unit) pair has no mapping row yet.';
COMMENT ON COLUMN attainment_facts.region IS 'Region the report speaks for: the canonical name from report_regions (浙江省舟山市, 全国, or anonymised:<doc_id>:<suffix> for a hidden region such as **区, never pooled across reports), else the region as written when report_regions has no name for it; NULL when unknown. A place the fact itself names is in indicator_facts.fact_region.';
COMMENT ON COLUMN attainment_facts.region_code IS '6-digit administrative-division code of that region (report_regions.region_code: 330900 = 浙江省舟山市, 000000 = national); NULL when anonymised, ambiguous or unresolved.';
COMMENT ON COLUMN attainment_facts.region_as_written IS 'The report''s region as the page writes it (reports.region), anonymised names such as **区 or XX区 kept; NULL when the report names none.';
COMMENT ON COLUMN attainment_facts.admin_level IS 'Administrative level of the report (reports.admin_level): national / province / city / district / county; NULL when unknown.';
COMMENT ON COLUMN attainment_facts.report_kind IS 'Kind of report (reports.report_kind): plan / summary / midyear_summary / summary_and_plan / implementation_review / work_points; NULL when unknown.';
COMMENT ON COLUMN attainment_facts.report_title IS 'The report''s own title (reports.title); NULL when the page has none.';
COMMENT ON COLUMN attainment_facts.published_on IS 'Publication date of the report when the page states one (reports.published_on), else NULL.';
COMMENT ON COLUMN attainment_facts.indicator_key IS 'Key that lines facts of one indicator up across reports: indicator_id, or ''name:'' followed by the indicator as written when unmapped (name:其他健康小屋建设).';
COMMENT ON COLUMN attainment_facts.indicator_name IS 'Canonical name of the indicator (canonical_name), or the name as written when unmapped.';
COMMENT ON COLUMN attainment_facts.direction IS 'Which way is good for the indicator (indicator_catalogue.direction): higher_is_better / lower_is_better / neutral; higher_is_better when the indicator is unmapped or has none.';
COMMENT ON COLUMN attainment_facts.is_delta IS 'True when the value is the size of a change (提高3个百分点, 增长7%), false for a level (提高到80%, 达到31.57%) and for baselines: change is set and the character before the value is not 到 or 至. A target is only paired with outcomes of the same is_delta.';

-- indicator_timeseries (view)
COMMENT ON VIEW indicator_timeseries IS 'Per region and indicator: baselines, targets and outcomes over the years, with the report and sentence each comes from. Only facts with a year.';
COMMENT ON COLUMN indicator_timeseries.region IS 'Region the report speaks for: the canonical name from report_regions (浙江省舟山市, 全国, or anonymised:<doc_id>:<suffix> for a hidden region such as **区, never pooled across reports), else the region as written when report_regions has no name for it; NULL when unknown. A place the fact itself names is in indicator_facts.fact_region.';
COMMENT ON COLUMN indicator_timeseries.region_code IS '6-digit administrative-division code of that region (report_regions.region_code: 330900 = 浙江省舟山市, 000000 = national); NULL when anonymised, ambiguous or unresolved.';
COMMENT ON COLUMN indicator_timeseries.indicator_key IS 'Key that lines facts of one indicator up across reports: indicator_id, or ''name:'' followed by the indicator as written when unmapped (name:其他健康小屋建设).';
COMMENT ON COLUMN indicator_timeseries.indicator_id IS 'Canonical indicator (indicator_catalogue.indicator_id, e.g. family_doctor_signing_rate), found through indicator_mapping on (indicator, unit); NULL when the name is not mapped (see unmapped_indicators).';
COMMENT ON COLUMN indicator_timeseries.indicator IS 'Canonical name of the indicator (canonical_name), or the name as written when unmapped.';
COMMENT ON COLUMN indicator_timeseries.unit IS 'Base unit after folding magnitude (万元 → 元, 万人 → 人): %, ‰, /10万, 个百分点, 元, 人, 人次, 例, 家, 个, 张, 岁, 天, 分钟 … (the values of pipelines/lexicons/units.json); NULL when the number carries no unit (flag no_unit).';
COMMENT ON COLUMN indicator_timeseries.year IS 'Year the value refers to (end of period): for an outcome the year reported on, for a target the year it is due. Never NULL here: facts without a year are left out of this view.';
COMMENT ON COLUMN indicator_timeseries.kind IS 'target (a goal, plan or requirement: 力争, 确保, 计划, 年底前, a plan''s task list, 省定要求) / outcome (achieved or current status, changes included: 签约率达到31.57%, 增长10.2%) / baseline (the prior value a change starts from: 从80.52岁提高到82.45岁 → 80.52 baseline, 82.45 outcome).';
COMMENT ON COLUMN indicator_timeseries.value IS 'The number, normalised: magnitude words folded in (4万余人 → 40000, 604.02万元 → 6040200, 1.1亿元 → 110000000), percentages in percentage points (25% → 25), Chinese numerals converted (三百 → 300); for a range (6%-6.5%) its first number. Unit in unit.';
COMMENT ON COLUMN indicator_timeseries.value_high IS 'Upper end of a range in the unit of value (6%-6.5% → value 6, value_high 6.5); NULL for a single number.';
COMMENT ON COLUMN indicator_timeseries.qualifier IS 'Bound or approximation word around the value, normalised: 以上 / 以下 / 左右 / 余 (also 多) / 近 / 约 / 超 / 不低于 / 不超过 / 以内 (25%以上 → 以上); NULL for a plain value. lower_bound and upper_bound give the interval it implies.';
COMMENT ON COLUMN indicator_timeseries.doc_id IS 'Report the fact was read from (reports.doc_id: raw file name without extension, e.g. 002_803259049ffd0e78).';
COMMENT ON COLUMN indicator_timeseries.fact_id IS 'Number of the fact within its report, 0-based in text order; (doc_id, fact_id) identifies a fact. A re-extraction (new extractor version) may renumber a report''s facts.';
COMMENT ON COLUMN indicator_timeseries.published_on IS 'Publication date of the report when the page states one (reports.published_on), else NULL.';
COMMENT ON COLUMN indicator_timeseries.sentence IS 'The clean-text sentence holding the value (report_texts.clean_text from sentence_clean_start to sentence_clean_end): the evidence to read.';

-- unmapped_indicators (view)
COMMENT ON VIEW unmapped_indicators IS 'Indicator names (per unit) the catalogue does not map yet, most frequent first: where pipelines/lexicons/indicators.csv should grow.';
COMMENT ON COLUMN unmapped_indicators.indicator IS 'Indicator name as extracted (indicator_facts.indicator) that indicator_mapping does not map.';
COMMENT ON COLUMN unmapped_indicators.unit IS 'Unit of those facts (indicator_facts.unit); a name is listed once per unit, NULL unit included.';
COMMENT ON COLUMN unmapped_indicators.n_facts IS 'Number of facts with this name and unit: how much mapping it would gain.';
COMMENT ON COLUMN unmapped_indicators.n_reports IS 'Number of distinct reports those facts come from.';
COMMENT ON COLUMN unmapped_indicators.example_sentence IS 'One sentence holding such a fact (the first in sort order), to see the name in context.';
COMMENT ON COLUMN indicator_facts.name_group IS 'For a name the catalogue does not know: the key of the group of names that denote the same indicator (same unit; rapidfuzz similarity at or above the calibrated threshold); NULL when mapped.';
COMMENT ON COLUMN indicator_facts.name_score IS 'Similarity (0–1) of this name''s key to its group''s key; NULL when mapped.';
COMMENT ON COLUMN attainment_facts.name_group IS 'For a name the catalogue does not know: the key of the group of names that denote the same indicator (same unit; rapidfuzz similarity at or above the calibrated threshold); NULL when mapped.';
COMMENT ON COLUMN attainment_facts.name_score IS 'Similarity (0–1) of this name''s key to its group''s key; NULL when mapped.';
COMMENT ON COLUMN indicator_facts.fact_region_name IS 'fact_region resolved with its parents (上城区 in a 杭州市 table → 浙江省杭州市上城区); NULL when the fact names no place or no division matches it.';
COMMENT ON COLUMN indicator_facts.fact_region_code IS 'Administrative-division code of fact_region_name.';
COMMENT ON COLUMN attainment_facts.fact_region_name IS 'fact_region resolved with its parents (上城区 in a 杭州市 table → 浙江省杭州市上城区); NULL when the fact names no place or no division matches it.';
COMMENT ON COLUMN attainment_facts.fact_region_code IS 'Administrative-division code of fact_region_name.';
COMMENT ON COLUMN unmapped_indicators.example_doc_id IS 'The report example_sentence comes from.';
COMMENT ON COLUMN unmapped_indicators.nearest_indicator_id IS 'The most similar catalogue indicator (rapidfuzz on name keys): a suggestion for whoever grows the catalogue, never a mapping.';
COMMENT ON COLUMN unmapped_indicators.nearest_score IS 'Similarity (0–1) of the name to nearest_indicator_id.';
COMMENT ON COLUMN attainment_facts.report_stage IS 'The order reports of one year come in when no publication date tells it: 0 plan or work points, 1 mid-year summary, 2 any review; a target is never answered by an outcome of an earlier stage.';
COMMENT ON COLUMN attainment_facts.report_year IS 'The year the report is about (reports.year): the plan year of a plan, the year reviewed of a summary.';
COMMENT ON COLUMN attainment_facts.set_year IS 'The year a target was set in: the later of the publication year and the first year the report plans for (a summary''s plan part: the year after the one it reviews). A target due later is multi-year and meets the outcomes of the years from this one on as interim rows.';
