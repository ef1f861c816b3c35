"""Decoded HTML source → visible text, each character tracked to its source position.

A small regex tokenizer (selectolax and html.parser do not give exact source
offsets for entity-decoded text): markup is dropped, script/style/nav/header/
footer/aside subtrees are skipped, block elements become newlines, whitespace
runs fold to one space, and an entity becomes one character that maps to the
whole entity in the source.
"""
from __future__ import annotations

import html as html_lib
import re

from pipelines.ingest.offsets import INSERTED, TrackedText

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"                          # comment
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"                # CDATA
    r"|<[!?][^>]*>"                               # doctype / processing instruction
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",  # tag
    re.S,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")

# subtrees that are never the report's text
_SKIPPED = frozenset({"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                      "head", "iframe", "svg", "select", "button", "form"})
# elements whose boundaries are line breaks in the rendered page
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                    "section", "article", "main", "blockquote", "pre", "hr", "dd", "dt", "dl", "center",
                    "body", "html", "td", "th", "caption", "figure", "figcaption", "address"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
                   "track", "wbr", "param"})
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)


def html_title(source: str) -> str | None:
    """The <title> text (site suffixes are trimmed later by metadata)."""
    match = _TITLE.search(source)
    if not match:
        return None
    title = _SPACE_RUN.sub(" ", html_lib.unescape(match.group(1))).strip()
    return title or None


def html_to_text(source: str) -> TrackedText:
    """Visible text of an HTML page with positions into `source`."""
    pieces: list[str] = []
    positions: list[int] = []
    wide: dict[int, int] = {}
    skip_stack: list[str] = []
    cursor = 0

    def emit_text(start: int, end: int) -> None:
        chunk = source[start:end]
        cursor_local = start
        for entity in _ENTITY.finditer(chunk):
            _emit_plain(cursor_local, start + entity.start())
            decoded = html_lib.unescape(entity.group())
            raw_start = start + entity.start()
            if decoded == entity.group():  # not a real entity: keep the text as is
                _emit_plain(raw_start, start + entity.end())
            else:
                decoded = decoded.replace("\xa0", " ")
                for char in decoded[:1]:
                    pieces.append(" " if char.isspace() else char)
                    positions.append(raw_start)
                    wide[raw_start] = entity.end() - entity.start()
                for char in decoded[1:]:  # rare multi-character entities
                    pieces.append(char)
                    positions.append(INSERTED)
            cursor_local = start + entity.end()
        _emit_plain(cursor_local, end)

    def _emit_plain(start: int, end: int) -> None:
        if start >= end:
            return
        chunk = source[start:end]
        last = start
        for space in _SPACE_RUN.finditer(chunk):
            s, e = start + space.start(), start + space.end()
            pieces.append(source[last:s])
            positions.extend(range(last, s))
            pieces.append(" ")
            positions.append(s)
            last = e
        pieces.append(source[last:end])
        positions.extend(range(last, end))

    def newline() -> None:
        pieces.append("\n")
        positions.append(INSERTED)

    for token in _TOKEN.finditer(source):
        if not skip_stack:
            emit_text(cursor, token.start())
        cursor = token.end()
        name = (token.group(2) or "").lower()
        if not name:
            continue
        closing = token.group(1) == "/"
        self_closing = token.group(3).rstrip().endswith("/") or name in _VOID
        if name in _SKIPPED:
            if closing:
                if name in skip_stack:
                    while skip_stack and skip_stack.pop() != name:
                        pass
            elif not self_closing:
                skip_stack.append(name)
            continue
        if not skip_stack and name in _BLOCK:
            newline()
    if not skip_stack:
        emit_text(cursor, len(source))
    return TrackedText("".join(pieces), positions, wide)
