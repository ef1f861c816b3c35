"""Generate a realistic-scale corpus of health-commission reports from the five samples in raw/.

`python bench/make_corpus.py OUT_DIR --count 100000 [--seed 7] [--start 0] [--workers N]`

Each report i is a pure function of (seed, i): a sample is chosen, its place
names are swapped for another division from pipelines/lexicons/china_divisions.csv,
its years shifted, its figures perturbed, its body paragraphs sampled and
locally shuffled to 3–9k characters, then written as .txt (UTF-8, UTF-8-BOM,
GB18030, Big5 when the text encodes, UTF-16) or as .html with page chrome.
`--start` lets a benchmark drop "one more new report" that is distinct from
the corpus already loaded.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import html
import os
import random
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLES = PROJECT_ROOT / "raw"
DIVISIONS = PROJECT_ROOT / "pipelines" / "lexicons" / "china_divisions.csv"

MIN_CHARS, MAX_CHARS = 3000, 9000
# (encoding, weight); Big5 falls back to GB18030 when the text does not encode
TXT_ENCODINGS = [("utf-8", 45), ("utf-8-sig", 12), ("gb18030", 20), ("big5", 8), ("utf-16", 5)]
HTML_SHARE = 0.2
HTML_ENCODINGS = [("utf-8", 70), ("gb18030", 30)]

YEAR_RE = re.compile(r"(?<!\d)(20[0-3]\d)(?=\s*年|[-/.]\d)")
FIGURE_RE = re.compile(r"(?<![\d.])(\d{1,6})(\.\d{1,3})?(?=\s*(?:%|％|个|家|人|万|亿|张|所|元|岁|‰|例|项|次|名|床|公里|平方米))")


@lru_cache(maxsize=1)
def samples() -> list[tuple[list[str], list[str]]]:
    """(header lines, body paragraphs) of each sample: the header is everything before the first long line."""
    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        lines = [ln.rstrip() for ln in path.read_text(encoding="utf-8").splitlines()]
        first_long = next((i for i, ln in enumerate(lines) if len(ln) > 100), 0)
        header = [ln for ln in lines[:first_long] if ln.strip()][:12]
        body = [ln for ln in lines[first_long:] if ln.strip()]
        out.append((header, body))
    return out


@lru_cache(maxsize=1)
def divisions() -> tuple[dict[str, str], dict[str, list[tuple[str, str]]], dict[str, list[tuple[str, str]]]]:
    """(name → level, province code → [(name, level)] of its divisions, level → [(name, code)])."""
    level_of: dict[str, str] = {}
    parent: dict[str, str] = {}
    rows = []
    with open(DIVISIONS, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.append(row)
            parent[row["region_code"]] = row["parent_code"]
            if len(row["name"]) >= 3:
                level_of.setdefault(row["name"], row["admin_level"])
    by_province: dict[str, list[tuple[str, str]]] = {}
    by_level: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        code, seen = row["region_code"], set()
        while parent.get(code) and code not in seen:  # some rows are their own parent
            seen.add(code)
            code = parent[code]
        by_province.setdefault(code, []).append((row["name"], row["admin_level"]))
        by_level.setdefault(row["admin_level"], []).append((row["name"], row["region_code"]))
    return level_of, by_province, by_level


@lru_cache(maxsize=8)
def names_in_sample(index: int) -> tuple[list[str], re.Pattern | None]:
    level_of, _, _ = divisions()
    header, body = samples()[index]
    text = "\n".join(header + body)
    found = sorted({n for n in level_of if n in text}, key=len, reverse=True)
    return found, (re.compile("|".join(map(re.escape, found))) if found else None)


def region_swap(rng: random.Random, index: int, provinces: int | None = None) -> dict[str, str]:
    """Map every division name of the sample to one of a single random province (same level where possible).

    With `provinces`, only that many provinces are used and each maps a sample's names the same way every
    time, so the corpus has few distinct regions (the fault checks want short attainment reports).
    """
    level_of, by_province, by_level = divisions()
    found, _ = names_in_sample(index)
    codes = sorted(by_province)
    province_code = rng.choice(codes if provinces is None else codes[:provinces])
    if provinces is not None:
        rng = random.Random(f"{province_code}:{index}")
    pool = by_province[province_code]
    mapping = {}
    for name in found:
        level = level_of[name]
        same = [n for n, lv in pool if lv == level] or [n for n, _ in by_level.get(level, [])] or [name]
        mapping[name] = rng.choice(same)
    return mapping


def perturb(rng: random.Random, text: str, year_shift: int, swap: dict[str, str], pattern: re.Pattern | None) -> str:
    if pattern is not None:
        text = pattern.sub(lambda m: swap.get(m.group(0), m.group(0)), text)
    text = YEAR_RE.sub(lambda m: str(min(2035, max(2010, int(m.group(1)) + year_shift))), text)

    def figure(m: re.Match) -> str:
        whole, frac = m.group(1), m.group(2)
        if len(whole) == 4 and whole.startswith(("19", "20")) and not frac:
            return m.group(0)  # looks like a year
        value = float(whole + (frac or "")) * rng.uniform(0.8, 1.2)
        if frac:
            return f"{value:.{len(frac) - 1}f}"
        return str(max(1, round(value)))

    return FIGURE_RE.sub(figure, text)


def body_paragraphs(rng: random.Random, index: int, target: int) -> list[str]:
    """Order-preserving sample of the body, with local block swaps, topped up from other samples if short."""
    _, body = samples()[index]
    chosen = [p for p in body if rng.random() < 0.85]
    for i in range(len(chosen) - 1):
        if rng.random() < 0.15:
            chosen[i], chosen[i + 1] = chosen[i + 1], chosen[i]
    out, size = [], 0
    for p in chosen:
        if size >= target:
            break
        out.append(p)
        size += len(p) + 1
    donors = [b for j, (_, b) in enumerate(samples()) if j != index and j != 1]  # sample 1 is traditional script
    while size < target:
        p = rng.choice(rng.choice(donors))
        out.append(p)
        size += len(p) + 1
    if size > MAX_CHARS and len(out) > 1:
        out[-1] = out[-1][: max(20, len(out[-1]) - (size - MAX_CHARS))]
    return out


def choose(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def encode(text: str, encoding: str) -> tuple[bytes, str]:
    if encoding == "big5":
        try:
            return text.encode("big5"), "big5"
        except UnicodeEncodeError:
            encoding = "gb18030"
    return text.encode(encoding), encoding


def as_html(rng: random.Random, header: list[str], paragraphs: list[str], charset: str) -> str:
    title = html.escape(header[1] if len(header) > 1 else header[0] if header else "工作报告")
    filler = ",".join(str(rng.randint(0, 99999)) for _ in range(rng.randint(50, 400)))
    head_lines = "".join(f"<div class=\"meta\">{html.escape(h)}</div>\n" for h in header)
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset=\"{charset}\"><title>{title}</title>\n"
        f"<script>var pageStats = [{filler}]; function share(){{return false;}}</script>\n"
        "<style>.nav{color:#333} .footer{font-size:12px}</style></head>\n<body>\n"
        "<div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; 工作动态</div>\n"
        f"{head_lines}<div class=\"content\">\n{body}</div>\n"
        "<div class=\"share\">分享到:微信 微博 QQ空间</div>\n"
        f"<div class=\"footer\">版权所有:卫生健康委员会 备案号:ICP备{rng.randint(10000000, 99999999)}号</div>\n"
        "</body></html>\n"
    )


def make_report(seed: int, i: int, provinces: int | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of report i: deterministic in (seed, i)."""
    rng = random.Random(f"{seed}:{i}")
    index = rng.randrange(len(samples()))
    header, _ = samples()[index]
    found, pattern = names_in_sample(index)
    swap = region_swap(rng, index, provinces)
    year_shift = rng.randint(-6, 3)
    target = rng.randint(MIN_CHARS, MAX_CHARS - 400)
    paragraphs = body_paragraphs(rng, index, target)
    header = [perturb(rng, h, year_shift, swap, pattern) for h in header]
    paragraphs = [perturb(rng, p, year_shift, swap, pattern) for p in paragraphs]
    tag = hashlib.sha1(f"{seed}:{i}".encode()).hexdigest()[:12]
    if rng.random() < HTML_SHARE:
        charset = choose(rng, HTML_ENCODINGS)
        data, charset = encode(as_html(rng, header, paragraphs, "gbk" if charset == "gb18030" else charset),
                               charset)
        return f"r{i:06d}_{tag}.html", data
    sep = "\n\n" if rng.random() < 0.5 else "\n"
    if rng.random() < 0.3:
        sep = sep.replace("\n", "\r\n")
    data, _ = encode(sep.join(header + paragraphs) + "\n", choose(rng, TXT_ENCODINGS))
    return f"r{i:06d}_{tag}.txt", data


def write_range(args: tuple[str, int, int, int, int | None]) -> tuple[int, int]:
    out, seed, start, stop, provinces = args
    folder = Path(out)
    size = 0
    for i in range(start, stop):
        name, data = make_report(seed, i, provinces)
        tmp = folder / f".{name}.part"
        tmp.write_bytes(data)
        os.replace(tmp, folder / name)  # a watcher never sees half a file under its real name
        size += len(data)
    return stop - start, size


def generate(out: Path, count: int, *, seed: int = 7, start: int = 0, workers: int | None = None,
             provinces: int | None = None) -> tuple[int, int]:
    out.mkdir(parents=True, exist_ok=True)
    workers = workers or os.cpu_count() or 1
    step = 500
    tasks = [(str(out), seed, s, min(start + count, s + step), provinces) for s in range(start, start + count, step)]
    if workers <= 1 or len(tasks) == 1:
        results = [write_range(t) for t in tasks]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(write_range, tasks))
    return sum(r[0] for r in results), sum(r[1] for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--provinces", type=int, default=None, help="use only this many provinces (few regions)")
    args = parser.parse_args()
    started = time.perf_counter()
    n, size = generate(args.out, args.count, seed=args.seed, start=args.start, workers=args.workers,
                       provinces=args.provinces)
    print(f"{n} reports, {size / 1e6:.1f} MB in {time.perf_counter() - started:.1f}s → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
