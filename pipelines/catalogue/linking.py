"""Names that denote one indicator when the catalogue knows neither: 新建智慧健康驿站 (plan) and
建成智慧健康驿站 (summary), 安排基层能力建设资金 and 下达基层能力建设资金.

`name_key(name)` strips the action and aspect words a plan and its later report swap, scope words and
punctuation; equal keys are one indicator. `NameGroups` then joins keys that differ a little (a dropped
modifier, a synonym spelt differently) with rapidfuzz, blocked by unit and by the key's last character
(the head noun: 驿站, 学校, 资金), so a name is compared only with names it could be. A flow (新增托位) is
never joined with a stock (托位总数): the flow words are part of the key's kind.

The lexicon is `pipelines/lexicons/linking.json`; the threshold is calibrated on labelled pairs
(tests/cases/name_links.json, docs/QUALITY.md "Name matcher").
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from pipelines.catalogue.indicators import normalise_name

LEXICON_PATH = Path(__file__).resolve().parents[1] / "lexicons" / "linking.json"


@dataclass(frozen=True)
class LinkingLexicon:
    strip_re: re.Pattern
    keep_re: re.Pattern
    flow_re: re.Pattern
    stock_re: re.Pattern
    threshold: float
    min_key_chars: int
    synonyms: tuple[tuple[str, str], ...]
    filler_re: re.Pattern
    tail_re: re.Pattern


@lru_cache(maxsize=1)
def linking_lexicon() -> LinkingLexicon:
    raw = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    words = sorted(set(raw["aspect_words"]) | set(raw["scope_words"]), key=len, reverse=True)
    keep = sorted(raw["keep_words"], key=len, reverse=True)
    return LinkingLexicon(
        strip_re=re.compile("|".join(map(re.escape, words))),
        keep_re=re.compile("|".join(map(re.escape, keep))),
        flow_re=re.compile("|".join(map(re.escape, sorted(raw["flow_words"], key=len, reverse=True)))),
        stock_re=re.compile("|".join(map(re.escape, sorted(raw["stock_words"], key=len, reverse=True)))),
        threshold=float(raw["threshold"]),
        min_key_chars=int(raw["min_key_chars"]),
        synonyms=tuple(sorted(((normalise_name(k), normalise_name(v)) for k, v in raw["synonyms"].items()),
                              key=lambda kv: -len(kv[0]))),
        filler_re=re.compile("|".join(map(re.escape, raw["fillers"]))),
        tail_re=re.compile("(?:" + "|".join(map(re.escape, sorted(raw["tail_words"], key=len, reverse=True))) + ")$"),
    )


def name_key(name: str) -> str:
    """The name with action, aspect and scope words and punctuation removed (kept words stay)."""
    lx = linking_lexicon()
    text = normalise_name(name)
    for written, canonical in lx.synonyms:
        if written in text:
            text = text.replace(written, canonical)
    text = lx.filler_re.sub("", text)
    kept = [(m.start(), m.end()) for m in lx.keep_re.finditer(text)]
    out, pos = [], 0
    for m in lx.strip_re.finditer(text):
        # a kept word is never cut into, but a longer scope word holding it goes whole (市级财政安排…)
        if any(a < m.end() and m.start() < b and not (m.start() <= a and b <= m.end()) for a, b in kept):
            continue
        out.append(text[pos:m.start()])
        pos = m.end()
    out.append(text[pos:])
    key = "".join(out)
    tail = lx.tail_re.search(key)
    if tail and tail.start() >= 2:
        key = key[: tail.start()]
    return key or text


def measure_of(name: str) -> str | None:
    """'stock' for a total (托位总数, 累计建成), 'flow' for what was added (新增托位), else None."""
    lx = linking_lexicon()
    text = normalise_name(name)
    if lx.stock_re.search(text):
        return "stock"
    return "flow" if lx.flow_re.search(text) else None


def measures_compatible(a: str, b: str) -> bool:
    """A total links only with a total; what was added (or built: 新建 / 建成) never with a total."""
    ma, mb = measure_of(a), measure_of(b)
    return ma == mb or (ma != "stock" and mb != "stock")


def kept_words(key: str) -> tuple[str, ...]:
    """The words that tell indicators apart (省级, 市级, 总数) a key holds: keys must hold the same ones."""
    return tuple(sorted(set(linking_lexicon().keep_re.findall(key))))


def similarity(a: str, b: str) -> float:
    """0–100: how alike two names are once reduced to their keys (0 when a flow meets a stock or
    the level words differ)."""
    if not measures_compatible(a, b):
        return 0.0
    ka, kb = name_key(a), name_key(b)
    if ka == kb or sorted(ka) == sorted(kb):
        return 100.0  # the same words in another order: 全科医生转岗培训 / 转岗培训全科医生
    if kept_words(ka) != kept_words(kb):
        return 0.0
    return float(fuzz.ratio(ka, kb))


@dataclass
class NameGroups:
    """Groups of names that denote one indicator, per unit; a new name joins the most similar group
    whose representative key scores at or above the threshold, else starts its own."""

    threshold: float = field(default_factory=lambda: linking_lexicon().threshold)
    _reps: dict[tuple, list[str]] = field(default_factory=dict)   # block → representative keys
    _groups: dict[tuple, str] = field(default_factory=dict)       # (unit, flow, key) → group key
    _anagrams: dict[tuple, str] = field(default_factory=dict)     # (unit, flow, kept words, sorted key) → group

    def add_existing(self, unit: str | None, name: str, group: str) -> None:
        """A name already grouped in an earlier run (its group stays what it was)."""
        key = name_key(name)
        flow = measure_of(name) == "stock"
        self._groups[(unit, flow, key)] = group
        if group == key:
            self._reps.setdefault(_block(unit, flow, key), []).append(key)
            self._anagrams.setdefault(_anagram(unit, flow, key), key)

    def group_of(self, unit: str | None, name: str) -> tuple[str, float]:
        """(group key, score 0–1) for a name; the score is its key's similarity to the group's key."""
        key = name_key(name)
        flow = measure_of(name) == "stock"  # totals form groups of their own
        known = self._groups.get((unit, flow, key))
        if known is not None:
            return known, (1.0 if known == key else self._score(key, known))
        block = _block(unit, flow, key)
        reps = self._reps.setdefault(block, [])
        group, score = key, 1.0
        # the same words in another order (培训乡村医生 / 乡村医生培训) are one indicator
        anagram = self._anagrams.get(_anagram(unit, flow, key)) if len(key) >= linking_lexicon().min_key_chars else None
        if anagram is not None and anagram != key:
            self._groups[(unit, flow, key)] = anagram
            return anagram, 1.0
        if len(key) >= linking_lexicon().min_key_chars and reps:
            best = process.extractOne(key, reps, scorer=fuzz.ratio, score_cutoff=self.threshold)
            if best is not None:
                group, score = best[0], best[1] / 100.0
        if group == key:
            reps.append(key)
            self._anagrams.setdefault(_anagram(unit, flow, key), key)
        self._groups[(unit, flow, key)] = group
        return group, score

    @staticmethod
    def _score(key: str, group: str) -> float:
        return fuzz.ratio(key, group) / 100.0


def anagram_key(key: str) -> str:
    """The key's characters in order: names with the same words in another order share it."""
    return "".join(sorted(key))


def _anagram(unit: str | None, flow: bool, key: str) -> tuple:
    return unit, flow, kept_words(key), anagram_key(key)


def _block(unit: str | None, flow: bool, key: str) -> tuple:
    return unit, flow, kept_words(key), key[-1:] if key else ""


@lru_cache(maxsize=1)
def _catalogue_keys() -> tuple[list[str], list[str]]:
    from pipelines.catalogue.indicators import load_catalogue

    keys, ids = [], []
    for ind in load_catalogue().indicators:
        for name in (ind.name_zh, *ind.synonyms):
            if name:
                keys.append(name_key(name))
                ids.append(ind.indicator_id)
    return keys, ids


def nearest_catalogue(name: str) -> tuple[str | None, float | None]:
    """For the review queue of unmapped names: the most similar catalogue indicator and its score (0–1).
    A suggestion for whoever grows the catalogue, never a mapping."""
    keys, ids = _catalogue_keys()
    best = process.extractOne(name_key(name), keys, scorer=fuzz.ratio)
    if best is None:
        return None, None
    return ids[best[2]], round(best[1] / 100.0, 4)
