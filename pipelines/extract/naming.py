"""Indicator names: cut from the words before (or after) a value, and 分别 lists spread over their items."""
from __future__ import annotations

import re

from pipelines.extract.lexicon import Lexicon

_QUOTES = "“”\"'‘’《》「」"
_QUOTE_RE = re.compile(f"[{_QUOTES}]")
_NOT_NOUN_START = set("的了是为达比较和与及等、,，;；。:：!！?？)）-—~～/")
_MAX_NAME = 24
_MAX_POST = 32  # a noun read after its value is kept whole (…增设远程放射诊断服务), never cut mid-word
_TAIL_WINDOW = 12  # longer than any tail verb in naming.json
# Said when no words around a value name it: a fact is never emitted with an empty indicator.
UNNAMED = "未命名指标"


def trim_name(raw: str, lx: Lexicon, max_len: int = _MAX_NAME, keep_quotes: bool = False) -> str:
    """Strip leading filler (scope, time, cue words) and trailing verbs (达到, 为, 从) from a name."""
    name = strip_lead_fillers(raw.strip(), lx)
    for _ in range(12):
        # tail verbs are short: searching only the end keeps an end-anchored regex from trying every position
        m = lx.tail_verbs_re.search(name, max(0, len(name) - _TAIL_WINDOW))
        if not m or m.start() == m.end():
            break
        name = name[: m.start()]
    if len(name) > max_len:
        name = name[-max_len:]
    # the measured noun follows any date or period inside the name
    if "月" in name or "年" in name:
        last = None
        for last in lx.time_expression_re.finditer(name):
            pass
        if last is not None and len(name) - last.end() >= 2:
            name = name[last.end():]
    # a closing bracket whose opening was cut off starts the name after it
    close = name.find(")")
    if close >= 0 and "(" not in name[:close]:
        name = name[close + 1:]
    # an opening bracket whose closing lies beyond the value ends the name before it
    opening = name.rfind("(")
    if opening >= 0 and ")" not in name[opening:]:
        name = name[:opening]
    if keep_quotes:  # a 分别 subject is split on its quotes (“医后付”“刷脸就医”) first
        return name.strip(_QUOTES + " ")
    # quotes mark a programme's name inside the indicator; half of a pair is often cut off
    return _drop_quotes(name).strip()


def strip_lead_fillers(name: str, lx: Lexicon) -> str:
    """Scope, time and cue words off the front of a name (全省, 今年, 力争), the rest left whole."""
    for _ in range(12):
        m = lx.lead_fillers_re.match(name)
        if not m or not m.end():
            break
        name = name[m.end():]
    return name


def _drop_quotes(name: str) -> str:
    # str.translate looks up every character; most names hold no quote at all
    return _QUOTE_RE.sub("", name) if _QUOTE_RE.search(name) else name


def list_head(name: str, lx: Lexicon) -> str:
    """'控盐勺、控油壶等健康支持性工具' is named by its head, the words after 等; a verb before the
    list stays (为乡镇卫生院配备DR、彩超等设备 → 配备设备)."""
    first = name.find("、")
    if first < 0:
        return name
    m = lx.list_head_re.search(name, first)
    if not m:
        return name
    verbs = list(lx.action_verbs_re.finditer(name, 0, first))
    return (name[verbs[-1].start(): verbs[-1].end()] if verbs else "") + name[m.end():]


def read_post(post: str, lx: Lexicon) -> str:
    """The noun phrase right after a value (3个|国家临床医学研究中心), or '' when none follows."""
    if lx.generic_after_re.match(post):
        return ""  # 但未达到45%的年度目标: the target word after a value is not what it measures
    if post.startswith("的") and len(post) > 2 and not lx.post_stops_re.match(post, 1):
        post = post[1:]  # 60人的区级流调队伍: the noun after 的 is what was counted
    if not post or post[0] in _NOT_NOUN_START or lx.change_re.match(post):
        return ""
    # a bracket right after a value is a remark on it (2300人(含九华), 7758人(12159人)), not its noun
    if not ("\u4e00" <= post[0] <= "\u9fff" or post[0] in "“\"" or post[0].isalpha()):
        return ""
    m = lx.post_stops_re.search(post)
    name = post[: m.start()] if m else post
    if len(name) > _MAX_POST:
        return ""  # no stop word within reach: a run-on phrase, not the noun the value counts
    return trim_name(name, lx, max_len=_MAX_POST)


def name_after_de(post: str, lx: Lexicon) -> str:
    """A value followed by a unit tail names the noun after its 的 (20元/月/人的发放标准 → 发放标准)."""
    _, sep, rest = post.partition("的")
    return read_post(rest, lx) if sep else ""


def combine_pre_post(pre_name: str, pre_raw: str, post_name: str, lx: Lexicon) -> str:
    """Name for a value between a verb and its noun: keep the verb (新增), drop other lead-in words."""
    stripped = pre_raw.rstrip()
    if not pre_name or stripped.endswith(("和", "、", "及", "与", "等")) or "等" in pre_name:
        return post_name
    if lx.generic_head_re.fullmatch(post_name):
        return pre_name + post_name  # 签约服务费按每人每年10元|标准 → 签约服务费标准
    verbs = list(lx.action_verbs_re.finditer(pre_name))
    if verbs:
        return pre_name[verbs[-1].start():] + post_name
    if len(pre_name) <= 4:
        return pre_name + post_name
    return post_name


def relevel(previous: str, level: str, lx: Lexicon) -> str:
    """A bare administrative level (市级) names the previous item at that level (省级示范卫生院 → 市级示范卫生院)."""
    last = None
    for last in lx.level_re.finditer(previous):
        pass
    if last is None or len(previous) <= len(last.group(0)):
        return inherit(level, previous)
    return previous[: last.start()] + level + previous[last.end():]


def change_only(name: str, lx: Lexicon) -> str | None:
    """The change verb when a name says nothing but 'compared with last year, up' (同比增长)."""
    rest = lx.comparison_re.sub("", name).removesuffix("了")
    return rest if rest and rest in lx.change_kind else None


def inherit(name: str, previous: str | None) -> str:
    """A list item such as 、市级2家 takes its head from the item before it (省级1家)."""
    if not previous:
        return name
    if not name:
        return previous
    if len(name) <= 3 and len(previous) > len(name):
        if previous[-1] == name[-1]:
            return previous[: -len(name)] + name
        return previous + name
    return name


def respectively_names(subject: str, count: int, lx: Lexicon) -> list[str]:
    """Names for the `count` values of 'A、B和C的比例分别达x、y、z' (head shared by the items)."""
    subject = trim_name(subject, lx, max_len=200, keep_quotes=True)
    parts = [_drop_quotes(p).strip() for p in lx.list_split_re.split(subject)]
    items = [p for p in parts if p]
    if len(items) < 2:
        return [subject] * count
    last = items[-1]
    if "的" in last:
        core, _, head = last.rpartition("的")
    else:
        width = round(sum(len(i) for i in items[:-1]) / (len(items) - 1))
        core, head = last, (last[width:] if len(last) > width + 1 else "")
    names = [i if head and i.endswith(head) else i + head for i in items[:-1]]
    names.append(core + head if core != last else last)
    names = _share_subject(names, lx)
    while len(names) < count:
        names.append(subject)
    return names[:count] if count <= len(names) else names


def _share_subject(names: list[str], lx: Lexicon) -> list[str]:
    """'严重精神障碍患者规范管理率、服药率': the later rates belong to the first item's subject too."""
    m = None
    for m in lx.subject_noun_re.finditer(names[0]):
        pass
    if m is None or not lx.generic_head_re.search(names[0]):
        return names
    prefix = names[0][: m.end()]
    out = [names[0]]
    for name in names[1:]:
        bare = lx.generic_head_re.search(name) and not lx.subject_noun_re.search(name) and len(name) < len(names[0])
        out.append(prefix + name if bare else name)
    return out
