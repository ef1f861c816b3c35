"""Region resolution: written region + issuer + document text → division code, by case table."""
from __future__ import annotations

import pytest

from pipelines.catalogue.regions import load_gazetteer, resolve_region

# (region as written, issuer, text context, anonymised, expected code, expected full name, level)
RESOLVED = [
    ("舟山市", "舟山市卫生健康委员会", "", False, "330900", "浙江省舟山市", "city"),
    ("浙江省", "省卫生健康委", "", False, "330000", "浙江省", "province"),
    ("浙江舟山", None, "", False, "330900", "浙江省舟山市", "city"),
    ("舟山", None, "", False, "330900", "浙江省舟山市", "city"),
    ("舟山市普陀区", None, "", False, "330903", "浙江省舟山市普陀区", "district"),
    ("普陀区", "舟山市卫生健康委员会", "", False, "330903", "浙江省舟山市普陀区", "district"),
    ("上海市", None, "", False, "310000", "上海市", "province"),
    ("嘉定区", None, "", False, "310114", "上海市嘉定区", "district"),
    ("仙桃市", None, "", False, "429004", "湖北省仙桃市", "county"),
    ("襄樊市", None, "", False, "420600", "湖北省襄阳市", "city"),       # renamed 2010
    (None, "舟山市卫生健康委员会", "", False, "330900", "浙江省舟山市", "city"),
]


@pytest.mark.parametrize("written, issuer, context, anonymised, code, full_name, level", RESOLVED)
def test_resolves_named_regions(written, issuer, context, anonymised, code, full_name, level):
    match = resolve_region(written, issuer, context, anonymised)
    assert (match.region_code, match.region, match.admin_level) == (code, full_name, level)
    assert not match.ambiguous


@pytest.mark.parametrize("written, issuer", [
    ("全国", None),
    (None, "国家卫生健康委"),
    (None, "国务院"),
    (None, "国务院办公厅"),
    ("国家", "国家卫生健康委员会"),
])
def test_national_reports_are_全国(written, issuer):
    match = resolve_region(written, issuer, "", False)
    assert (match.region, match.region_code, match.admin_level, match.method) == (
        "全国", "000000", "national", "national")


@pytest.mark.parametrize("written, anonymised, doc_id, label", [
    ("**区", True, "000_db13097a024bc69a", "anonymised:000_db13097a024bc69a:区"),
    ("**区", False, "000_db13097a024bc69a", "anonymised:000_db13097a024bc69a:区"),
    ("XX區", False, "001_76640398b909420e", "anonymised:001_76640398b909420e:区"),
    ("*市", False, "003_2f31956da86134dc", "anonymised:003_2f31956da86134dc:市"),
    ("某区", False, "doc9", "anonymised:doc9:区"),
    ("XX县", False, "doc9", "anonymised:doc9:县"),
])
def test_anonymised_regions_stay_anonymised(written, anonymised, doc_id, label):
    match = resolve_region(written, None, "上海市第十人民医院 湘潭市", anonymised, doc_id=doc_id)
    assert match.region == label
    assert match.region_code is None and match.method == "anonymised"
    assert match.admin_level == {"区": "district", "市": "city", "县": "county"}[label[-1]]


def test_anonymised_without_doc_id_is_keyed_by_the_document_text():
    first = resolve_region("**区", None, "第一份报告", True)
    second = resolve_region("**区", None, "第二份报告", True)
    assert first.region != second.region
    assert first.region == resolve_region("**区", None, "第一份报告", True).region


def test_two_anonymised_regions_are_never_merged():
    first = resolve_region("**区", None, "", True, doc_id="000_a")
    second = resolve_region("**区", None, "", True, doc_id="001_b")
    assert first.region != second.region


def test_bare_shared_district_without_context_is_ambiguous():
    match = resolve_region("鼓楼区", None, "", False)
    assert match.ambiguous and match.region_code is None
    assert {code for code, _ in match.candidates} == {"320106", "320302", "410204", "350102"}


@pytest.mark.parametrize("issuer, context, code", [
    ("南京市卫生健康委员会", "", "320106"),
    (None, "福州市卫生健康委 鼓楼区 与 台江区、仓山区 一起", "350102"),
    (None, "开封市卫健委召开会议,鼓楼区卫健局参加", "410204"),
])
def test_shared_district_is_settled_by_issuer_or_context(issuer, context, code):
    match = resolve_region("鼓楼区", issuer, context, False)
    assert match.region_code == code and not match.ambiguous
    assert match.method in ("issuer", "context")


def test_bare_区_with_city_in_context_gives_candidates_under_that_city():
    match = resolve_region("区", None, "今年湘潭市卫生健康工作取得新成效,湘潭市委市政府……", False)
    assert match.ambiguous and match.region_code is None
    codes = {code for code, _ in match.candidates}
    assert "430302" in codes and "430304" in codes          # 雨湖区, 岳塘区
    assert all(code.startswith("4303") for code in codes)


def test_bare_区_settled_when_the_document_keeps_naming_one_district():
    text = "湘潭市 雨湖区卫健局 雨湖区 2023年 雨湖区 工作总结"
    match = resolve_region("区", None, text, False)
    assert match.region_code == "430302" and match.method == "context"


@pytest.mark.parametrize("written", ["城北", "城东", "城区西"])
def test_parts_of_a_city_are_not_regions(written):
    match = resolve_region(written, None, "", False)
    assert match.region_code is None


def test_context_ignores_everyday_words_that_are_also_short_place_names():
    votes = load_gazetteer().mentions("实现平安康复 大同小异 长治久安")
    assert not votes


def test_bare_省_settled_by_the_province_the_document_names():
    text = "2019年,全省卫生健康系统……建设高水平健康浙江……浙江政务服务网……杭州市、宁波市"
    match = resolve_region("省", "省卫生健康委", text, False)
    assert match.region_code == "330000" and match.method == "context"


def test_bare_市_settled_by_the_city_the_document_keeps_naming():
    text = "全面实施健康舟山发展战略 舟山市 舟山医院 浙江省 健康舟山2030"
    match = resolve_region("市", "市卫健委", text, False)
    assert match.region_code == "330900"
