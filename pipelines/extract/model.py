"""The extraction input (`ExtractionContext`) and output (`IndicatorFact`) types."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only the types; extraction never depends on ingestion code at runtime
    from pipelines.ingest.model import CleanReport


@dataclass(frozen=True)
class SectionInfo:
    path: str = ""
    part: str | None = None   # 'review' | 'plan' | None
    level: int = 0
    heading: str = ""
    parent_id: int | None = None
    start: int = 0                # clean offsets of the heading's first character and of the section's end
    end: int = 0


@dataclass
class ExtractionContext:
    """Everything extraction needs from one cleaned report; offsets index `text`."""

    doc_id: str
    text: str
    sentences: list[tuple[int, int, int | None]] = field(default_factory=list)
    sections: dict[int, SectionInfo] = field(default_factory=dict)
    report_kind: str | None = None
    year: int | None = None
    years: tuple[int, ...] = ()
    title: str | None = None
    # HTML tables as ingestion saw them before flattening (`pipelines.ingest.model.TableGrid`)
    tables: list = field(default_factory=list)

    @classmethod
    def from_report(cls, report: "CleanReport") -> "ExtractionContext":
        sections = {
            s.section_id: SectionInfo(path=s.path, part=s.part, level=s.level, heading=s.heading,
                                      parent_id=s.parent_id, start=s.start, end=s.end)
            for s in report.sections
        }
        sentences = [(s.start, s.end, s.section_id) for s in report.sentences]
        return cls(
            doc_id=report.doc_id,
            text=report.clean_text,
            sentences=sentences,
            sections=sections,
            report_kind=report.report_kind,
            year=report.year,
            years=tuple(report.years or ()),
            title=report.title,
            tables=list(getattr(report, "tables", None) or ()),
        )

    @classmethod
    def from_text(cls, text: str, doc_id: str = "text", **kwargs) -> "ExtractionContext":
        """A context for loose text (tests, ad-hoc use): sentences are split here."""
        from pipelines.extract.sentences import split_sentences

        return cls(doc_id=doc_id, text=text, sentences=split_sentences(text), **kwargs)


@dataclass(frozen=True)
class UnsetTarget:
    """A target the report deliberately does not set (今年不设具体增长目标): what, for which year, and where."""

    indicator: str
    year: int | None
    start: int             # clean offsets of the statement
    end: int
    sentence_start: int
    sentence_end: int


@dataclass
class IndicatorFact:
    doc_id: str
    indicator: str
    value: float
    unit: str | None
    kind: str                      # 'target' | 'outcome' | 'baseline'
    value_high: float | None = None
    qualifier: str | None = None
    year: int | None = None
    value_text: str = ""
    start: int = 0
    end: int = 0
    sentence_start: int = 0
    sentence_end: int = 0
    section_path: str | None = None
    scope: str | None = None
    lower: float | None = None
    upper: float | None = None
    lower_closed: bool = False
    upper_closed: bool = False
    change: str | None = None      # 'increase' | 'decrease' | None
    flags: list[str] = field(default_factory=list)
    # where `year` came from: 'clause' | 'sentence' | 'section' | 'part' | 'report' | 'table' | 'unknown'
    year_source: str = "unknown"
    is_change: bool = False        # a change (增长7%, 提高3个百分点) rather than a level
    region: str | None = None      # a place the fact itself names (a table's district row), as written
    nature: str | None = None      # 预期性 | 约束性, from a plan table's column
    pair: int | None = None        # facts of one stated target/result pair share this number (clean offset)
    source: str = "sentence"       # 'sentence' | 'table'

    def to_record(self) -> dict:
        """A JSON-ready dict; `doc` is the scorer's name for doc_id."""
        out = asdict(self)
        out["doc"] = self.doc_id
        for key in ("lower", "upper"):
            if out[key] in (float("inf"), float("-inf")):
                out[key] = None
        return out
