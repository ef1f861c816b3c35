"""Report metadata of the five sample reports, and the cue rules behind it."""
from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from pipelines.ingest import ingest_report
from pipelines.ingest.metadata import clean_title, find_years, normalise_issuer, report_kind

RAW = Path(__file__).parents[1] / "raw"


@cache
def sample(prefix: str):
    return ingest_report(next(RAW.glob(f"{prefix}_*.txt")))


FIELDS = ("title", "issuer", "region", "region_anonymised", "admin_level", "report_kind", "year", "years",
          "published_on", "truncated", "encoding")

SAMPLES = [
    ("000", "关于卫生健康发展三年攻坚行动计划实施情况的报告", None, "**区", True, "district",
     "implementation_review", 2023, (2022, 2023, 2024), dt.date(2023, 10, 8), True, "utf-8"),
    ("001", "卫计局2020年工作总结和2020年计划", "卫计局", "XX区", True, "district",
     "summary_and_plan", 2020, (2020,), None, False, "utf-8"),
    ("002", "2019年上半年工作总结和下半年工作思路", "舟山市卫生健康委员会", "舟山市", False, "city",
     "summary_and_plan", 2019, (2019,), dt.date(2020, 7, 24), False, "utf-8"),
    ("003", "市卫健委工作要点", "市卫健委", "*市", True, "city",
     "work_points", 2023, (2023,), None, False, "utf-8"),
    ("004", "2019年浙江省卫生健康工作总结", "浙江省卫生健康委员会", "浙江省", False, "province",
     "summary", 2019, (2019,), dt.date(2020, 3, 30), True, "utf-8"),
]


@pytest.mark.parametrize("prefix," + ",".join(FIELDS), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_sample_metadata(prefix, title, issuer, region, region_anonymised, admin_level, report_kind,
                         year, years, published_on, truncated, encoding):
    report = sample(prefix)
    expected = dict(zip(FIELDS, (title, issuer, region, region_anonymised, admin_level, report_kind, year,
                                 years, published_on, truncated, encoding)))
    actual = {field: getattr(report, field) for field in FIELDS}
    assert actual == expected


def test_sample_001_counts_pinyin_repairs_and_flags_corruption():
    report = sample("001")
    assert report.repaired_count > 1000
    flagged = [report.clean_text[a:b] for a, b in report.corrupted_spans]
    assert "?,F" in flagged and "??啤" in flagged
    assert all(sample(p).corrupted_spans == [] for p in ("000", "002", "003", "004"))


def test_content_hash_and_doc_id():
    report = sample("002")
    assert report.doc_id == "002_803259049ffd0e78"
    assert len(report.content_hash) == 64


KIND_CASES = [
    ("市卫健委2023年工作要点", "work_points"),
    ("关于卫生健康发展三年攻坚行动计划实施情况的报告", "implementation_review"),
    ("“十四五”卫生健康规划中期评估报告", "implementation_review"),
    ("2019年上半年工作总结和下半年工作思路", "summary_and_plan"),
    ("卫计局2020年工作总结和2021年计划", "summary_and_plan"),
    ("区卫健局2022年工作总结及2023年工作打算", "summary_and_plan"),
    ("2021年上半年卫生健康工作总结", "midyear_summary"),
    ("2019年浙江省卫生健康工作总结", "summary"),
    ("2024年卫生健康工作计划", "plan"),
    ("全民健康信息化建设实施方案", "plan"),
    ("关于召开会议的函", None),
    # a summary combined with next year's points is not a work-points document
    ("市卫生健康委员会2022年工作总结和2023年工作要点", "summary_and_plan"),
    ("市卫计委关于印发2016年全市卫生计生工作总结和2017年全市卫生计生工作要点的通知", "summary_and_plan"),
    ("2021年卫生健康事业发展统计公报", "summary"),
    ("关于推进健康行动的实施意见", "plan"),
]


@pytest.mark.parametrize("title,kind", KIND_CASES)
def test_report_kind_from_title(title, kind):
    assert report_kind(title, "") == kind


TITLE_CASES = [
    ("20201231:2019年浙江省卫生健康工作总结", "2019年浙江省卫生健康工作总结"),
    ("市卫健委工作要点(完整)", "市卫健委工作要点"),
    ("乡镇卫生院工作总结范文", "乡镇卫生院工作总结"),
    ("2021年卫生健康工作总结_某某范文网", "2021年卫生健康工作总结"),
    ("快讯!2020年卫生健康统计公报发布", "2020年卫生健康统计公报发布"),
    ("市卫健委关于印发2023年工作要点的通知 |", "市卫健委关于印发2023年工作要点的通知"),
]


@pytest.mark.parametrize("raw,expected", TITLE_CASES)
def test_title_prefixes_and_suffixes_are_stripped(raw, expected):
    assert clean_title(raw) == expected


ISSUER_CASES = [
    ("省卫生健康委", "浙江省", "浙江省卫生健康委员会"),
    ("市卫生健康委员会", "舟山市", "舟山市卫生健康委员会"),
    ("市卫健委", "杭州市", "杭州市卫生健康委员会"),
    ("市卫健委", None, "市卫健委"),             # region unknown: keep as written
    ("舟山市卫生健康委员会", "舟山市", "舟山市卫生健康委员会"),
]


@pytest.mark.parametrize("issuer,region,expected", ISSUER_CASES)
def test_issuer_normalised_to_full_name_when_region_known(issuer, region, expected):
    assert normalise_issuer(issuer, region) == expected


YEAR_CASES = [
    # (title, clean text, published_on, year, years)
    ("2019年浙江省卫生健康工作总结", "2019年,全省…", dt.date(2020, 3, 30), 2019, (2019,)),
    ("市卫健委工作要点", "2023年是贯彻党的二十大精神的开局之年。", None, 2023, (2023,)),
    ("关于三年攻坚行动计划实施情况的报告", "今年以来,全面推进《卫生健康三年攻坚行动计划(2022--2024年)》。",
     dt.date(2023, 10, 8), 2023, (2022, 2023, 2024)),
    ("2021-2025年卫生健康发展规划", "到2025年,全市每千人口床位数达到6张。", None, 2025, (2021, 2022, 2023, 2024, 2025)),
]


@pytest.mark.parametrize("title,text,published_on,year,years", YEAR_CASES)
def test_years_covered(title, text, published_on, year, years):
    assert find_years(title, text, published_on) == (year, years)


REGION_CASES = [
    # (page text, title, expected region, anonymised, admin level)
    ("舟山市卫生健康委员会> 法定主动公开内容> 规划计划>\n", "2019年上半年工作总结和下半年工作思路",
     "舟山市", False, "city"),
    ("", "2019年浙江省卫生健康工作总结", "浙江省", False, "province"),
    ("", "XX县卫生健康局2021年工作总结", "XX县", True, "county"),
    ("", "2022年**区卫生健康工作总结", "**区", True, "district"),
    ("", "北京市卫生健康委员会2023年工作要点", "北京市", False, "province"),
]


@pytest.mark.parametrize("page,title,region,anonymised,level", REGION_CASES)
def test_region_and_level(page, title, region, anonymised, level):
    from pipelines.ingest.metadata import admin_level, find_region

    body = "今年以来,全县卫生健康工作成效明显。"
    assert find_region(page + title, body, title) == (region, anonymised)
    assert admin_level(region, None, body, anonymised) == level


def test_national_issuer_sets_national_level():
    from pipelines.ingest.metadata import admin_level

    assert admin_level(None, "国家卫生健康委员会", "", False) == "national"


# The main year and kind of a report from its title and opening lines: the period the report covers wins over
# comparison years, and the publication date is only a fallback.
PERIOD_CASES = [
    # (case, title, opening text, published_on, year, kind)
    ("annual summary", "2023年卫生健康工作总结", "2023年,全市门诊量比2022年增长6%。", dt.date(2024, 1, 15),
     2023, "summary"),
    ("statistical bulletin", "2022年卫生健康事业发展统计公报", "2022年末,全市共有医疗机构900个,比上年增加12个。",
     None, 2022, "summary"),
    ("five-year plan ends in its last year", "“十四五”全民健康发展规划", "到2025年,每千人口床位达到6张。", None,
     2025, "plan"),
    ("comparison years are references", None,
     "与2020年相比,2021年全县门诊量增长8%;2021年末床位数较2020年末增加40张,比2020年增长3%。", None, 2021, None),
    ("baseline notes in a target list", None, "1.健康档案建档率≥62%(2022年:61%)\n2.老年人健康管理率≥62%(2022年:60%)",
     dt.date(2023, 9, 22), 2023, None),
    ("start of a span is a reference", None,
     "“十四五”以来,全国每千人口床位数从2020年的6.4张增加到2023年的7.2张。", dt.date(2025, 9, 28), 2023, None),
    ("as-of date opening a line", None, "最新统计\n截至2021年3月底,全国医疗机构达100万个,与2020年3月底比较增加1.5万个。",
     None, 2021, None),
    ("present-tense news takes its dateline year", None,
     "截至2022年底,全国托育机构约7万家。目前全国3岁以下婴幼儿约3000万人。", dt.date(2023, 4, 26), 2023, None),
    ("undated summary published early in the next year", "卫生健康工作总结", "全年完成门诊120万人次。",
     dt.date(2024, 2, 10), 2023, "summary"),
    ("undated summary published at the year end", "卫生健康工作总结", "今年以来,全区门诊量稳步增长。",
     dt.date(2021, 12, 20), 2021, "summary"),
    ("undated work points published in their year", "卫生健康工作要点", "全面推进健康城市建设。",
     dt.date(2024, 3, 1), 2024, "work_points"),
    ("combined summary and next year's points", "2022年卫生健康工作总结和2023年工作要点",
     "2022年,全市卫生健康工作取得新进展。", dt.date(2023, 5, 19), 2022, "summary_and_plan"),
    ("plan with two horizons takes the later one", "关于推进健康行动的实施意见",
     "到2025年,健康素养水平达到25%。\n到2030年,人均预期寿命达到80岁。", None, 2030, "plan"),
    ("a text naming only a target year", None, "到2020年将实现:千人床位数达到4.3张。", None, 2020, None),
    ("goals in a summary are not its year", "卫生健康工作总结", "2022年,全县门诊量增长5%。力争到2025年床位达到800张。",
     None, 2022, "summary"),
]


@pytest.mark.parametrize("case,title,text,published_on,year,kind", PERIOD_CASES, ids=[c[0] for c in PERIOD_CASES])
def test_main_year_and_kind(case, title, text, published_on, year, kind):
    assert report_kind(title, text) == kind
    assert find_years(title, text, published_on, kind)[0] == year


def test_combined_report_covers_the_plan_year_too():
    kind = report_kind("2022年卫生健康工作总结和2023年工作要点", "")
    assert find_years("2022年卫生健康工作总结和2023年工作要点", "", None, kind) == (2022, (2022, 2023))


def test_five_year_plan_span_in_title():
    assert find_years("“十三五”卫生计生事业发展规划", "", None, "plan") == (2020, (2016, 2017, 2018, 2019, 2020))


def test_site_section_label_is_not_the_title():
    from pipelines.ingest.metadata import find_title

    text = "计划总结\n发布机构: 省卫生健康委\n\n省卫生健康委关于印发2023年卫生健康工作要点的通知\n\n各市卫生健康委:"
    assert find_title(text, text) == "省卫生健康委关于印发2023年卫生健康工作要点的通知"


@pytest.mark.parametrize("page,date", [
    ("深圳热线\n\n2023-04-26 12:55:52 来源:新华网\n\n正文", dt.date(2023, 4, 26)),
    ("某报\n  • 2022-07-13 08:32:29\n正文", dt.date(2022, 7, 13)),
    ("行业新闻\n加入日期:2021/5/26 9:19:47  查看人数: 10\n", dt.date(2021, 5, 26)),
    ("发布日期:2020-07-24\n2019-01-01\n", dt.date(2020, 7, 24)),  # a labelled date wins
    ("正文\n共有床位2023张\n", None),
])
def test_publication_date_from_labels_and_datelines(page, date):
    from pipelines.ingest.metadata import find_published_on

    assert find_published_on(page) == date
