"""Numerals as written (Arabic with separators, Chinese such as 一千零五十 or 九十五点二) → float."""
from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}


def parse_number(text: str) -> float | None:
    """Parse one numeral; None when it is not a well-formed number."""
    text = text.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    if text[0].isdigit():
        try:
            return float(text)
        except ValueError:
            return None
    return parse_chinese(text)


def parse_chinese(text: str) -> float | None:
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = parse_chinese(whole) if whole else 0.0
        if head is None or not frac or any(c not in _DIGITS for c in frac):
            return None
        return head + float("0." + "".join(str(_DIGITS[c]) for c in frac))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            # a digit run without units (二〇二三) reads positionally
            digit = _DIGITS[ch] if digit is None else digit * 10 + _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _BIG_UNITS:
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[ch]
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))
