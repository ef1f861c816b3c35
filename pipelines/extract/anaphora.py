"""Names that point back at something named earlier in the report, resolved after the sentence grammar.

A target restated with a new value (将全年建设任务由年初目标180家调高至200家) is named by its subject, and
a subject that only says 'the task' takes the thing the nearest earlier fact of its unit counted
(上半年建成智慧健康驿站126家); a value named by a bare verb (今年先发行1万亿元) takes the object that verb has
earlier in its sentence; 12所学校通过省级健康促进学校评审 counts what passed. Lexicon:
`pipelines/lexicons/anaphora.json`. Only names are changed; values, kinds and spans stay.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extract.lexicon import LEXICON_DIR, Lexicon
from pipelines.extract.model import IndicatorFact
from pipelines.extract.naming import trim_name

_OBJECT_END = re.compile(r"[,，;；。:：、（(]|专项|用于|主要")


@dataclass(frozen=True)
class AnaphoraLexicon:
    restated: re.Pattern
    generic: re.Pattern
    reach: int
    adverbs: re.Pattern
    verbs: re.Pattern
    passed: re.Pattern


@lru_cache(maxsize=1)
def anaphora_lexicon() -> AnaphoraLexicon:
    raw = json.loads((LEXICON_DIR / "anaphora.json").read_text(encoding="utf-8"))
    return AnaphoraLexicon(re.compile(raw["restated"]), re.compile(raw["generic"]), int(raw["reach"]),
                           re.compile(raw["adverbs"]), re.compile(f"(?:{raw['verbs']})"), re.compile(raw["passed"]))


def resolve_names(facts: list[IndicatorFact], text: str, lx: Lexicon) -> None:
    """Rename, in place, the facts whose name points back (facts in text order, sentence facts only)."""
    ax = anaphora_lexicon()
    things: dict[int, str] = {}  # fact index → the thing a generic name was resolved to
    for i, fact in enumerate(facts):
        if fact.source != "sentence":
            continue
        name = fact.indicator
        subject = _restated_subject(name, ax)
        if ax.generic.fullmatch(subject):
            antecedent = _antecedent(facts, i, text, ax, things)
            if antecedent:
                things[i] = antecedent
                name = antecedent + subject
        elif (verb := _bare_verb(name, ax)) is not None:
            name = _verb_object(verb, text, fact, lx) or name
        else:
            name = _passed_title(text, fact, ax) or name
        fact.indicator = name or fact.indicator


def _restated_subject(name: str, ax: AnaphoraLexicon) -> str:
    m = ax.restated.search(name)
    return name[: m.start()] if m and m.start() > 0 and m.end() > m.start() else name


def _antecedent(facts: list[IndicatorFact], i: int, text: str, ax: AnaphoraLexicon,
                things: dict[int, str]) -> str | None:
    """The thing counted by the nearest earlier fact of the same unit in the same paragraph, within reach."""
    fact = facts[i]
    paragraph = text.rfind("\n", 0, fact.start) + 1
    for j in range(i - 1, -1, -1):
        earlier = facts[j]
        if earlier.start < max(paragraph, fact.start - ax.reach):
            return None
        if earlier.unit != fact.unit:
            continue
        if j in things:  # 由180家调高至200家: the restated value shares the thing of the one before it
            return things[j]
        if not ax.generic.fullmatch(_restated_subject(earlier.indicator, ax)):
            thing = earlier.indicator
            m = ax.verbs.match(thing)
            return thing[m.end():] if m and len(thing) - m.end() >= 2 else thing
    return None


def _bare_verb(name: str, ax: AnaphoraLexicon) -> str | None:
    rest = ax.adverbs.sub("", name)
    return rest if rest and rest != name and ax.verbs.fullmatch(rest) else None


def _verb_object(verb: str, text: str, fact: IndicatorFact, lx: Lexicon) -> str | None:
    """The verb's object earlier in the sentence: 发行超长期特别国债 for 先发行."""
    before = text[fact.sentence_start: fact.start]
    at = before.rfind(verb, 0, max(0, len(before) - len(verb) - 1))
    if at < 0:
        return None
    rest = before[at + len(verb):]
    end = _OBJECT_END.search(rest)
    obj = trim_name(rest[: end.start()] if end else rest, lx)
    return verb + obj if len(obj) >= 2 else None


def _passed_title(text: str, fact: IndicatorFact, ax: AnaphoraLexicon) -> str | None:
    """12所学校通过省级健康促进学校评审: the title passed, when it ends with the counted noun's head."""
    after = text[fact.end: fact.end + 40]
    m = ax.passed.match(after)
    if not m:
        return None
    title = m.group("title").strip("“”\"")
    return title if title.endswith(m.group("noun")[-1]) else None
