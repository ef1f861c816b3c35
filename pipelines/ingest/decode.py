"""Raw bytes → (text, encoding), or `UnreadableReport` saying why not.

Order of evidence: byte-order marks, binary signatures, UTF-16 without a BOM,
strict UTF-8, an HTML `<meta charset>`, GB18030 when it is the only legacy encoding that
reads the bytes strictly, then charset-normalizer restricted to
the encodings Chinese report sites actually use.  The encoding used is always
returned so nothing is guessed silently.
"""
from __future__ import annotations

import codecs
import re

from pipelines.ingest.model import UnreadableReport

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# file signatures of formats that are not text, with the name used in the reason
_SIGNATURES = (
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"%PDF", "pdf document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2 document (doc/xls)"),
    (b"\x89PNG", "png image"),
    (b"\xff\xd8\xff", "jpeg image"),
    (b"GIF8", "gif image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "rar archive"),
    (b"7z\xbc\xaf", "7z archive"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_RATIO = 0.02
# characters a Chinese report is made of; a detected decoding that yields few of them is a wrong guess
_IMPLAUSIBLE = re.compile(r"[^\u4e00-\u9fff\u3400-\u4dbf\x20-\x7e\s\u3000-\u303f\uff01-\uff5e\u2010-\u2030\u00b7\u2460-\u24ff\u2160-\u217f]")
_MIN_PLAUSIBLE_RATIO = 0.8  # real reports have essentially no C0 controls; more means binary or a wrong decode


def _plausible_share_too_low(text: str) -> bool:
    # counting the few implausible characters is much cheaper than listing the many plausible ones
    return len(text) - len(_IMPLAUSIBLE.findall(text)) < _MIN_PLAUSIBLE_RATIO * len(text)

# charset names as labelled → the codec we decode with and record
_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "big5": "big5", "big5-hkscs": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "big5",
    "utf8": "utf-8", "utf-8": "utf-8", "utf_8": "utf-8",
    "utf_16": "utf-16", "utf-16": "utf-16", "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be",
    "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
}
_CANDIDATES = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be"]


def decode_bytes(data: bytes, *, is_html: bool = False) -> tuple[str, str]:
    """Return (text, encoding) for a report file's bytes."""
    if not data.strip():
        raise UnreadableReport("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data, encoding, "byte-order mark"), encoding)
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise UnreadableReport(f"binary content ({kind})")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise UnreadableReport("binary content (NUL bytes)")
        return _checked(*utf16)
    # valid UTF-8 is almost never an accident, while GBK-labelled pages are often re-saved as UTF-8
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if is_html:
        match = _META_CHARSET.search(data[:4096])
        if match:
            label = match.group(1).decode("ascii").lower()
            encoding = _ALIASES.get(label, label)
            try:
                return _checked(data.decode(encoding), encoding)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown label: fall through to detection
    by_elimination = _gb18030_by_elimination(data)
    if by_elimination is not None:
        return _checked(*_plausible(by_elimination, "gb18030"))
    return _checked(*_detect(data))


def _strict(data: bytes, encoding: str, why: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableReport(f"cannot decode: {why} says {encoding} but byte {error.start} is invalid") from None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    # ASCII in UTF-16 puts the NUL on the odd (LE) or even (BE) byte
    if len(data) % 2:
        return None
    odd_nuls = data[1::2].count(0)
    even_nuls = data[0::2].count(0)
    encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    if max(odd_nuls, even_nuls) < 4 * min(odd_nuls, even_nuls) + 1:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if _plausible_share_too_low(text):
        return None
    return text, encoding


def _gb18030_by_elimination(data: bytes) -> str | None:
    """The text when the bytes read strictly as GB18030 but not as Big5-HKSCS (nor, checked before, UTF-8):
    the only candidate left, so the statistical detector (milliseconds per report) has nothing to weigh.
    Big5 text is also valid GB18030, so a file that reads both ways still goes to the detector."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    try:
        data.decode("big5hkscs")
    except UnicodeDecodeError:
        return text
    return None


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise UnreadableReport("cannot decode: not valid UTF-8, GB18030, Big5 or UTF-16")
    encoding = _ALIASES.get(best.encoding.lower(), best.encoding.lower().replace("_", "-"))
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        # Big5 pages often carry HKSCS characters
        encoding = "big5hkscs" if encoding == "big5" else best.encoding.lower().replace("_", "-")
        text = str(best)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return _plausible(text, encoding)


def _plausible(text: str, encoding: str) -> tuple[str, str]:
    if _plausible_share_too_low(text):
        raise UnreadableReport(f"cannot decode: best guess {encoding} gives implausible text") from None
    return text, encoding


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if not text.strip():
        raise UnreadableReport("empty file")
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise UnreadableReport(f"binary content ({controls} control characters after decoding as {encoding})")
    return text, encoding
