"""Manifests: per-folder metadata for the files under it (manifest.csv, manifest.jsonl)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from corpus.decoding import Unreadable, decode_text, describe_os_error
from corpus.inputs import Rejected

# Files of these names describe the files under their folder and are never inputs themselves.
MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
# The columns newsdesk reads; others are kept in the row but not used.
FIELDS = ("path", "url", "source", "published", "title", "author")


@dataclass
class Manifest:
    """The rows of a folder's manifests keyed by path relative to the folder, and any problems."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[Rejected] = field(default_factory=list)


def read_manifests(folder: Path) -> Manifest:
    """The manifests in `folder` merged (manifest.jsonl rows win over manifest.csv rows)."""
    merged = Manifest()
    for name in MANIFEST_NAMES:
        path = folder / name
        if path.is_file():
            found = read_manifest(path)
            merged.rows.update(found.rows)
            merged.problems.extend(found.problems)
    return merged


def read_manifest(path: Path) -> Manifest:
    """One manifest file; a bad line is reported as a problem and the rest still applies."""
    manifest = Manifest()
    try:
        text = decode_text(path.read_bytes())
    except Unreadable as error:
        if error.reason != "empty file":
            manifest.problems.append(Rejected(str(path), f"manifest: {error.reason}"))
        return manifest
    except OSError as error:
        manifest.problems.append(Rejected(str(path), f"manifest: {describe_os_error(error)}"))
        return manifest
    records = _csv_records(text) if path.suffix == ".csv" else _jsonl_records(text)
    for line, record in records:
        if isinstance(record, str):
            manifest.problems.append(Rejected(str(path), f"manifest line {line}: {record}"))
            continue
        key = normalise_key(record.get("path", ""))
        if not key:
            manifest.problems.append(Rejected(str(path), f"manifest line {line}: no path"))
            continue
        manifest.rows[key] = record
    return manifest


def normalise_key(path: str) -> str:
    """A manifest path as a posix path relative to its folder ("./a\\b.txt" -> "a/b.txt")."""
    text = path.strip().replace("\\", "/")
    if not text:
        return ""
    return str(PurePosixPath(text)).removeprefix("./")


def _csv_records(text: str) -> list[tuple[int, dict[str, str] | str]]:
    """(line number, row or problem) for each row of a CSV manifest with a header."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "path" not in header:
        return [(1, "no 'path' column")]
    reader.fieldnames = header
    records: list[tuple[int, dict[str, str] | str]] = []
    for row in reader:
        # DictReader puts surplus cells under None and fills missing ones with None.
        cells = {k: v for k, v in row.items() if isinstance(k, str) and isinstance(v, str)}
        records.append((reader.line_num, _clean_row(cells)))
    return records


def _jsonl_records(text: str) -> list[tuple[int, dict[str, str] | str]]:
    """(line number, row or problem) for each non-blank line of a JSON Lines manifest."""
    records: list[tuple[int, dict[str, str] | str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            records.append((number, "not valid JSON"))
            continue
        if not isinstance(value, dict):
            records.append((number, "not a JSON object"))
            continue
        cells = {
            str(k).strip().lower(): v if isinstance(v, str) else json.dumps(v)
            for k, v in value.items()
            if v is not None and not isinstance(v, (dict, list))
        }
        records.append((number, _clean_row(cells)))
    return records


def _clean_row(cells: dict[str, str]) -> dict[str, str]:
    """The row without empty cells: an empty cell means unknown, not the empty string."""
    return {key: value.strip() for key, value in cells.items() if key and value.strip()}
