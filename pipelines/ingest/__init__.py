"""Ingestion: one raw report file (bytes) → `CleanReport`.

decode → (HTML → visible text) → normalise characters → strip page furniture →
metadata (read from the page before stripping and from the clean body) → flag
corruption → sections → sentences.  HTML tables are kept as grids (`CleanReport.tables`) with their cells'
spans in the clean text.  Every character of
`clean_text` keeps its position in `raw_text` (the decoded file), exposed as
`CleanReport.offsets`.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipelines.ingest.boilerplate import strip_furniture
from pipelines.ingest.decode import decode_bytes
from pipelines.ingest.html import html_title, html_to_text_with_tables, place_tables
from pipelines.ingest.metadata import extract_metadata
from pipelines.ingest.model import CleanReport, OffsetMap, Section, Sentence, UnreadableReport
from pipelines.ingest.normalise import corrupted_spans, normalise
from pipelines.ingest.offsets import TrackedText
from pipelines.ingest.sections import build_sections, kind_and_years_from_parts, split_sentences

__all__ = [
    "CleanReport", "OffsetMap", "Section", "Sentence", "UnreadableReport",
    "ingest_report", "ingest_bytes",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})


def ingest_report(path: Path) -> CleanReport:
    """Read, decode and clean one report file; raises UnreadableReport(reason)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableReport(f"cannot read file: {error.strerror or error}") from None
    return ingest_bytes(data, doc_id=path.stem, source_path=str(path), is_html=path.suffix.lower() in HTML_SUFFIXES)


def ingest_bytes(data: bytes, *, doc_id: str, source_path: str = "", is_html: bool = False) -> CleanReport:
    raw_text, encoding = decode_bytes(data, is_html=is_html)
    warnings: list[str] = []
    title_hint = None
    raw_tables = []
    if is_html or _sniff_html(raw_text):
        tracked, raw_tables = html_to_text_with_tables(raw_text)
        title_hint = html_title(raw_text)
        if not is_html:
            warnings.append("html content in a non-html file")
    else:
        tracked = TrackedText.identity(raw_text)
    tracked, repaired = normalise(tracked)
    page_text = tracked.text
    furniture = strip_furniture(tracked)
    tracked = furniture.tracked
    clean_text = tracked.text
    tables = place_tables(raw_tables, tracked) if raw_tables else []
    if not clean_text.strip():
        raise UnreadableReport("no report text after removing page furniture")
    meta = extract_metadata(page_text, clean_text, title_hint)
    sections = build_sections(clean_text, meta.title, meta.report_kind)
    report_kind, years = kind_and_years_from_parts(sections, meta.report_kind, meta.year, meta.years)
    sentences = split_sentences(clean_text, sections)
    corrupted = corrupted_spans(clean_text)
    if corrupted:
        warnings.append(f"{len(corrupted)} corrupted spans kept as-is")
    return CleanReport(
        doc_id=doc_id,
        source_path=source_path,
        content_hash=hashlib.sha256(data).hexdigest(),
        byte_size=len(data),
        encoding=encoding,
        raw_text=raw_text,
        clean_text=clean_text,
        offsets=tracked.offset_map(),
        title=meta.title,
        issuer=meta.issuer,
        region=meta.region,
        region_anonymised=meta.region_anonymised,
        admin_level=meta.admin_level,
        report_kind=report_kind,
        year=meta.year,
        years=years,
        published_on=meta.published_on,
        truncated=furniture.truncated,
        repaired_count=repaired,
        corrupted_spans=corrupted,
        sections=sections,
        sentences=sentences,
        warnings=warnings,
        tables=tables,
    )


def _sniff_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "<" == head[:1])
