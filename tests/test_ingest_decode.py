"""Decoding: every supported file format yields the same report text, with the encoding recorded;
unreadable inputs raise UnreadableReport with a one-line reason."""
from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from pipelines.ingest import UnreadableReport, ingest_report
from pipelines.ingest.decode import decode_bytes

SIMPLIFIED = "2019年上半年工作总结\n一、上半年工作总结\n全市签约率达到31.57%,累计筛查新生儿502例。\n"
TRADITIONAL = "衛計局2020年工作總結\n一、2020年衛計工作總結\n全區舉辦了219場次城鄉居民健康教育講座。\n"

FORMATS = [
    # (file name, bytes, expected encoding, expected clean fragment)
    ("utf8.txt", SIMPLIFIED.encode("utf-8"), "utf-8", "全市签约率达到31.57%"),
    ("utf8bom.txt", codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig", "全市签约率达到31.57%"),
    ("gb.txt", SIMPLIFIED.encode("gb18030"), "gb18030", "累计筛查新生儿502例"),
    ("big5.txt", TRADITIONAL.encode("big5"), "big5", "全区举办了219场次城乡居民健康教育讲座"),
    ("utf16.txt", SIMPLIFIED.encode("utf-16"), "utf-16", "全市签约率达到31.57%"),
    ("utf16le_nobom.txt", SIMPLIFIED.encode("utf-16-le"), "utf-16-le", "累计筛查新生儿502例"),
    ("crlf.txt", SIMPLIFIED.replace("\n", "\r\n").encode("utf-8"), "utf-8", "一、上半年工作总结\n全市"),
]


@pytest.mark.parametrize("name,data,encoding,fragment", FORMATS, ids=[f[0] for f in FORMATS])
def test_each_text_format_decodes_and_records_its_encoding(tmp_path, name, data, encoding, fragment):
    path = tmp_path / name
    path.write_bytes(data)
    report = ingest_report(path)
    assert report.encoding == encoding
    assert fragment in report.clean_text
    assert report.doc_id == path.stem
    assert report.byte_size == len(data)
    assert "\ufeff" not in report.raw_text


def test_gbk_html_page_uses_meta_charset_and_keeps_only_visible_text(tmp_path):
    page = (
        '<html><head><meta charset="gbk"><title>2021年杭州市卫生健康工作总结_杭州市卫生健康委员会</title>'
        "<style>p{color:red}</style><script>var note = '脚本里的字';</script></head><body>"
        "<header>网站首页</header><nav>首页 &gt; 工作总结</nav>"
        "<div><h1>2021年杭州市卫生健康工作总结</h1><p>一、主要工作成效</p>"
        "<p>全市家庭医生签约率达到&nbsp;45.6%,新增床位1200张。</p></div>"
        "<aside>热门文章</aside><footer>版权所有</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    report = ingest_report(path)
    assert report.encoding == "gb18030"
    assert "全市家庭医生签约率达到 45.6%,新增床位1200张。" in report.clean_text
    for hidden in ("脚本里的字", "color", "网站首页", "首页", "热门文章", "版权所有", "<p>"):
        assert hidden not in report.clean_text
    assert report.raw_text.startswith("<html>")  # offsets refer to the decoded HTML source
    assert report.title == "2021年杭州市卫生健康工作总结"


UNREADABLE = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \r\n\n ", "empty file"),
    ("renamed_zip.txt", None, "binary content (zip archive)"),
    ("pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary content (pdf document)"),
    ("nul.txt", b"\x00\x01\x02\x03\x00\xff\xfe\x00" * 50 + b"\x00", "binary content (NUL bytes)"),
    ("controls.txt", bytes(range(1, 9)) * 40, "binary content"),
    ("only_furniture.txt", "您的位置:范文网>>工作总结>>正文\n相关文章\n".encode(), "no report text"),
]


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.txt", SIMPLIFIED)
    return buffer.getvalue()


@pytest.mark.parametrize("name,data,reason", UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_unreadable_inputs_say_why(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(_zip_bytes() if data is None else data)
    with pytest.raises(UnreadableReport) as caught:
        ingest_report(path)
    assert caught.value.reason.startswith(reason)
    assert "\n" not in caught.value.reason


def test_undecodable_bytes_are_refused_not_guessed():
    # invalid UTF-8 that is no legal GB18030/Big5 sequence either (lone 0x80 / 0xFF bytes)
    with pytest.raises(UnreadableReport) as caught:
        decode_bytes(b"\x80\xff\x80\xff" * 40)
    assert caught.value.reason.startswith(("cannot decode", "binary content"))


def test_wrong_bom_is_reported_not_ignored():
    with pytest.raises(UnreadableReport, match="cannot decode"):
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd abc")


def test_gb18030_by_elimination_agrees_with_the_detector(monkeypatch):
    """GBK bytes that Big5 cannot read skip the detector, and get the answer the detector gives them."""
    from pipelines.ingest import decode

    for text in (SIMPLIFIED, SIMPLIFIED * 40):
        data = text.encode("gb18030")
        assert decode._gb18030_by_elimination(data) == text
        assert decode._detect(data) == (text, "gb18030")
    calls = []
    monkeypatch.setattr(decode, "_detect", lambda data: calls.append(data) or (data.decode("big5"), "big5"))
    assert decode_bytes(SIMPLIFIED.encode("gb18030")) == (SIMPLIFIED, "gb18030")
    assert calls == []
    # Big5 bytes also read as GB18030, and so do some GBK lines: the choice stays with the detector
    assert decode._gb18030_by_elimination(TRADITIONAL.encode("big5")) is None
    assert decode._gb18030_by_elimination("卫生健康委员会关于印发2024年工作要点的通知\n".encode("gb18030")) is None
    assert decode_bytes(TRADITIONAL.encode("big5")) == (TRADITIONAL, "big5")
    assert len(calls) == 1
