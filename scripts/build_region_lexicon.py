"""Rebuild pipelines/lexicons/china_divisions.csv from JioNLP's division table.

Usage: pip download jionlp==1.5.31 --no-deps -d /tmp/jio
       python scripts/build_region_lexicon.py /tmp/jio/jionlp-1.5.31-py2.py3-none-any.whl
Keeps only province / prefecture / county rows (those that carry a 6-digit code)
and copies the name-change history verbatim.
"""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

LEXICONS = Path(__file__).resolve().parents[1] / "pipelines" / "lexicons"


def county_level(name: str) -> str:
    return "district" if name.endswith("区") else "county"


def build(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read("jionlp/dictionary/china_location.zip")))
        table = inner.read("china_location.txt").decode("utf-8")
        changes = whl.read("jionlp/dictionary/china_location_change.txt").decode("utf-8")
    rows = []
    province = city = None
    for line in table.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        cells = line.strip("\t\r\n").split("\t")
        if depth > 2 or len(cells) < 3:
            continue
        name, code, alias = cells[0], cells[1], cells[2]
        if depth == 2 and "直辖行政区划" in name:
            continue  # a placeholder row, not a division
        if depth == 0:
            province = (name, code)
            city = None
            rows.append((code, name, alias, "province", "", name))
        elif depth == 1:
            if code == province[1]:
                # municipalities list themselves again as their own prefecture
                city = None
                continue
            city = (name, code)
            if name == "省直辖行政区划":
                # a grouping for province-administered counties, not a division
                continue
            rows.append((code, name, alias, "city", province[1], province[0] + name))
        else:
            parent = city if city and city[0] != "省直辖行政区划" else None
            full = province[0] + (parent[0] if parent else "") + name
            rows.append((code, name, alias, county_level(name),
                         (parent or province)[1], full))
    with open(LEXICONS / "china_divisions.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["region_code", "name", "short_name", "admin_level", "parent_code", "full_name"])
        writer.writerows(rows)
    (LEXICONS / "china_division_changes.txt").write_text(
        changes.replace("\r\n", "\n"), encoding="utf-8")
    print(f"{len(rows)} divisions written")


if __name__ == "__main__":
    build(Path(sys.argv[1]))
