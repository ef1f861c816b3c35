"""What is in the raw folder and what a refresh must do about it (new, changed, removed, unchanged)."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

REPORT_SUFFIXES = frozenset({".txt", ".html", ".htm"})
# how ingest_errors records a file whose doc_id another file already claims (plan_refresh's duplicates)
DUPLICATE_REASON = "duplicate report name"


@dataclass(frozen=True)
class RawFile:
    source_file: str     # name relative to the raw folder
    doc_id: str
    location: str        # the file's path as listed (a Path is built only for the files a refresh reads)
    byte_size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.location)


@dataclass
class RefreshPlan:
    to_process: list[RawFile]          # new or changed (or processed by an older code version)
    removed_doc_ids: list[str]         # reports in the warehouse whose file is no longer in raw/
    removed_files: list[str]           # source files the warehouse knows that are gone
    unchanged: int
    hashes: dict[str, str]             # source_file → sha256 of the current bytes, where the plan needed it
    duplicates: list[tuple[RawFile, str]]  # files whose doc_id another file already claims


def scan_raw_folder(raw_dir: Path) -> list[RawFile]:
    """Every regular file under raw_dir (hidden files skipped), sorted by name for a stable order.

    One os.scandir pass and one stat per file: the directory entry says what is a folder without a system call
    (a listing of 100k files is on the path of every refresh and every sensor tick).
    """
    files: list[RawFile] = []
    _scan(str(raw_dir), "", files)
    files.sort(key=lambda f: f.source_file)
    return files


def _scan(folder: str, prefix: str, files: list[RawFile]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # vanished or unreadable between listings; the next scan sees the truth
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _scan(entry.path, f"{prefix}{name}/", files)
                continue
            stat = entry.stat()
        except OSError:
            continue  # vanished between listing and stat
        if not S_ISREG(stat.st_mode):
            continue  # a folder behind a symlink, a socket, a fifo
        files.append(RawFile(prefix + name, stem(name), entry.path, stat.st_size, stat.st_mtime_ns))


def stem(name: str) -> str:
    """Path(name).stem without building a Path (0.6 s of a 100k-file listing)."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def plan_refresh(
    files: list[RawFile],
    known: dict[str, tuple[str, str]],
    version: str,
    *,
    full_rebuild: bool = False,
    file_stats: dict[str, tuple[int, int, str]] | None = None,
    recorded_duplicates: frozenset[str] = frozenset(),
) -> RefreshPlan:
    """Decide which files need (re)processing.

    `recorded_duplicates` are known files recorded as duplicate names: their record holds only while another
    file still claims their doc_id, so one that claims it now is processed whatever its content.

    A file is hashed only to tell whether the warehouse already holds its content: a new file, or any file
    in a full rebuild, is processed whatever it holds, and its worker hashes the bytes it reads.

    `known` maps source_file → (content_hash, version) of what the warehouse
    already holds (processed reports and recorded failures alike).
    `file_stats` maps source_file → (byte_size, mtime_ns, content_hash) seen by
    an earlier refresh: a file whose size and mtime are unchanged is not read
    again (an incremental refresh must not re-read the whole corpus).
    """
    file_stats = {} if full_rebuild or file_stats is None else file_stats
    hashes: dict[str, str] = {}
    seen: set[str] = set()  # files present and readable, whether or not their hash was needed
    to_process: list[RawFile] = []
    duplicates: list[tuple[RawFile, str]] = []
    claimed: dict[str, str] = {}
    unchanged = 0
    for raw in files:
        if raw.doc_id in claimed:
            duplicates.append((raw, claimed[raw.doc_id]))
            seen.add(raw.source_file)  # present: recorded as a duplicate name, never dropped as gone
            continue
        claimed[raw.doc_id] = raw.source_file
        cached = file_stats.get(raw.source_file)
        if cached is not None and cached[0] == raw.byte_size and cached[1] == raw.mtime_ns:
            digest = cached[2]
        elif full_rebuild or raw.source_file not in known:
            # processed whatever its content: the worker hashes the bytes it reads (not read twice here)
            seen.add(raw.source_file)
            to_process.append(raw)
            continue
        else:
            digest = file_sha256(raw.path)
        if digest is None:
            continue  # vanished: treated as removed below
        hashes[raw.source_file] = digest
        seen.add(raw.source_file)
        if (not full_rebuild and known.get(raw.source_file) == (digest, version)
                and raw.source_file not in recorded_duplicates):
            unchanged += 1
        else:
            to_process.append(raw)
    removed_files = sorted(sf for sf in known if sf not in seen)
    return RefreshPlan(to_process, removed_doc_ids(removed_files, files), removed_files, unchanged, hashes, duplicates)


def removed_doc_ids(removed_files: list[str], files: list[RawFile]) -> list[str]:
    """The reports that go with the removed files: those whose doc_id no listed file still present carries.

    A listed file is removed only when it vanished while being hashed, so the present files are the listed ones not
    removed. Worked out only when a file is gone (the doc_ids of 100k present files cost 0.3 s as Paths)."""
    if not removed_files:
        return []
    gone = set(removed_files)
    present = {raw.doc_id for raw in files if raw.source_file not in gone}
    return sorted({stem(sf.rsplit("/", 1)[-1]) for sf in removed_files} - present)


def listing_fingerprint(raw_dir: Path, files: list[RawFile] | None = None) -> tuple[str, int]:
    """A digest of (name, size, mtime) of every raw file: cheap, and any add/change/removal changes it.

    `files` is a scan already made (scan_raw_folder) of raw_dir; without it the folder is scanned."""
    digest = hashlib.sha256()
    if files is None:
        files = scan_raw_folder(raw_dir) if raw_dir.is_dir() else []
    for raw in files:
        digest.update(f"{raw.source_file}\0{raw.byte_size}\0{raw.mtime_ns}\n".encode())
    return digest.hexdigest()[:20], len(files)


# A listing handed from the main command to the refresh it launches in the same process (hand_over_listing), so
# a 100k-file folder is not listed twice within a second (1.2 s each). Taken at most once.
_handed_over: dict[str, list[RawFile]] = {}


def hand_over_listing(raw_dir: Path, files: list[RawFile]) -> None:
    """Let the next refresh of raw_dir in this process use this scan instead of listing the folder again.

    The refresh then processes the folder as it was when the scan was made; a file that lands or changes after
    it is seen by the next refresh (the main command records the same scan as the listing it refreshed)."""
    _handed_over[str(Path(raw_dir).resolve())] = files


def take_listing(raw_dir: Path) -> list[RawFile]:
    """The scan handed over for raw_dir (once), or a new scan of the folder."""
    files = _handed_over.pop(str(Path(raw_dir).resolve()), None)
    return scan_raw_folder(raw_dir) if files is None else files


def code_fingerprint(*paths: Path) -> str:
    """A short hash of the code folders and lexicon files that produce a table: a change reprocesses it.

    Name only what the stage reads, so that growing the indicator catalogue does not re-ingest every report.
    """
    digest = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(
            p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        )
        for path in files:
            digest.update(path.relative_to(root.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
