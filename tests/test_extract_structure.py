"""The document-structure reader's shortcuts are held to their readable forms and lexicons."""
from __future__ import annotations

import json
import random
import re

from pipelines.extract.lexicon import CLAUSE_BREAK, CLAUSE_BREAK_SPEC, LEXICON_DIR
from pipelines.extract.structure import _CLAUSE_YEAR_CHARS, structure_lexicon


def test_clause_break_scan_equals_its_spec():
    fast, spec = re.compile(CLAUSE_BREAK), re.compile(CLAUSE_BREAK_SPEC)
    alphabet = "1:：,，;；。！？!?\n医护比a年"
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.start() for m in fast.finditer(text)] == [m.start() for m in spec.finditer(text)], text


def test_every_clause_year_word_holds_a_gate_character():
    """clause_year skips clauses without 年/五/末/期; every word it reads must hold one of them."""
    raw = json.loads((LEXICON_DIR / "structure.json").read_text(encoding="utf-8"))
    for pattern, _offset, _anchor in raw["relative_years"]:
        for word in pattern.split("|"):
            word = re.sub(r"[?()]", "", word)
            assert any(ch in word for ch in _CLAUSE_YEAR_CHARS), word
    for word in raw["plan_end_words"].split("|"):
        assert any(ch in word for ch in _CLAUSE_YEAR_CHARS), word
    assert "五" in _CLAUSE_YEAR_CHARS  # every five-year-plan name (十四五) holds it
    assert structure_lexicon().plan_ends
