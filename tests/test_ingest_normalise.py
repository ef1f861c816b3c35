"""Character normalisation: width folding, traditional→simplified, pinyin-mojibake repair,
corruption flagging — each keeping the offset map exact."""
from __future__ import annotations

import pytest

from pipelines.ingest.normalise import (
    corrupted_spans,
    normalise,
    normalise_fragment,
    repair_pinyin,
    to_simplified,
)
from pipelines.ingest.offsets import TrackedText

WIDTH_CASES = [
    ("签约率达到３１．５７％", "签约率达到31.57%"),
    ("投入５００万元，其中（省级）２００万元", "投入500万元,其中(省级)200万元"),
    ("时间：２０２３年", "时间:2023年"),
    ("ＩＣＵ床位２７张", "ICU床位27张"),
    ("编号一〇二", "编号一〇二"),                          # 〇 outside a year is a Chinese numeral, kept
    ("一、总体要求。", "一、总体要求。"),                # Chinese sentence punctuation kept
]


@pytest.mark.parametrize("raw,expected", WIDTH_CASES)
def test_full_width_folds_to_half_width(raw, expected):
    assert normalise_fragment(raw) == expected


T2S_CASES = [
    ("衛計局2020年工作總結", "卫计局2020年工作总结"),
    ("全區舉辦了219場次城鄉居民健康教育講座", "全区举办了219场次城乡居民健康教育讲座"),
    ("居民人均期望壽命從80.52歲提高到82.45歲", "居民人均期望寿命从80.52岁提高到82.45岁"),
    ("產後訪視率為92%", "产后访视率为92%"),
]


@pytest.mark.parametrize("raw,expected", T2S_CASES)
def test_traditional_becomes_simplified_one_to_one(raw, expected):
    assert to_simplified(raw) == expected
    assert len(to_simplified(raw)) == len(raw)


PINYIN_CASES = [
    # (raw, repaired, repairs)
    ("衛(wèi)生", "卫生", 1),
    ("總結(jié)", "总结", 1),
    ("計(jì)劃", "计划", 1),
    ("找總結(jié)網(wǎng) > 總結(jié)報(bào)告范文", "找总结网 > 总结报告范文", 4),
    ("健康A(chǔ)PP推廣", "健康APP推广", 1),
    ("綠(lǜ)色通道", "绿色通道", 1),
    ("轉(zhuǎn)診", "转诊", 1),
    # must NOT be repaired: real parentheses
    ("共有特扶對象1057人(含九華)", "共有特扶对象1057人(含九华)", 0),
    ("(2020年1-10月的數(shù)據(jù)。)", "(2020年1-10月的数据。)", 2),
    ("管理18133人(52402),管理率34.6%", "管理18133人(52402),管理率34.6%", 0),
    ("人感染H7N9(h7n9)禽流感", "人感染H7N9(h7n9)禽流感", 0),       # no tone mark: not pinyin
    ("附件(a)说明", "附件(a)说明", 0),
    ("(一)卫生工作长足进步", "(一)卫生工作长足进步", 0),
]


@pytest.mark.parametrize("raw,expected,repairs", PINYIN_CASES)
def test_pinyin_annotation_mojibake_is_repaired_only_when_plausible(raw, expected, repairs):
    tracked, count = normalise(TrackedText.identity(raw))
    assert tracked.text == expected
    assert count == repairs


def test_pinyin_repair_removes_spans_from_the_offset_map():
    raw = "總結(jié)網(wǎng)"
    tracked, count = repair_pinyin(TrackedText.identity(raw))
    assert (tracked.text, count) == ("總結網", 2)
    # 網 now sits at clean offset 2 and came from raw offset 7
    assert tracked.positions.tolist() == [0, 1, 7]
    assert tracked.offset_map().to_raw(2, 3) == (7, 8)


CORRUPTION_CASES = [
    # (normalised text, corrupted substrings expected)
    ("促进了我区卫计事业长足发展?,F将2020年工作总结", ["?,F"]),
    ("补助经费下?lián)苤苯优c考核结果挂钩", ["?lián)", "c"]),
    ("糖尿病??啤⒛[瘤科", ["??啤"]),
    ("全区目前总?cè)丝跀?数为619835人", ["?cè)", "?数"]),
    ("乱码\ufffd\ufffd文字", ["\ufffd\ufffd"]),
    ("你知道吗?\n我们知道。", []),          # a real question mark ends a line
    ("人感染H7N9禽流感", []),               # Latin inside Han text that is not debris
    ("健康APP推广", []),
]


@pytest.mark.parametrize("text,expected", CORRUPTION_CASES)
def test_corrupted_spans_are_flagged_not_rewritten(text, expected):
    assert [text[a:b] for a, b in corrupted_spans(text)] == expected


def test_newlines_normalised_with_offsets():
    tracked, _ = normalise(TrackedText.identity("一、总结\r\n二、计划\r三、附件"))
    assert tracked.text == "一、总结\n二、计划\n三、附件"
    assert tracked.offset_map().to_raw(5, 10) == (6, 11)


def test_fast_corruption_scan_matches_its_readable_spec():
    import importlib
    import random
    import re

    normalise_module = importlib.import_module("pipelines.ingest.normalise")
    spec = re.compile(normalise_module.CORRUPTION_SPEC)
    rng = random.Random(20261130)
    alphabet = "ab?\ufffd中文Z,)①xé "
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
        assert [m.span() for m in normalise_module.CORRUPTION.finditer(text)] == [m.span() for m in spec.finditer(text)], text


def test_pinyin_annotation_needs_a_visible_character_before_it():
    import importlib

    normalise_module = importlib.import_module("pipelines.ingest.normalise")
    assert normalise_module.PINYIN_ANNOTATION.search("總結(jié)")
    assert normalise_module.PINYIN_ANNOTATION.search(" (jié)") is None
    assert normalise_module.PINYIN_ANNOTATION.search("(jié)") is None


CHINESE_YEARS = [
    ("二〇二三年工作要点", "2023年工作要点"),
    ("二零二二年全市", "2022年全市"),
    ("一九九八年", "1998年"),
    ("二〇二三年一月十日", "2023年一月十日"),   # only the year: month and day stay as written
    ("落款二〇二二", "落款2022"),               # a year without 年 (a date line)
    ("十二〇二二年", "十二〇二二年"),             # touching another numeral: not a year
    ("一二三四五", "一二三四五"),
    ("两千零二十二年", "两千零二十二年"),          # a counted numeral, not written digit by digit
]


@pytest.mark.parametrize("raw,expected", CHINESE_YEARS)
def test_chinese_numeral_years_fold_one_for_one(raw, expected):
    tracked, _ = normalise(TrackedText.identity(raw))
    assert tracked.text == expected
    assert len(tracked.text) == len(raw)  # 1:1, so every offset still maps back to what was written
