"""Page furniture is removed from the five sample reports (and its pattern family), the body stays."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipelines.ingest import ingest_report
from pipelines.ingest.boilerplate import strip_furniture
from pipelines.ingest.offsets import TrackedText

RAW = Path(__file__).parents[1] / "raw"


@cache
def sample(prefix: str):
    return ingest_report(next(RAW.glob(f"{prefix}_*.txt")))


SAMPLE_CASES = [
    # (sample, furniture that must be gone, body text that must remain)
    ("000",
     ["您的位置", "新文秘网", "发表时间", "目录/提纲", "三是加……", "省略814字", "正式会员可完整阅读",
      "未完,全文共4525字", "当前仅显示2285字", "收藏《", "文章搜索", "相关文章"],
     ["我受区人民政府委托,现向会议报告关于**卫生健康发展三年攻坚行动计划实施情况,请予审议。",
      "完成新增27 张ICU床位及病区布局调",
      "院血透中心建设并通过验收,新增血透床位 24张;",
      "3.6个,新增普惠性托育机构省级1家、市级2家。",
      "医保基金支付给基层的资金总量要达到当年医保筹资总额的30%以上,而目前市对区的医保"]),
    ("001",
     ["找总结网", "总结报告范文 >", "| cwl2", "cwl2", "13527"],
     ["卫计局2020年工作总结和2020年计划",
      "累计建立城乡居民健康档案514441份。",
      "居民人均期望寿命从80.52岁提高到82.45岁。",
      "每周推送卫生计生工作动态和健康知识"]),
    ("002",
     ["当前位置", "法定主动公开内容>", "索引号", "组配分类", "生成日期", "公开方式", "发布日期",
      "访问次数", "字号", "[ ]", "来源:市卫生健康委员会"],
     ["2019年上半年工作总结和下半年工作思路", "舟山市卫生健康委员会",
      "居民健康素养水平达到23.71%。", "年底前重点人群签约服务覆盖率达到65%以上,签约群众满意率达到85%以上。"]),
    ("003",
     ["下面是小编为大家整理的", "供大家参考"],
     ["2023年是贯彻党的二十大精神的开局之年", "力争签约率25%以上。", "每千人口托位数达5.0个。"]),
    ("004",
     ["20201231:", "2022-10-24 10:31:49", "文章导读", "携笔同道", "xiebitongdao", "阅读全文",
      "想阅读完全部图文内容", "赞赏", "打赏", "¥", "分享:", "微信扫一扫", "关于本文", "本文标题",
      "链接地址", "相关内容", "热门推荐", "本周热门", "二维码", "微信订阅号", "联系客服",
      "以习近平新时代中国。"],
     ["2019年浙江省卫生健康工作总结",
      "门诊和病区智慧结算率分别达78.9%71.2%",
      "城市大医院排队平均时间从8.26分钟缩短到2.61分钟",
      "四、政府数字化转型按下快进键"]),
]


@pytest.mark.parametrize("prefix,gone,kept", SAMPLE_CASES, ids=[c[0] for c in SAMPLE_CASES])
def test_sample_furniture_removed_body_kept(prefix, gone, kept):
    clean = sample(prefix).clean_text
    for furniture in gone:
        assert furniture not in clean, furniture
    for body in kept:
        assert body in clean, body


def test_table_of_contents_removed_but_its_headings_stay_in_the_body():
    clean = sample("000").clean_text
    assert clean.count("一、工作情况及成效") == 1
    assert clean.count("1.助力公立医院提档升级") == 1
    assert "1、助力公立医院提档升级" not in clean  # the TOC form


@pytest.mark.parametrize("prefix,truncated", [("000", True), ("001", False), ("002", False), ("003", False), ("004", True)])
def test_truncation_notices_set_truncated(prefix, truncated):
    assert sample(prefix).truncated is truncated


FAMILY_CASES = [
    # (page text, text that must remain, truncated?)
    ("您的位置:范文网>>工作总结>>正文\n2022年卫生院工作总结\n全年门诊量12万人次。", "2022年卫生院工作总结\n全年门诊量12万人次。", False),
    ("当前位置:首页 > 政务公开 > 规划计划\n全年门诊量12万人次。", "全年门诊量12万人次。", False),
    ("首页 > 信息公开 > 工作总结 > 正文\n全年门诊量12万人次。", "全年门诊量12万人次。", False),
    ("全年门诊量12万\n……(文秘网http://www.example.cn省略1200字,正式会员可完整阅读)……\n人次。",
     "全年门诊量12万\n\n人次。", True),  # the gap stays a break: no sentence spans a cut
    ("全年门诊量12万人次 ……(未完,全文共3000字,当前仅显示1500字,请阅读下面提示信息。收藏《某某总结》",
     "全年门诊量12万人次", True),
    ("全年门诊量12万人次。\n阅读全文\n如果喜欢本篇内容,请赞赏鼓励哦!\n¥6.66", "全年门诊量12万人次。", True),
    ("索引号:11330900002/2021-00012\n发文机关:市卫生健康委员会\n成文日期:2021-03-02\n全年门诊量12万人次。",
     "全年门诊量12万人次。", False),
    ("发布时间:2021-03-02 浏览次数:1234\n全年门诊量12万人次。", "全年门诊量12万人次。", False),
    ("全年门诊量12万人次。\n【打印本页】【关闭窗口】", "全年门诊量12万人次。", False),
    ("2021年工作总结 【字体:大 中 小】\n全年门诊量12万人次。", "2021年工作总结\n全年门诊量12万人次。", False),
    ("全年门诊量12万人次。\n上一篇:2020年工作总结\n下一篇:2022年工作计划", "全年门诊量12万人次。", False),
    ("全年门诊量12万人次。\n相关阅读\n2021年工作计划\n2020年工作总结", "全年门诊量12万人次。", False),
    ("以上是小编为大家带来的卫生院工作总结,希望对大家有所帮助。\n全年门诊量12万人次。", "全年门诊量12万人次。", False),
    ("全年门诊量12万人次。\n\n  852  ", "全年门诊量12万人次。", False),
    # body text that merely contains the words stays
    ("相关文章的学习活动共开展12场。", "相关文章的学习活动共开展12场。", False),
    ("新增床位1200张,占总数的15%。", "新增床位1200张,占总数的15%。", False),
]


@pytest.mark.parametrize("page,expected,truncated", FAMILY_CASES)
def test_furniture_family_patterns(page, expected, truncated):
    result = strip_furniture(TrackedText.identity(page))
    assert result.tracked.text == expected
    assert result.truncated is truncated


def test_removed_spans_are_skipped_by_the_offset_map():
    page = "您的位置:范文网>>正文\n全年门诊量12万人次。"
    result = strip_furniture(TrackedText.identity(page))
    start, end = result.tracked.offset_map().to_raw(0, len(result.tracked.text))
    assert page[start:end] == "全年门诊量12万人次。"


def test_whitespace_scans_equal_their_readable_forms_on_fuzzed_text():
    import random
    import re

    from pipelines.ingest.boilerplate import _LINE_EDGE_SPACE, document_edges

    line_edges = re.compile(r"[ \t\u3000\xa0]+$|^[ \t\u3000\xa0]+", re.MULTILINE)
    doc_edges = re.compile(r"\A\s+|\s+\Z")
    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice(" \t\u3000\xa0\x85ab\n") for _ in range(rng.randint(0, 20)))
        assert [m.span() for m in _LINE_EDGE_SPACE.finditer(text)] == [m.span() for m in line_edges.finditer(text)]
        assert document_edges(text) == [m.span() for m in doc_edges.finditer(text)], repr(text)
