"""Corpus slices for the benchmark: an evenly spread sample, or the corpus repeated."""

from __future__ import annotations

import gzip
import json
from pathlib import Path


def read_records(path: Path) -> list[str]:
    """The non-blank lines of a JSON Lines file, gzip-compressed or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [line for line in handle if line.strip()]


def spread(lines: list[str], size: int) -> list[str]:
    """`size` lines taken at even steps: the file is sorted by URL, so a head would be a few
    outlets only, while an even spread keeps the mix of outlets and years of the whole."""
    if size >= len(lines):
        return list(lines)
    step = len(lines) / size
    return [lines[int(i * step)] for i in range(size)]


def repeated(lines: list[str], times: int) -> list[str]:
    """The lines `times` over; copies get a distinct id and URL (newsdesk keys articles by URL)."""
    out = list(lines)
    for copy in range(1, times):
        for line in lines:
            record = json.loads(line)
            record["id"] = f"{record.get('id')}-{copy}"
            record["url"] = f"{record.get('url') or 'copy'}#copy{copy}"
            out.append(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def write_jsonl(lines: list[str], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(lines)
    return path
