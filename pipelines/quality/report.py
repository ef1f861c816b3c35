"""The static attainment report: per region, every target beside the outcome that decides it, with the evidence.

Reads the analysts' published DuckDB file (read-only) and writes `<warehouse folder>/report/index.html`
plus one PNG per chart. Charts are Vega-Lite specs rendered by vl-convert to inline SVG (the browser
draws the text, nothing is fetched from a CDN, no JavaScript) and to PNG for readers who cannot open HTML.
The same warehouse always gives the same bytes: no timestamps, stable ordering, the generation and row
counts of the warehouse printed in the header.
"""
from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipelines.quality.freshness import mark_built, replace_folder
from pipelines.quality.sql_files import quality_sql

REPORT_DIRNAME = "report"
# Written into the report folder so that a rebuild only ever deletes a folder this module made.
REPORT_MARKER = ".built_by_pipelines_quality"
STATUSES = ("met", "not_met", "partial", "pending", "not_set")
STATUS_COLOURS = {"met": "#2e7d32", "not_met": "#c62828", "partial": "#f2a900", "pending": "#9e9e9e", "not_set": "#607d8b"}
STATUS_LABELS = {"met": "met 已达成", "not_met": "not met 未达成", "partial": "partial 期中未达", "pending": "pending 待报告",
                 "not_set": "not set 未设目标"}
# Qualifiers written before the number (近30名, 不低于90%); the others follow the unit (45%以上) or the number (30余名).
PREFIX_QUALIFIERS = frozenset({"近", "约", "超", "不低于", "不超过"})
# Outcome as % of target beyond this is drawn at the edge; the label still gives the real values.
PERCENT_OF_TARGET_MAX = 200
CHART_FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, sans-serif"
CHART_WIDTH = 460
ROW_HEIGHT = 24
INDICATOR_LABEL_CHARS = 16
PNG_SCALE = 1.5
# A region's chart and evidence table show at most this many targets (verdicts first): a region of thousands of
# targets (every report whose place is unknown) would take vl-convert many minutes and make an unreadable page.
MAX_CHART_ROWS = 40
MAX_TABLE_ROWS = 200
# Chart and table order: verdicts first (worst first), targets still waiting for an outcome last.
STATUS_RANK = {"not_met": 0, "partial": 1, "met": 2, "pending": 3, "not_set": 4}


@dataclass(frozen=True)
class AttainmentData:
    """Everything the report shows, read from the published file: counts for every region, rows for the charted
    ones only (a refresh at 100k reports must not pull every target into memory to redraw one region)."""

    region_counts: pl.DataFrame  # region, status, n over the is_latest rows of every region
    charted: list[str]           # the regions that get a chart and an evidence table, in page order
    targets: pl.DataFrame        # target_vs_outcome rows with is_latest of the charted regions, plus report titles
    reports: pl.DataFrame        # the reports of the charted regions (and of anonymised ones, for their titles)
    timeseries: pl.DataFrame     # facts per charted region and kind in the indicator_timeseries view
    without_targets: list[str]   # regions with reports but no target
    generation: int
    counts: dict[str, int]


@dataclass(frozen=True)
class AttainmentReportSummary:
    index_html: Path
    charts: tuple[Path, ...]
    regions: int
    targets: int
    status_counts: dict[str, int]
    generation: int
    seconds: float = field(compare=False)
    charts_drawn: int = field(default=0, compare=False)  # charts rendered now; the others came from the cache


def report_dir_for(published_db: Path | str) -> Path:
    """The report lives beside the analysts' file: <folder>/report/."""
    return Path(published_db).resolve().parent / REPORT_DIRNAME


def read_attainment(published_db: Path | str) -> AttainmentData:
    with contextlib.closing(duckdb.connect(str(published_db), read_only=True)) as con:
        region_counts = con.sql(quality_sql("report_region_counts")).pl()
        charted = charted_regions(region_counts)
        con.execute("CREATE TEMP TABLE charted_regions AS SELECT unnest(?::VARCHAR[]) AS region", [charted])
        targets = con.sql(quality_sql("report_tvo")).pl()
        reports = con.sql(f"SELECT * FROM ({quality_sql('report_reports')}) "
                          "WHERE region IN (SELECT region FROM charted_regions) OR region LIKE 'anonymised:%' "
                          "ORDER BY region, doc_id").pl()
        timeseries = con.sql(f"SELECT * FROM ({quality_sql('report_timeseries')}) "
                             "WHERE region IN (SELECT region FROM charted_regions) ORDER BY region, kind").pl()
        without = [r[0] for r in con.sql(quality_sql("report_regions_without_targets")).fetchall()]
        counts = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # table names are constants
            for table in ("reports", "target_vs_outcome", "ingest_errors")
        }
        # the rows of the indicator_facts view, without evaluating its joins: one per fact of an existing report
        counts["indicator_facts"] = con.execute(
            "SELECT count(*) FROM extracted_facts WHERE doc_id IN (SELECT doc_id FROM reports)").fetchall()[0][0]
        state = con.execute("SELECT value FROM pipeline_state WHERE key = 'generation'").fetchall()
    return AttainmentData(region_counts=region_counts, charted=charted, targets=targets, reports=reports,
                          timeseries=timeseries, without_targets=without,
                          generation=int(state[0][0]) if state else 0, counts=counts)


# A chart costs about a second to render: past this many regions the page charts the regions with the most
# reported outcomes and summarises the others in one table, so the report stays minutes, not hours, at 50k regions.
MAX_CHARTED_REGIONS = 60
# Rendered charts are kept here, named by the digest of their spec: a refresh redraws only the charts whose
# region changed and copies the others forward.
CHART_CACHE = ".charts"


def charted_regions(region_counts: pl.DataFrame) -> list[str]:
    """The regions that get a chart, in page order: all of them, or the MAX_CHARTED_REGIONS most informative."""
    regions = sorted(set(region_counts.get_column("region").to_list()),
                     key=lambda r: (r.startswith("anonymised:"), r))
    if len(regions) <= MAX_CHARTED_REGIONS:
        return regions
    informative = dict(region_counts.filter(~pl.col("status").is_in(["pending", "not_set"]))
                       .group_by("region").agg(pl.col("n").sum()).iter_rows())
    keep = set(sorted(regions, key=lambda r: (-informative.get(r, 0), r))[:MAX_CHARTED_REGIONS])
    return [r for r in regions if r in keep]


def write_attainment_report(published_db: Path | str, out_dir: Path | str | None = None) -> AttainmentReportSummary:
    """Render the report into out_dir (default <warehouse folder>/report/), replacing the previous one; charts
    whose spec is unchanged are copied from the previous report instead of being drawn again."""
    import vl_convert as vlc

    started = time.perf_counter()
    published_db = Path(published_db).resolve()
    out_dir = Path(out_dir).resolve() if out_dir is not None else report_dir_for(published_db)
    data = read_attainment(published_db)
    regions = data.charted
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    previous = out_dir / CHART_CACHE if (out_dir / REPORT_MARKER).exists() else None
    (staging / CHART_CACHE).mkdir()
    drawn = 0
    try:
        sections, charts = [], []
        for number, region in enumerate(regions, start=1):
            region_targets = targets_of_region(data.targets, region)
            png_name = f"region_{number:02d}.png"
            # the PNG stands alone and carries the region as its title; in the page the heading says it
            png_spec = region_chart_spec(region_targets.head(MAX_CHART_ROWS), title=region_title(region, data.reports))
            svg_spec = region_chart_spec(region_targets.head(MAX_CHART_ROWS))
            png, svg, fresh = _cached_chart(previous, staging / CHART_CACHE, png_spec, svg_spec, vlc)
            drawn += fresh
            (staging / png_name).write_bytes(png)
            charts.append(out_dir / png_name)
            sections.append(_region_section(number, region, region_targets, data, _inline_svg(svg), png_name))
        page = render_page(data, regions, sections)
        (staging / "index.html").write_text(page, encoding="utf-8")
        (staging / REPORT_MARKER).write_text("built by pipelines.quality.report\n", encoding="utf-8")
        mark_built(staging, data.generation)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; the report is for every reader
        replace_folder(staging, out_dir, REPORT_MARKER)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    status_counts = {s: int(data.region_counts.filter(pl.col("status") == s).get_column("n").sum()) for s in STATUSES}
    return AttainmentReportSummary(index_html=out_dir / "index.html", charts=tuple(charts), regions=len(regions),
                                   targets=int(data.region_counts.get_column("n").sum()), status_counts=status_counts,
                                   generation=data.generation, seconds=time.perf_counter() - started,
                                   charts_drawn=drawn)


def _cached_chart(previous: Path | None, cache: Path, png_spec: dict, svg_spec: dict, vlc) -> tuple[bytes, str, int]:
    """(PNG bytes, SVG text, 1 if drawn now else 0): from the previous report's cache when its specs are unchanged."""
    key = hashlib.sha256(json.dumps([png_spec, svg_spec], sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]
    png_path, svg_path = cache / f"{key}.png", cache / f"{key}.svg"
    if previous is not None and (previous / png_path.name).exists() and (previous / svg_path.name).exists():
        shutil.copyfile(previous / png_path.name, png_path)
        shutil.copyfile(previous / svg_path.name, svg_path)
        return png_path.read_bytes(), svg_path.read_text(encoding="utf-8"), 0
    png = vlc.vegalite_to_png(png_spec, scale=PNG_SCALE)
    svg = vlc.vegalite_to_svg(svg_spec)
    png_path.write_bytes(png)
    svg_path.write_text(svg, encoding="utf-8")
    return png, svg, 1


def targets_of_region(targets: pl.DataFrame, region: str) -> pl.DataFrame:
    """The region's targets in display order: status rank, then the SQL order (year, indicator, report)."""
    region_targets = targets.filter(pl.col("region") == region).with_row_index("sql_order")
    rank = pl.col("status").replace_strict(STATUS_RANK, default=len(STATUS_RANK))
    return region_targets.sort(rank, "sql_order").drop("sql_order")


def region_title(region: str, reports: pl.DataFrame) -> str:
    """Canonical region name; an anonymised region shows the name as written (**区) and its report."""
    return region_titles([region], reports)[region]


def region_titles(regions: list[str], reports: pl.DataFrame) -> dict[str, str]:
    """region_title of each region, with one pass over the reports (at 100k reports the page names ≈ 3k
    anonymised regions, each owned by one of ≈ 56k anonymised reports)."""
    anonymised = {r for r in regions if r.startswith("anonymised:")}
    owners = {}
    if anonymised:
        first = (reports.filter(pl.col("region").is_in(list(anonymised))).sort("doc_id")
                 .group_by("region", maintain_order=True).first())
        owners = {row["region"]: row for row in first.iter_rows(named=True)}
    titles = {}
    for region in regions:
        if region not in anonymised:
            titles[region] = region
        elif region not in owners:
            titles[region] = f"{region.removeprefix('anonymised:')} (anonymised)"
        else:
            owner = owners[region]
            titles[region] = f"{owner['region_as_written'] or 'region withheld'} (anonymised, report {owner['doc_id']})"
    return titles


def format_value(value: float | None, unit: str | None = None, qualifier: str | None = None,
                 value_high: float | None = None) -> str:
    """45 % 以上 → '45%以上'; 30 名 余 → '30余名'; 0.5 例 近 → '近0.5例'."""
    if value is None:
        return "—"
    number = _number(value) + (f"–{_number(value_high)}" if value_high is not None else "")
    unit = unit or ""
    if qualifier in PREFIX_QUALIFIERS:
        return f"{qualifier}{number}{unit}"
    if qualifier == "余":
        return f"{number}余{unit}"
    return f"{number}{unit}{qualifier or ''}"


def region_chart_spec(region_targets: pl.DataFrame, title: str | None = None) -> dict:
    """Vega-Lite spec: one row per target, the outcome as % of its target (bar, coloured by status),
    the target itself as the 100 % line, and the values as written beside each row."""
    rows = chart_rows(region_targets)
    height = max(ROW_HEIGHT * len(rows), 40)
    y = {"field": "row", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelExpr": "split(datum.label, '|')[1]", "labelLimit": 260, "labelFontSize": 12,
                  "ticks": False, "domain": False}}
    colour = {"field": "status", "type": "nominal", "title": "status",
              "scale": {"domain": list(STATUSES), "range": [STATUS_COLOURS[s] for s in STATUSES]},
              "legend": {"orient": "top", "labelExpr": _legend_label_expr()}}
    plot = {
        "width": CHART_WIDTH,
        "height": height,
        "layer": [
            {"mark": {"type": "bar", "height": {"band": 0.6}},
             "encoding": {"y": y, "x": {"field": "outcome_pct", "type": "quantitative",
                                        "scale": {"domain": [0, PERCENT_OF_TARGET_MAX], "clamp": True},
                                        "title": f"outcome as % of target (target = 100 %, bars stop at "
                                                 f"{PERCENT_OF_TARGET_MAX} %)"},
                          "color": colour}},
            {"mark": {"type": "point", "shape": "diamond", "filled": True, "size": 90},
             "transform": [{"filter": "datum.status === 'pending'"}],
             "encoding": {"y": y, "x": {"datum": 100, "type": "quantitative"}, "color": colour}},
            {"mark": {"type": "rule", "color": "#333", "strokeDash": [4, 3]},
             "encoding": {"x": {"datum": 100, "type": "quantitative"}}},
            {"mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 11, "color": "#222"},
             "encoding": {"y": y, "x": {"datum": PERCENT_OF_TARGET_MAX, "type": "quantitative"},
                          "text": {"field": "values", "type": "nominal"}}},
        ],
    }
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": rows},
        "padding": 5,
        **plot,
        "config": {"font": CHART_FONT, "view": {"stroke": None}, "axis": {"labelFont": CHART_FONT,
                                                                          "titleFont": CHART_FONT}},
    }
    if title is not None:
        spec["title"] = {"text": title, "anchor": "start", "fontSize": 15}
    return spec


def chart_rows(region_targets: pl.DataFrame) -> list[dict]:
    """One plain dict per target, in the order the chart and the table show them."""
    rows = []
    for number, target in enumerate(region_targets.iter_rows(named=True), start=1):
        outcome_pct = None
        if target["outcome_value"] is not None and target["target_value"]:
            outcome_pct = round(100 * target["outcome_value"] / target["target_value"], 2)
        indicator = _shorten(target["indicator"], INDICATOR_LABEL_CHARS)
        target_text = format_value(target["target_value"], target["unit"], target["target_qualifier"],
                                   target["target_value_high"])
        outcome_text = format_value(target["outcome_value"], target["unit"], target["outcome_qualifier"])
        rows.append({
            # the number keeps rows with the same label apart; labelExpr shows only the part after '|'
            "row": f"{number:03d}|{indicator} ({target['year']})",
            "status": target["status"],
            "outcome_pct": outcome_pct,
            "values": f"target {target_text} · outcome {outcome_text}",
        })
    return rows


def render_page(data: AttainmentData, regions: list[str], sections: list[str]) -> str:
    status_counts = {s: int(data.region_counts.filter(pl.col("status") == s).get_column("n").sum()) for s in STATUSES}
    summary_badges = " ".join(f"{_badge(s)} {status_counts[s]}" for s in STATUSES)
    titles = region_titles([*regions, *data.without_targets], data.reports)
    toc = "\n".join(
        f'<li><a href="#region-{n:02d}">{html.escape(titles[r])}</a> '
        f"— {_count_line(data.region_counts.filter(pl.col('region') == r))}</li>"
        for n, r in enumerate(regions, start=1))
    uncharted = _uncharted_table(data, regions)
    without = data.without_targets
    counts = data.counts
    n_targets = int(data.region_counts.get_column("n").sum())
    without_html = ""
    if without:
        items = ", ".join(html.escape(titles[r]) for r in without)
        without_html = f"<p class=\"meta\">Regions with reports but no target: {items}.</p>"
    without_html += uncharted
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Targets versus outcomes · 目标与完成情况</title>
<style>
{_CSS}
</style>
</head>
<body>
<h1>Targets versus outcomes · 目标与完成情况</h1>
<p class="meta">Warehouse generation {data.generation}: {counts['reports']} reports,
{counts['indicator_facts']} indicator facts, {counts['target_vs_outcome']} target/outcome rows
({n_targets} targets), {counts['ingest_errors']} unreadable files.</p>
<p class="meta">Final status of each target: {summary_badges}.
Each chart shows the latest outcome as a percentage of its target (the dashed line is the target; a grey
diamond is a target with no outcome reported yet). For lower-is-better indicators (death rates, waiting
times) a bar short of the line is good: the colour carries the verdict. PNG copies of the charts sit beside
this page.</p>
<nav><ol>
{toc}
</ol></nav>
{without_html}
{"".join(sections)}
</body>
</html>
"""


def _region_section(number: int, region: str, region_targets: pl.DataFrame, data: AttainmentData, svg: str,
                    png_name: str) -> str:
    title = region_title(region, data.reports)
    listed = region_targets.head(MAX_TABLE_ROWS)  # the reports the evidence table cites
    doc_ids = sorted(set(listed.get_column("target_doc_id").to_list())
                     | set(listed.get_column("outcome_doc_id").drop_nulls().to_list()))
    report_items = "".join(
        f"<li><code>{html.escape(r['doc_id'])}</code> {html.escape(r['title'] or '(untitled)')}"
        f" — {html.escape(r['report_kind'] or '?')}, {r['year'] or '?'}"
        f"{', published ' + r['published_on'].isoformat() if r['published_on'] else ''}</li>"
        for r in data.reports.filter(pl.col("doc_id").is_in(doc_ids)).unique("doc_id").sort("doc_id")
        .iter_rows(named=True))
    series = data.timeseries.filter(pl.col("region") == region)
    series_text = ", ".join(
        f"{s['n_facts']} {html.escape(s['kind'])} facts on {s['n_indicators']} indicators"
        f" ({_year_span(s['first_year'], s['last_year'])})" for s in series.iter_rows(named=True)) or "no dated facts"
    rows = "\n".join(_evidence_row(n, t) for n, t in
                     enumerate(region_targets.head(MAX_TABLE_ROWS).iter_rows(named=True), start=1))
    shown = []
    if region_targets.height > MAX_CHART_ROWS:
        shown.append(f"the chart shows the first {MAX_CHART_ROWS}")
    if region_targets.height > MAX_TABLE_ROWS:
        shown.append(f"the table the first {MAX_TABLE_ROWS} (verdicts first); the rest are in target_vs_outcome")
    shown_html = f'<p class="meta">{region_targets.height} targets: {"; ".join(shown)}.</p>' if shown else ""
    return f"""
<section id="region-{number:02d}">
<h2>{html.escape(title)}</h2>
<p class="meta">{_count_line(data.region_counts.filter(pl.col("region") == region))}. Timeseries: {series_text}.</p>
<ul class="reports">{report_items}</ul>
{shown_html}
<figure>{svg}<figcaption><a href="{png_name}">{png_name}</a></figcaption></figure>
<table>
<thead><tr><th>#</th><th>status</th><th>indicator</th><th>year</th><th>target</th><th>outcome</th>
<th>attainment</th><th>evidence</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</section>
"""


def _evidence_row(number: int, target: dict) -> str:
    attainment = f"{target['attainment'] * 100:.0f} %" if target["attainment"] is not None else "—"
    interim = " (interim)" if target["interim"] else ""
    evidence = (f'<div class="quote"><b>target</b> <code>{html.escape(target["target_doc_id"])}</code> '
                f'{html.escape(target["target_sentence"] or "")}</div>')
    if target["outcome_doc_id"] is not None:
        evidence += (f'<div class="quote"><b>outcome</b> <code>{html.escape(target["outcome_doc_id"])}</code> '
                     f'{html.escape(target["outcome_sentence"] or "")}</div>')
    return (f"<tr><td>{number}</td><td>{_badge(target['status'])}{interim}</td>"
            f"<td>{html.escape(target['indicator'])}</td><td>{target['year']}</td>"
            f"<td>{html.escape(format_value(target['target_value'], target['unit'], target['target_qualifier'], target['target_value_high']))}</td>"
            f"<td>{html.escape(format_value(target['outcome_value'], target['unit'], target['outcome_qualifier']))}</td>"
            f"<td>{attainment}</td><td>{evidence}</td></tr>")


def _badge(status: str) -> str:
    return (f'<span class="badge" style="background:{STATUS_COLOURS.get(status, "#555")}">'
            f"{html.escape(STATUS_LABELS.get(status, status))}</span>")


def _legend_label_expr() -> str:
    cases = " : ".join(f"datum.label === '{s}' ? '{STATUS_LABELS[s]}'" for s in STATUSES)
    return f"{cases} : datum.label"


def _year_span(first: int | None, last: int | None) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _inline_svg(svg: str) -> str:
    """vl-convert's SVG, ready to sit inside HTML: no XML prolog, no namespace URLs (HTML5 does not need them)."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    return re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", svg, count=2)


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 24px auto; max-width: 1200px; color: #222; line-height: 1.45; padding: 0 16px; }
h1 { font-size: 24px; margin-bottom: 4px; }
h2 { font-size: 19px; margin-top: 36px; border-bottom: 2px solid #ddd; padding-bottom: 4px; }
.meta { color: #444; font-size: 14px; }
nav ol { font-size: 14px; }
ul.reports { font-size: 13px; color: #444; }
figure { margin: 12px 0; overflow-x: auto; }
figcaption { font-size: 12px; color: #666; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 5px 6px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td:nth-child(5), td:nth-child(6), td:nth-child(7) { white-space: nowrap; }
.badge { color: #fff; border-radius: 3px; padding: 1px 6px; font-size: 12px; white-space: nowrap; }
.quote { margin-bottom: 4px; }
code { font-size: 12px; color: #555; }
"""


def _count_line(region_counts: pl.DataFrame) -> str:
    """'N targets: a met, b not_met, …' from a region's final-status counts (region_counts rows)."""
    by_status = dict(region_counts.select("status", "n").iter_rows())
    total = int(sum(by_status.values()))
    return f"{total} targets: " + ", ".join(f"{int(by_status[s])} {s}" for s in STATUSES if by_status.get(s))


def _uncharted_table(data: AttainmentData, charted: list[str]) -> str:
    """One row per region left without a chart: its final-status counts (computed once, not per region)."""
    rest = data.region_counts.filter(~pl.col("region").is_in(charted))
    if rest.height == 0:
        return ""
    counts = rest.pivot("status", index="region", values="n").fill_null(0).sort("region")
    rows = "\n".join(
        "<tr><td>" + html.escape(str(row["region"])) + "</td>"
        + "".join(f"<td>{int(row.get(s, 0) or 0)}</td>" for s in STATUSES) + "</tr>"
        for row in counts.iter_rows(named=True)
    )
    header = "".join(f"<th>{_badge(s)}</th>" for s in STATUSES)
    return (f"<h2>Other regions ({counts.height})</h2>\n<p class=\"meta\">Charted above: the {len(charted)} regions "
            f"with the most reported outcomes. The others, by final status:</p>\n"
            f"<table><tr><th>region</th>{header}</tr>\n{rows}\n</table>")
