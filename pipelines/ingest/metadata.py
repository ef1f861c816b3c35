"""Report metadata from cue words: title, issuer, region, level, kind, year(s), publication date.

Rules read the page before furniture removal (`page_text`, where 发布日期 /
来源 lines still are) and the cleaned body (`clean_text`).  Cue words live in
`pipelines/lexicons/report_metadata.json`.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

LEXICON = json.loads(
    (Path(__file__).resolve().parents[1] / "lexicons" / "report_metadata.json").read_text(encoding="utf-8")
)

_HAN = r"\u4e00-\u9fff"
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*(?:-{1,2}|—{1,2}|~|至|到)\s*((?:19|20)\d{2})\s*年")
_BOOK_TITLE = re.compile(r"《([^》\n]{2,80})》")
_SENTENCE_PUNCT = re.compile(r"[。;;!?！？]")
_HEADING_START = re.compile(rf"^\s*(?:[一二三四五六七八九十]+[、.]|[((][一二三四五六七八九十\d]+[))]|\d+[.、](?!\d))")
_TITLE_CUE = re.compile("|".join(map(re.escape, LEXICON["title_cues"])))
_TITLE_PREFIXES = [re.compile(p) for p in LEXICON["title_prefix_patterns"]]
_TITLE_SUFFIXES = [re.compile(p) for p in LEXICON["title_suffix_patterns"]]
_EDITOR_TITLE = re.compile(LEXICON["editor_intro_title"])
_KINDS = [(kind, re.compile(pattern)) for kind, pattern in LEXICON["report_kinds"]]
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
_DATE_LABELLED = [re.compile(rf"{label}\s*[::]?\s*{_DATE}") for label in LEXICON["date_labels"]]
_ORG_SUFFIX = "|".join(map(re.escape, sorted(LEXICON["org_suffixes"], key=len, reverse=True)))
_ORG_AT_START = re.compile(rf"^([{_HAN}]{{0,10}}?(?:{_ORG_SUFFIX}))")
_ORG_LINE = re.compile(rf"^([{_HAN}]{{0,12}}(?:{_ORG_SUFFIX}))$")
_ISSUER_LABELLED = [
    re.compile(rf"{label}\s*[::]?\s*([{_HAN}]{{0,14}}(?:{_ORG_SUFFIX}))") for label in LEXICON["issuer_labels"]
]
_REGION_SUFFIXES = sorted(LEXICON["region_suffix_levels"], key=lambda pair: len(pair[0]), reverse=True)
_REGION_SUFFIX = "|".join(re.escape(suffix) for suffix, _ in _REGION_SUFFIXES)
# a named region opening an organisation name or a title: 舟山市卫生健康委员会, 浙江省卫生健康工作总结
# (a plan period or a year may stand between: 湖南省“十四五”卫生健康发展规划, 淳安县2023年卫生健康工作总结)
_NAMED_REGION = re.compile(
    rf"^([{_HAN}]{{2,7}}?(?:{_REGION_SUFFIX}))"
    r"(?=(?:[“\"]?(?:十[一二三四五]五|(?:19|20)\d{2}年度?)[”\"]?)?(?:卫生|卫健|卫计|人民政府|政府|人大|委员会))"
)
_ANONYMISED_REGION = re.compile(LEXICON["anonymised_region"])
_SELF_REFERENCE = {level: re.compile("|".join(words)) for level, words in LEXICON["self_reference"].items()}
_YEARS = LEXICON["years"]
_OPENING_YEAR = re.compile(_YEARS["opening_year_line"])
_AS_OF_LINE = re.compile(_YEARS["as_of_line"])
_FIVE_YEAR_PLAN = re.compile(
    "(" + "|".join(map(re.escape, _YEARS["five_year_plans"])) + ")(?!" + _YEARS["five_year_plan_not_followed_by"] + ")"
)
_PRESENT_CUE = re.compile("|".join(map(re.escape, _YEARS["present_cues"])))
_REFERENCE_YEARS = [re.compile(p) for p in _YEARS["reference_year_patterns"]]
_TARGET_YEARS = [re.compile(p, re.M) for p in _YEARS["target_year_patterns"]]
_PLAN_KINDS = frozenset(_YEARS["plan_kinds"])
_SUMMARY_KINDS = frozenset(_YEARS["summary_kinds"])
_UNLABELLED_DATE = re.compile(LEXICON["unlabelled_date_line"])
_CATEGORY_LABEL = re.compile(
    "(?:" + "|".join(map(re.escape, LEXICON["title_cues"])) + "|" + LEXICON["category_label_filler"] + ")+"
)


NATIONAL_REGION = "全国"
_NATIONAL_CONGRESS = re.compile(LEXICON["national_congress"])


@dataclass(frozen=True)
class ReportMetadata:
    title: str | None
    issuer: str | None
    region: str | None
    region_anonymised: bool
    admin_level: str | None
    report_kind: str | None
    year: int | None
    years: tuple[int, ...]
    published_on: dt.date | None


def extract_metadata(page_text: str, clean_text: str, html_title: str | None = None) -> ReportMetadata:
    title = find_title(page_text, clean_text, html_title)
    published_on = find_published_on(page_text)
    region, anonymised = find_region(page_text, clean_text, title)
    raw_issuer = find_issuer(page_text, clean_text, title)
    issuer = normalise_issuer(raw_issuer, region if not anonymised else None)
    level = admin_level(region, issuer, clean_text, anonymised)
    if region is None and issuer is None and _NATIONAL_CONGRESS.search(clean_text[:300]):
        issuer, level = "国务院", "national"  # 政府工作报告 —— 在第十四届全国人民代表大会…上
    if region is None and level == "national":
        region = NATIONAL_REGION  # 国务院, 国家卫生健康委: the whole country
    kind = report_kind(title, clean_text)
    year, years = find_years(title, clean_text, published_on, kind)
    return ReportMetadata(title, issuer, region, anonymised, level, kind, year, years, published_on)


def clean_title(line: str) -> str:
    title = line.strip()
    for pattern in _TITLE_PREFIXES:
        title = pattern.sub("", title).strip()
    for pattern in _TITLE_SUFFIXES:
        title = pattern.sub("", title).strip()
    return title


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return (
        4 <= len(line) <= 60
        and not _SENTENCE_PUNCT.search(line)
        and not _HEADING_START.match(line)
        and _TITLE_CUE.search(line) is not None
        and not _is_category_label(line)
    )


def _is_category_label(line: str) -> bool:
    """计划总结, 规划计划: a site's section label made only of title cues, not a report's title."""
    return _CATEGORY_LABEL.fullmatch(line) is not None and len(_TITLE_CUE.findall(line)) >= 2


def find_title(page_text: str, clean_text: str, html_title: str | None = None) -> str | None:
    for line in clean_text.split("\n")[:12]:
        if _HEADING_START.match(line):
            break  # the body has started
        if _looks_like_title(clean_title(line)):
            return clean_title(line)
    editor = _EDITOR_TITLE.search(page_text[:2000])
    if editor:
        return clean_title(editor.group("title"))
    if html_title and _looks_like_title(clean_title(html_title)):
        return clean_title(html_title)
    return None


def find_published_on(page_text: str) -> dt.date | None:
    head = page_text[:3000]  # publication stamps sit in the page header
    for pattern in _DATE_LABELLED:
        match = pattern.search(head)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    # a news dateline: a bare numeric date (and time) opening one of the first lines
    for line in head.split("\n")[:15]:
        match = _UNLABELLED_DATE.match(line)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def find_issuer(page_text: str, clean_text: str, title: str | None) -> str | None:
    # a signature line under the title names the issuer in full: 舟山市卫生健康委员会
    for line in clean_text.split("\n")[:12]:
        match = _ORG_LINE.match(line.strip())
        if match:
            return match.group(1)
    for pattern in _ISSUER_LABELLED:
        match = pattern.search(page_text[:3000])
        if match:
            return match.group(1)
    if title:
        match = _ORG_AT_START.match(title)
        if match:
            return match.group(1)
    return None


def normalise_issuer(issuer: str | None, named_region: str | None) -> str | None:
    """Full name when the region is known: 省卫生健康委 + 浙江省 → 浙江省卫生健康委员会."""
    if not issuer or not named_region:
        return issuer
    for short, full in sorted(LEXICON["issuer_expansions"].items(), key=lambda kv: len(kv[0]), reverse=True):
        if issuer.endswith(short) and not issuer.endswith(full):
            issuer = issuer[: -len(short)] + full
            break
    level_char = named_region[-1]
    if issuer.startswith(level_char):
        issuer = named_region + issuer[1:]
    return issuer


_YEAR_PREFIX = re.compile(r"^\s*(?:(?:19|20)\d{6}[::])?\s*(?:(?:19|20)\d{2}\s*年度?)?\s*(?:上半年|下半年)?\s*")


def _strip_year_prefix(fragment: str) -> str:
    return _YEAR_PREFIX.sub("", fragment)


def _named_region_in(fragment: str) -> str | None:
    match = _NAMED_REGION.match(_strip_year_prefix(fragment).strip())
    return match.group(1) if match else None


def find_region(page_text: str, clean_text: str, title: str | None) -> tuple[str | None, bool]:
    """(region as written, anonymised?)."""
    fragments: list[str] = []
    for pattern in _ISSUER_LABELLED:
        fragments += [m.group(1) for m in pattern.finditer(page_text[:3000])]
    fragments += [line.strip() for line in clean_text.split("\n")[:12] if _ORG_LINE.match(line.strip())]
    if title:
        fragments.append(title)
    for line in page_text[:1500].split("\n"):
        if ">" in line or "›" in line or "»" in line:  # breadcrumb steps: 舟山市卫生健康委员会> 法定主动公开内容> …
            fragments += re.split(r">+|›|»|[::]", line)
    for fragment in fragments:
        region = _named_region_in(fragment)
        if region:
            return region, False
    for fragment in fragments:  # "XX县卫生健康局2021年工作总结": an anonymised region in the title or issuer
        match = _ANONYMISED_REGION.match(_strip_year_prefix(fragment))
        if match:
            return match.group(), True
    level = _self_reference_level(clean_text)
    anonymised = Counter(m.group() for m in _ANONYMISED_REGION.finditer(clean_text))
    if level and anonymised:
        suffix = {"province": "省", "city": "市", "district": "区", "county": "县"}[level]
        same_level = [(count, form) for form, count in anonymised.items() if form.endswith(suffix)]
        if same_level:
            return max(same_level)[1], True
    return None, False


def _self_reference_level(clean_text: str) -> str | None:
    counts = {level: len(pattern.findall(clean_text)) for level, pattern in _SELF_REFERENCE.items()}
    level, count = max(counts.items(), key=lambda item: item[1])
    return level if count else None


def admin_level(region: str | None, issuer: str | None, clean_text: str, anonymised: bool) -> str | None:
    if issuer and any(issuer.startswith(name) for name in LEXICON["national_issuers"]):
        return "national"
    if region:
        if region in LEXICON["province_level_cities"]:
            return "province"
        for suffix, level in _REGION_SUFFIXES:
            if region.endswith(suffix):
                return level
    if issuer:
        for suffix, level in _REGION_SUFFIXES:
            if issuer.startswith(suffix):  # 市卫健委 → city
                return level
    return _self_reference_level(clean_text) if anonymised or region is None else None


def report_kind(title: str | None, clean_text: str) -> str | None:
    for text in (title or "", clean_text[:200]):
        for kind, pattern in _KINDS:
            if text and pattern.search(text):
                return kind
    return None


def find_years(
    title: str | None, clean_text: str, published_on: dt.date | None, kind: str | None = None
) -> tuple[int | None, tuple[int, ...]]:
    """(main year covered, every year the report covers).

    Evidence of the period covered comes first (title, opening line), then the publication date for
    present-tense reports, then the years the body reports on, and the publication date as a last resort.
    Rule order and cue words: `years` in report_metadata.json.
    """
    if kind is None:
        kind = report_kind(title, clean_text)
    year = _title_year(title, kind) if title else None
    if year is None:
        year = _opening_year(_OPENING_YEAR, clean_text)  # 2023年是…, 2022年,全市…
    if year is None and published_on and _PRESENT_CUE.search(clean_text):
        if kind not in _SUMMARY_KINDS or published_on.month > _YEARS["summary_published_by_month_covers_previous_year"]:
            year = published_on.year  # 今年以来 / 目前: the time of publication
    if year is None:
        year = _opening_year(_AS_OF_LINE, clean_text)  # 截至2021年3月底,…
    if year is None:
        year = _body_year(clean_text, published_on, kind)
    if year is None and published_on:
        year = _publication_year(published_on, kind)
    years = {year} if year else set()
    for start, end in _covered_ranges(title, clean_text, kind):
        years.update(range(start, end + 1))
    if title and kind == "summary_and_plan" and year:
        # 2022年工作总结和2023年工作要点: the plan part's year is covered too
        years.update(y for y in map(int, _YEAR.findall(title)) if year < y <= year + 1)
    return year, tuple(sorted(years))


def _title_year(title: str, kind: str | None) -> int | None:
    span = _YEAR_RANGE.search(title)
    if span:
        return int(span.group(2))  # a multi-year plan: its horizon, the year its targets fall due
    match = _YEAR.search(title)
    if match:
        return int(match.group(1))  # 2022年工作总结和2023年工作要点: the first year named is the one reported on
    plan = _FIVE_YEAR_PLAN.search(title)
    if plan and kind in _PLAN_KINDS:
        return _YEARS["five_year_plans"][plan.group(1)][1]  # “十四五”规划 → 2025
    return None


def _opening_year(pattern: re.Pattern, clean_text: str) -> int | None:
    for line in clean_text.split("\n")[:12]:
        match = pattern.match(line)
        if match:
            return int(match.group(1))
    return None


def _year_starts(patterns: list[re.Pattern], text: str) -> set[int]:
    return {m.start(1) for pattern in patterns for m in pattern.finditer(text)}


def _body_year(clean_text: str, published_on: dt.date | None, kind: str | None) -> int | None:
    """The year the body reports on most often; 比2020年, 从2020年的, (2022年:…) and 2020年以来 are references."""
    references = _year_starts(_REFERENCE_YEARS, clean_text)
    targets = set() if kind in _PLAN_KINDS else _year_starts(_TARGET_YEARS, clean_text)
    found = [(m.start(1), int(m.group(1))) for m in _YEAR.finditer(clean_text) if m.start(1) not in references]
    # 到2025年 outside a plan is a goal, not the year reported on, unless the text names no other year
    counts = Counter(y for at, y in found if at not in targets) or Counter(y for _, y in found)
    if published_on:
        counts = Counter({y: c for y, c in counts.items() if y <= published_on.year})
    if not counts:
        return None
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _publication_year(published_on: dt.date, kind: str | None) -> int:
    # an annual summary published early in year N reports on N-1; a plan or work points published in N covers N
    if kind in _SUMMARY_KINDS and published_on.month <= _YEARS["summary_published_by_month_covers_previous_year"]:
        return published_on.year - 1
    return published_on.year


def _covered_ranges(title: str | None, clean_text: str, kind: str | None = None) -> list[tuple[int, int]]:
    # a range counts when it is in the title, or in the name of the programme the title reports on
    ranges: list[tuple[int, int]] = []
    if not title:
        return ranges
    places = [title] + [m.group(1) for m in _BOOK_TITLE.finditer(clean_text) if _shares_phrase(m.group(1), title)]
    for place in places:
        for match in _YEAR_RANGE.finditer(place):
            start, end = int(match.group(1)), int(match.group(2))
            if 0 < end - start <= 10:
                ranges.append((start, end))
    if kind in _PLAN_KINDS and not _YEAR_RANGE.search(title):
        plan = _FIVE_YEAR_PLAN.search(title)
        if plan:
            ranges.append(tuple(_YEARS["five_year_plans"][plan.group(1)]))
    return ranges


def _shares_phrase(name: str, title: str, length: int = 6) -> bool:
    return any(title[i : i + length] in name for i in range(max(0, len(title) - length + 1)))
