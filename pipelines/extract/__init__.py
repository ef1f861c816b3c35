"""Cleaned report text → indicator facts (value, unit, qualifier, kind, year, indicator name).

Pure logic, no Dagster: the lexicons in `pipelines/lexicons/` (units, qualifiers, cues,
exclusions, naming) carry the domain knowledge; this package is the engine that applies them.
"""
from pipelines.extract.facts import ReportReading, extract_facts, read_report
from pipelines.extract.model import ExtractionContext, IndicatorFact, SectionInfo

__all__ = ["extract_facts", "read_report", "ReportReading", "ExtractionContext", "IndicatorFact", "SectionInfo"]
