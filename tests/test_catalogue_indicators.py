"""Indicator mapping: names as the reports word them → canonical indicator ids, by case table.

tests/cases/indicator_mapping.json holds every (name, unit) the extractor produced on the sample reports
and the linked fixtures, plus the annotated names of eval/dev_gold.jsonl and curated names of the
government work reports' headline indicators and of the health plans (source curated: names as the
extractor words them on such sentences), each labelled with the id an analyst expects (null: leave unmapped). A wrong mapping pairs a target with an unrelated outcome, so
precision is held to 0.95 before recall.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from pipelines.catalogue.indicators import (
    CATALOGUE_PATH,
    count_kind,
    is_change_name,
    is_increment,
    load_catalogue,
    map_indicator,
    name_variants,
    normalise_name,
    unit_family,
)

# (name as extracted, unit, expected indicator_id)
MAPPED = [
    # 十四五国民健康规划 main indicators
    ("人均预期寿命", "岁", "life_expectancy"),
    ("全市人均预期寿命", "岁", "life_expectancy"),
    ("户籍人口期望寿命", "岁", "life_expectancy"),
    ("人均健康预期寿命", "岁", "healthy_life_expectancy"),
    ("孕产妇死亡率", "/10万", "maternal_mortality_ratio"),
    ("婴儿死亡率", "‰", "infant_mortality_rate"),
    ("五岁以下儿童死亡率", "‰", "under5_mortality_rate"),
    ("每千人口执业(助理)医师数", "人", "physicians_per_1000"),
    ("每千人口执业（助理）医师数", None, "physicians_per_1000"),
    ("每千常住人口注册护士数", "人", "nurses_per_1000"),
    ("每千人口托位数", "个", "childcare_places_per_1000"),
    ("每千人口拥有3岁以下婴幼儿托位数", "个", "childcare_places_per_1000"),
    ("每千人口床位数", "张", "beds_per_1000"),
    ("个人卫生支出占卫生总费用的比重", "%", "oop_health_spending_share"),
    ("居民健康素养水平", "%", "health_literacy"),
    ("全区居民健康素养水平", "%", "health_literacy"),
    ("经常参加体育锻炼人数比例", "%", "regular_exercise_share"),
    ("15岁以上人群吸烟率", "%", "smoking_rate_15plus"),
    ("儿童青少年总体近视率", "个百分点", "child_myopia_rate"),
    ("重大慢性病过早死亡率", "%", "premature_ncd_mortality"),
    ("孕产妇系统管理率", "%", "maternal_systematic_mgmt_rate"),
    ("3岁以下儿童系统管理率", "%", "child_u3_systematic_mgmt_rate"),
    ("以乡(镇、街道)为单位适龄儿童免疫规划疫苗接种率", "%", "immunization_coverage"),
    ("适龄儿童国家免疫规划疫苗接种率", "%", "immunization_coverage"),
    ("严重精神障碍管理率", "%", "severe_mental_disorder_mgmt_rate"),
    ("城乡居民医保住院费用基金支付比例", "%", "resident_insurance_inpatient_reimbursement"),
    ("职工医保住院费用基金支付比例", "%", "employee_insurance_inpatient_reimbursement"),
    ("国家卫生城市占比", "%", "national_sanitary_city_share"),
    ("建成及通过评审的国家级卫生乡镇比例", "%", "national_sanitary_town_share"),
    ("健康服务业总规模", "元", "health_service_industry_scale"),
    # 国家基本公共卫生服务规范
    ("居民电子健康档案建档率", "%", "bphs_ehr_rate"),
    ("城乡居民健康档案建档率", "%", "bphs_health_record_rate"),
    ("城乡居民健康档案", "份", "bphs_health_records_count"),
    ("新生儿访视率", "%", "bphs_newborn_visit_rate"),
    ("新生兒訪視率", "%", "bphs_newborn_visit_rate"),   # traditional characters from raw text
    ("早建率", "%", "bphs_early_pregnancy_registration_rate"),
    ("产后访视率", "%", "bphs_postpartum_visit_rate"),
    ("0-6岁儿童健康管理率", "%", "bphs_child_0_6_mgmt_rate"),
    ("0～6岁儿童健康管理率", "%", "bphs_child_0_6_mgmt_rate"),
    ("65岁以上老年人健康管理率", "%", "bphs_elderly_mgmt_rate"),
    ("高血压患者规范管理率", "%", "bphs_htn_standard_mgmt_rate"),
    ("65岁以上老年人高血压患者规范管理率", "%", "bphs_htn_standard_mgmt_rate"),
    ("高血壓管理率", "%", "bphs_htn_mgmt_rate"),
    ("血壓控制率", "%", "bphs_htn_control_rate"),
    ("高血压患者管理人数", "人", "bphs_htn_managed"),
    ("2型糖尿病患者规范管理率", "%", "bphs_dm_standard_mgmt_rate"),
    ("糖尿病管理率", "%", "bphs_dm_mgmt_rate"),
    ("血糖控制率", "%", "bphs_dm_control_rate"),
    ("严重精神障碍患者规范管理率", "%", "bphs_smd_standard_mgmt_rate"),
    ("肺结核患者管理率", "%", "bphs_tb_mgmt_rate"),
    ("老年人中医药健康管理率", "%", "bphs_tcm_elderly_rate"),
    ("儿童中医药健康管理率", "%", "bphs_tcm_child_rate"),
    ("传染病报告及时率", "%", "bphs_id_report_timeliness"),
    ("人均基本公共卫生服务经费补助标准", "元", "bphs_funding_per_capita"),
    # recurring in the corpus
    ("家庭医生签约率", "%", "family_doctor_signing_rate"),
    ("截至目前全市签约率", "%", "family_doctor_signing_rate"),
    ("力争签约率", "%", "family_doctor_signing_rate"),
    ("重点人群签约服务覆盖率", "%", "key_population_signing_rate"),
    ("签约群众满意率", "%", "family_doctor_satisfaction"),
    ("门诊智慧结算率", "%", "outpatient_smart_settlement_rate"),
    ("病区智慧结算率", "%", "inpatient_smart_settlement_rate"),
    ("全市医院病房智慧结算率", "%", "inpatient_smart_settlement_rate"),
    ("智慧预约率", "%", "smart_appointment_rate"),
    ("网上开放号源比例", "%", "online_appointment_slot_share"),
    ("日间手术占比", "%", "day_surgery_share"),
    ("全省三级医院日间手术量", "例", "day_surgery_count"),
    ("ICU床位", "张", "icu_beds"),
    ("新增ICU床位", "张", "icu_beds_added"),             # an increment maps to the increment indicator …
    ("新增血透床位", "张", "dialysis_beds_added"),
    ("新增普惠性托育机构", "家", "childcare_institutions_added"),
    ("普惠性托育机构", "家", "childcare_institutions"),   # … and the stock to the stock
    ("新增托位", "个", "childcare_places_added"),
    ("每千人拥有0-3岁婴幼儿托位数", "个", "childcare_places_per_1000"),
    ("全程网办比例", "%", "online_government_service_share"),
    ("掌上办比例", "%", "mobile_government_service_share"),   # a different indicator, not a synonym
    ("管理重性精神疾病患者", "人", "bphs_smd_managed"),
    ("登记六大类严重精神障碍患者", "人", "bphs_smd_registered"),
    ("组建成医共体", "家", "county_medical_communities"),
    ("招聘专业技术人员", "名", "recruited_staff"),
    ("面向社会公开招录卫技人员", "名", "recruited_staff"),
    ("**省卫健委科研项目", "项", "research_projects"),      # anonymised place name stripped
    ("家庭医生签约率提高", "个百分点", "family_doctor_signing_rate"),
    ("健康小屋", "家", "health_huts"),
    ("全区老年友善医疗机构建成率", "%", "elderly_friendly_facility_rate"),
    ("上半年全市报告传染病发病率", "/10万", "infectious_disease_incidence"),
    ("省定阶段性工作启动率", "%", "medical_community_tasks_started_rate"),
    ("累计创建各类健康示范场所", "家", "health_cells"),
    ("门(急)诊人次", "人次", "outpatient_visits"),
    ("婚检率", "%", "premarital_checkup_rate"),
]

# (name, unit): names that are not catalogue indicators, or too vague to map
UNMAPPED = [
    ("取消证明材料", "项"),
    ("下放行政许可事项", "项"),
    ("规范管理率", "%"),          # hypertension? diabetes? mental disorder? — ambiguous, left unmapped
    ("健康档案", "%"),            # 建档率 or 使用率 — ambiguous
    ("知名专家工作室所在医院", "%"),
    ("", None),
    ("率", "%"),
    # generic names: which rate, which fund, whose growth?
    ("接种率", "%"),
    ("年均增幅", "%"),
    ("发放资金", "元"),
    ("满意率", "%"),
    # a count of institutions that did something is not the number of institutions
    ("医疗机构", "家"),
    ("基层医疗机构", "家"),
    ("乡镇卫生院", "家"),
    ("乡镇卫生院(社区卫生服务中心)增设远程放", "家"),
    # increments never map to a stock, subsets never to the whole
    ("新增ICU床位", "%"),
    ("其他健康小屋建设", "家"),
    ("基层远程医疗服务站点标准化建设", "个"),
    ("新增普惠性托育机构省级", "家"),
    ("新增省级普惠托育机构", "家"),
    ("XX区团体无偿献血", "例"),
    ("高峰期平均排队挂号时间", "分钟"),
    ("乡镇卫生院门(急)诊人次增长", "%"),
    ("一般人群和重点人群签约率同比提升", "个百分点"),
    ("家庭医生签约率提高", "%"),                 # relative or level? only percentage points are a change of the rate
    # wrong head noun or wrong thing counted
    ("社区家庭医生工作站", "个"),
    ("窗口满意率保持", "%"),
    ("受益群众", "人次"),
    ("省级社区托育示范点", "家"),
    ("成功申报**省新技术引进奖", "项"),
    ("引进培育优秀紧缺型中青年医学人才", "名"),
    ("次全区医疗卫生事业单位统一招聘", "批"),     # batches, not persons
    ("招聘", "批"),
]

# unit compatibility: a % fact never maps to a count indicator and vice versa
UNIT_REFUSED = [
    ("人均预期寿命", "%"),
    ("医疗卫生机构床位数", "%"),
    ("高血压患者管理人数", "%"),
    ("家庭医生签约率", "人"),
]


CASES_PATH = Path(__file__).parent / "cases" / "indicator_mapping.json"
LABELLED = json.loads(CASES_PATH.read_text(encoding="utf-8"))["cases"]
MIN_PRECISION = 0.95
MIN_RECALL = 0.96    # achieved 0.989 (precision 0.978) on the labelled names when the rules were tuned


@pytest.mark.parametrize("case", [
    pytest.param(case, id=f"{case['indicator']}|{case['unit']}",
                 marks=[pytest.mark.xfail(reason=case["known_error"], strict=True)] if case.get("known_error") else [])
    for case in LABELLED
])
def test_labelled_mapping(case):
    match = map_indicator(case["indicator"], case["unit"])
    assert match.indicator_id == case["expected"], (match, case["context"], case.get("note"))


def test_labelled_precision_and_recall():
    mapped = correct = expected = 0
    for case in LABELLED:
        got = map_indicator(case["indicator"], case["unit"]).indicator_id
        mapped += got is not None
        expected += case["expected"] is not None
        correct += got is not None and got == case["expected"]
    precision, recall = correct / mapped, correct / expected
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, (precision, recall)


def test_labelled_cases_are_well_formed():
    ids = {indicator.indicator_id for indicator in load_catalogue().indicators}
    keys = [(case["indicator"], case["unit"]) for case in LABELLED]
    assert len(keys) == len(set(keys)) and len(keys) >= 300
    for case in LABELLED:
        assert case["expected"] is None or case["expected"] in ids, case
        assert case["context"] and case["source"] in ("sample", "linked", "dev_gold", "curated"), case


@pytest.mark.parametrize("unit, kind", [
    ("人", "persons"), ("名", "persons"), ("人次", "persons"), ("例", "persons"), ("万人", "persons"),
    ("家", "institutions"), ("所", "institutions"), ("张", "beds"), ("项", "items"), ("份", "items"),
    ("批", "events"), ("场次", "events"), ("个", None), ("%", None), (None, None),
])
def test_count_kind(unit, kind):
    assert count_kind(unit) == kind


@pytest.mark.parametrize("name, increment", [
    ("新增ICU床位", True), ("新增普惠性托育机构省级", True), ("建设规范化村卫生室", True),
    ("其他健康小屋建设", True), ("ICU床位数", False), ("医共体建设阶段性工作启动率", False),
    ("创建母婴室", False),
])
def test_is_increment(name, increment):
    assert is_increment(name) is increment


@pytest.mark.parametrize("name, change", [
    ("地区生产总值增长", True), ("居民消费价格涨幅", True), ("单位GDP能耗比上年下降", True), ("门急诊人次增长率", True),
    ("家庭医生签约率提高", True), ("地区生产总值", False), ("规模以上工业增加值", False), ("城镇新增就业", False),
    ("城镇调查失业率", False), ("研发经费投入强度", False),
])
def test_is_change_name(name, change):
    assert is_change_name(name) is change


@pytest.mark.parametrize("name, unit, expected", MAPPED)
def test_maps_corpus_names(name, unit, expected):
    match = map_indicator(name, unit)
    assert match.indicator_id == expected, match
    assert match.method in ("exact", "synonym", "pattern", "fuzzy")
    assert 0 < match.score <= 1


@pytest.mark.parametrize("name, unit", UNMAPPED)
def test_leaves_non_indicators_unmapped(name, unit):
    match = map_indicator(name, unit)
    assert match.indicator_id is None and match.method is None and match.score == 0.0


@pytest.mark.parametrize("name, unit", UNIT_REFUSED)
def test_refuses_incompatible_unit(name, unit):
    match = map_indicator(name, unit)
    if match.indicator_id is not None:
        indicator = load_catalogue().by_id[match.indicator_id]
        assert unit_family(indicator.unit) == unit_family(unit)


@pytest.mark.parametrize("name, unit, method", [
    ("门诊智慧结算率", "%", "exact"),
    ("早建率", "%", "synonym"),
    ("全程网办比例", "%", "synonym"),
    ("二级及以上综合性医院设置老年医学科的比例", "%", "pattern"),
    ("65岁以上老年人高血压患者规范管理率", "%", "fuzzy"),
])
def test_method_reports_how_the_match_was_made(name, unit, method):
    assert map_indicator(name, unit).method == method


@pytest.mark.parametrize("written, normalised", [
    ("每千人口执业（助理）医师数", "每千人口执业助理医师数"),
    ("“门诊”智慧结算率", "门诊智慧结算率"),
    ("0～6岁儿童健康管理率", "0-6岁儿童健康管理率"),
    ("icu床位", "ICU床位"),
])
def test_normalise_name(written, normalised):
    assert normalise_name(written) == normalised


def test_scope_words_are_stripped_only_after_the_full_name_is_tried():
    variants = name_variants("全市城乡居民基本医疗保险政策范围内住院费用基金支付比例")
    assert variants[1] == "城乡居民基本医疗保险政策范围内住院费用基金支付比例"
    match = map_indicator("全市城乡居民基本医疗保险政策范围内住院费用基金支付比例", "%")
    assert match.indicator_id == "resident_insurance_inpatient_reimbursement"


def test_catalogue_rows_are_well_formed():
    with open(CATALOGUE_PATH, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert 120 <= len(rows) <= 320
    ids = [row["indicator_id"] for row in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", row["indicator_id"]), row["indicator_id"]
        assert row["direction"] in ("higher_is_better", "lower_is_better", "neutral")
        assert row["nature"] in ("", "预期性", "约束性")
        assert row["name_zh"] and row["name_en"] and row["source"]
        if row["unit"] == "%" and row["lower_bound"] and row["upper_bound"]:
            assert (float(row["lower_bound"]), float(row["upper_bound"])) == (0.0, 100.0)
        if row["patterns"]:
            re.compile(row["patterns"])
        assert row["measure"] in ("level", "change"), row["indicator_id"]


def test_measure_agrees_with_every_name_of_the_indicator():
    # a growth name maps only to a change indicator: a catalogue form that disagrees could never match
    for indicator in load_catalogue().indicators:
        for form in (indicator.name_zh, *indicator.synonyms):
            assert is_change_name(form) == (indicator.measure == "change"), (indicator.indicator_id, form)


def test_every_canonical_name_maps_to_itself():
    for indicator in load_catalogue().indicators:
        match = map_indicator(indicator.name_zh, indicator.unit or None)
        assert match.indicator_id == indicator.indicator_id and match.method == "exact", indicator


def test_no_synonym_points_at_two_indicators():
    catalogue = load_catalogue()
    clashes = {form: ids for form, ids in catalogue.synonym.items() if len(set(ids)) > 1}
    assert clashes == {}


def test_catalogue_frame_has_one_row_per_indicator():
    from pipelines.catalogue.indicators import catalogue_frame

    frame = catalogue_frame()
    assert frame.height == len(load_catalogue().indicators)
    assert frame["indicator_id"].n_unique() == frame.height
    assert set(frame["measure"].unique()) == {"level", "change"}
