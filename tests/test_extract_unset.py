"""Targets a report deliberately leaves unset are recorded with what, when and where (pipelines/extract/unset.py),
and never become indicator facts."""
from __future__ import annotations

import pytest

from pipelines.extract import ExtractionContext, read_report
from pipelines.ingest import ingest_bytes

CASES = [
    # (text, indicator, year, statement)
    ("嘉兴市卫生健康委员会2024年工作要点\n\n一、主要目标\n全市医疗卫生机构门急诊服务量以优化结构为导向，今年不设具体增长目标。\n",
     "医疗卫生机构门急诊服务量增长", 2024, "今年不设具体增长目标"),
    ("湖南省卫生健康委员会2023年工作要点\n\n一、主要目标\n基层医疗卫生机构诊疗量占比以监测分析为主，不再设定年度考核指标。\n",
     "基层医疗卫生机构诊疗量占比", 2023, "不再设定年度考核指标"),
    ("2022年政府工作报告\n\n二、2022年经济社会发展总体要求和政策取向\n考虑到能源结构调整，今年不再单独设定单位国内生产总值能耗降低的年度目标。\n",
     "单位国内生产总值能耗降低", 2022, "今年不再单独设定单位国内生产总值能耗降低的年度目标"),
    # a review looks back: 去年 in a report delivered in 2021 is 2020
    ("政府工作报告\n——2021年3月5日在第十三届全国人民代表大会第四次会议上\n\n一、2020年工作回顾\n"
     "去年，考虑到疫情影响的巨大不确定性，我们没有提出全年经济增速具体目标，而是突出稳就业保民生。\n",
     "经济增速", 2020, "没有提出全年经济增速具体目标"),
]


@pytest.mark.parametrize("text,indicator,year,statement", CASES, ids=[c[3][:10] for c in CASES])
def test_unset_target_is_recorded(text, indicator, year, statement):
    report = ingest_bytes(text.encode("utf-8"), doc_id="doc")
    reading = read_report(ExtractionContext.from_report(report))
    found = [(u.indicator, u.year, report.clean_text[u.start:u.end]) for u in reading.unset]
    assert found == [(indicator, year, statement)]
    assert reading.facts == []  # no number, no fact


@pytest.mark.parametrize("text", [
    "某市2024年工作要点\n\n确保不发生重大医疗安全事件，完成年度目标任务。\n",       # a target that is set, without a number
    "某市2023年工作总结\n\n全市未完成年度目标的指标有3项。\n",                      # a result, not a statement of no target
    "某市2024年工作要点\n\n各地不得设定超出能力的指标，严禁层层加码。\n",             # no target of its own is left unset
])
def test_no_unset_target_where_none_is_left_unset(text):
    report = ingest_bytes(text.encode("utf-8"), doc_id="doc")
    assert read_report(ExtractionContext.from_report(report)).unset == []
