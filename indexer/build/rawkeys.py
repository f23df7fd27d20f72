"""Recognising inputs that have not changed since the last reindex from their raw bytes.

Cleaning is most of the cost of reading an input, and an incremental reindex used to
clean every input again only to find its fingerprint unchanged. Each indexed article now
keeps a key of the raw record it came from (the bytes of its file, or of its line in a
JSON Lines export, keyed by where it was found, its manifest row and its source's
repeated lines, all of which cleaning reads). A record whose key is unchanged is not read
again: its lines are blanked out of the part handed to the reader, so line numbers stay.

A newer newsdesk whose cleaning gives different text for the same bytes therefore only
shows it at `reindex --full` (or when the record changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from hashlib import blake2b
from typing import Mapping

from corpus import InputFile
from corpus.ingestion import split_input
from corpus.readers import jsonl

FIELD = "rawkey"


@dataclass
class ReadPlan:
    """What a reindex still has to read, and what it may skip."""

    tasks: list[InputFile | jsonl.Part] = field(default_factory=list)
    keys: dict[str, bytes] = field(default_factory=dict)  # article path -> key, records to read
    kept: dict[str, str] = field(default_factory=dict)  # article id -> path, records skipped
    records: int = 0  # records (lines or files) left to read


def plan(
    inputs: list[InputFile], known: Mapping[str, tuple[str, bytes]], lines_per_part: int
) -> ReadPlan:
    """The reading left to do for `inputs`, given `known`: article path -> (id, raw key)
    of the indexed articles (empty for a full build). JSON Lines exports come in parts of
    `lines_per_part` lines, to be read in parallel."""
    found = ReadPlan()
    for input in inputs:
        salt = _salt(input)
        parts = split_input(input, lines_per_part, single=True)
        if parts is None:
            path = str(input.path)
            key = _file_key(input, salt)
            old = known.get(path)
            if key is not None and old is not None and old[1] == key:
                found.kept[old[0]] = path
                continue
            if key is not None:
                found.keys[path] = key
            found.tasks.append(input)
            found.records += 1
            continue
        for part in parts:
            lines = []
            for number, raw in enumerate(part.lines, start=part.first):
                path = f"{input.path}#{number}"
                key = blake2b(raw, digest_size=16, key=salt).digest()
                old = known.get(path)
                if old is not None and old[1] == key:
                    found.kept[old[0]] = path
                    lines.append(b"")
                    continue
                lines.append(raw)
                if raw.strip():
                    found.keys[path] = key
                    found.records += 1
            if any(lines):
                found.tasks.append(jsonl.Part(part.input, part.first, lines))
    return found


def _salt(input: InputFile) -> bytes:
    """What besides its bytes shapes a record's article: where it is, its manifest row,
    its source's repeated lines. Up to 64 bytes, a blake2b key."""
    h = blake2b(digest_size=32)
    for text in (input.relative, repr(sorted((input.manifest or {}).items())), *sorted(input.repeated)):
        h.update(text.encode("utf-8", "surrogateescape") + b"\0")
    return h.digest()


def _file_key(input: InputFile, salt: bytes) -> bytes | None:
    try:
        data = input.path.read_bytes()
    except OSError:
        return None  # reading it will say why
    return blake2b(data, digest_size=16, key=salt).digest()
