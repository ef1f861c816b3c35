"""Sentence splitting for loose text; reports from ingestion come already split."""
from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[。；;！!？?\n]+")


def split_sentences(text: str) -> list[tuple[int, int, None]]:
    """Half-open (start, end, None) spans; the terminator stays with its sentence."""
    spans: list[tuple[int, int, None]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start and text[start:m.start()].strip():
            spans.append((start, m.end(), None))
        start = m.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text), None))
    return spans
