"""Targets a report deliberately does not set (今年不设具体增长目标, 不再设定年度考核指标): no number, so never an
indicator fact (FACTS.md), but an analyst must tell "no target" from "not extracted", so each statement is kept
with the indicator it is about, its year and its span. Lexicon: `pipelines/lexicons/unset.json`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extract.lexicon import LEXICON_DIR, Lexicon
from pipelines.extract.model import ExtractionContext, UnsetTarget
from pipelines.extract.naming import strip_lead_fillers


@dataclass(frozen=True)
class UnsetLexicon:
    cue: re.Pattern
    what_fillers: re.Pattern
    growth: re.Pattern
    subject_end: re.Pattern


@lru_cache(maxsize=1)
def unset_lexicon() -> UnsetLexicon:
    raw = json.loads((LEXICON_DIR / "unset.json").read_text(encoding="utf-8"))
    return UnsetLexicon(re.compile(raw["cue"]), re.compile(raw["what_fillers"]), re.compile(raw["growth"]),
                        re.compile(raw["subject_end"]))


def unset_targets(ctx: ExtractionContext, lx: Lexicon, year_of) -> list[UnsetTarget]:
    """Every statement of `ctx.text` that leaves a target unset; `year_of(sentence, cue_start)` gives the year
    the target would have applied to (the document structure's target year there), or None."""
    ux = unset_lexicon()
    text = ctx.text
    found = []
    for start, end, section_id in ctx.sentences:
        for m in ux.cue.finditer(text, start, end):
            name = _named(m, ux, lx) or _subject(text, start, m.start(), ux, lx)
            if not name:
                continue
            if ux.growth.search(m.group(0)) and not ux.growth.search(name):
                name += "增长"
            year = year_of((start, end, section_id), m.start())
            found.append(UnsetTarget(indicator=name, year=year, start=m.start(), end=m.end(),
                                     sentence_start=start, sentence_end=end))
    return found


def _named(m: re.Match, ux: UnsetLexicon, lx: Lexicon) -> str:
    what = ux.what_fillers.sub("", m.group("what") or "")
    return _lead_trimmed(what, lx) if len(what) >= 2 else ""


def _lead_trimmed(name: str, lx: Lexicon) -> str:
    """Scope and time words off the front (全省, 今年); the end stays whole (…诊疗量占比 is the noun itself)."""
    return strip_lead_fillers(name.strip(), lx).strip("“”\"《》 ")


def _subject(text: str, start: int, cue: int, ux: UnsetLexicon, lx: Lexicon) -> str:
    """The noun phrase the sentence opens with (全省医疗卫生机构总诊疗人次以…为导向,今年不设…)."""
    head = text[start:cue]
    end = ux.subject_end.search(head)
    return _lead_trimmed(head[: end.start()] if end else head, lx)
