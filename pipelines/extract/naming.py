"""Indicator names: cut from the words before (or after) a value, and 分别 lists spread over their items."""
from __future__ import annotations

from pipelines.extract.lexicon import Lexicon

_QUOTES = "“”\"'‘’《》「」"
_DROP_QUOTES = str.maketrans("", "", _QUOTES)
_NOT_NOUN_START = set("的了是为达比较和与及等、,，;；。:：!！?？)）-—~～/")
_MAX_NAME = 24
# Said when no words around a value name it: a fact is never emitted with an empty indicator.
UNNAMED = "未命名指标"


def trim_name(raw: str, lx: Lexicon, max_len: int = _MAX_NAME) -> str:
    """Strip leading filler (scope, time, cue words) and trailing verbs (达到, 为, 从) from a name."""
    name = raw.strip()
    for _ in range(12):
        m = lx.lead_fillers_re.match(name)
        if not m or not m.end():
            break
        name = name[m.end():]
    for _ in range(12):
        m = lx.tail_verbs_re.search(name)
        if not m or m.start() == m.end():
            break
        name = name[: m.start()]
    if len(name) > max_len:
        name = name[-max_len:]
    # a closing bracket whose opening was cut off starts the name after it
    close = name.find(")")
    if close >= 0 and "(" not in name[:close]:
        name = name[close + 1:]
    # an opening bracket whose closing lies beyond the value ends the name before it
    opening = name.rfind("(")
    if opening >= 0 and ")" not in name[opening:]:
        name = name[:opening]
    return name.strip(_QUOTES + " ")


def read_post(post: str, lx: Lexicon) -> str:
    """The noun phrase right after a value (3个|国家临床医学研究中心), or '' when none follows."""
    if post.startswith("的") and len(post) > 2 and not lx.post_stops_re.match(post, 1):
        post = post[1:]  # 60人的区级流调队伍: the noun after 的 is what was counted
    if not post or post[0] in _NOT_NOUN_START or lx.change_re.match(post):
        return ""
    if not ("\u4e00" <= post[0] <= "\u9fff" or post[0] in "“\"(（" or post[0].isalpha()):
        return ""
    m = lx.post_stops_re.search(post)
    name = post[: m.start()] if m else post
    name = name[:20]
    return trim_name(name, lx)


def name_after_de(post: str, lx: Lexicon) -> str:
    """A value followed by a unit tail names the noun after its 的 (20元/月/人的发放标准 → 发放标准)."""
    _, sep, rest = post.partition("的")
    return read_post(rest, lx) if sep else ""


def combine_pre_post(pre_name: str, pre_raw: str, post_name: str, lx: Lexicon) -> str:
    """Name for a value between a verb and its noun: keep the verb (新增), drop other lead-in words."""
    stripped = pre_raw.rstrip()
    if not pre_name or stripped.endswith(("和", "、", "及", "与", "等")) or "等" in pre_name:
        return post_name
    verbs = list(lx.action_verbs_re.finditer(pre_name))
    if verbs:
        return pre_name[verbs[-1].start():] + post_name
    if len(pre_name) <= 4:
        return pre_name + post_name
    return post_name


def change_only(name: str, lx: Lexicon) -> str | None:
    """The change verb when a name says nothing but 'compared with last year, up' (同比增长)."""
    rest = lx.comparison_re.sub("", name)
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
    subject = trim_name(subject, lx, max_len=200)
    parts = [p.translate(_DROP_QUOTES).strip() for p in lx.list_split_re.split(subject)]
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
    while len(names) < count:
        names.append(subject)
    return names[:count] if count <= len(names) else names
