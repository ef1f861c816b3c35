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
]


@pytest.mark.parametrize("title,kind", KIND_CASES)
def test_report_kind_from_title(title, kind):
    assert report_kind(title, "") == kind


TITLE_CASES = [
    ("20201231:2019年浙江省卫生健康工作总结", "2019年浙江省卫生健康工作总结"),
    ("市卫健委工作要点(完整)", "市卫健委工作要点"),
    ("乡镇卫生院工作总结范文", "乡镇卫生院工作总结"),
    ("2021年卫生健康工作总结_某某范文网", "2021年卫生健康工作总结"),
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
