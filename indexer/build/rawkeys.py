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

import dataclasses
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import Iterable, Iterator, Mapping

from corpus import InputFile, Rejected, readers
from corpus.decoding import Unreadable, describe_os_error
from corpus.readers import jsonl

FIELD = "rawkey"


# A task for the readers: a whole input, a part of a JSON Lines export, or an input that
# failed part-way (its reason, for the report).
Task = InputFile | jsonl.Part | Rejected


@dataclass
class ReadPlan:
    """What a reindex still has to read, and what it may skip.

    For an update of inputs already indexed, `tasks` is a list made before reading starts,
    so `records`, `keys` and `kept` are complete. When none is (a full build, or new inputs),
    every record is read and `tasks` is a generator that reads the exports as the tasks are
    taken (any size, in bounded memory): `keys` fills as it goes, and `records` stays 0.
    """

    tasks: Iterable[Task] = field(default_factory=list)
    keys: dict[str, bytes] = field(default_factory=dict)  # article path -> key, records to read
    kept: dict[str, str] = field(default_factory=dict)  # article id -> path, records skipped
    records: int = 0  # records (lines or files) left to read
    size: int = 0  # bytes of the inputs on disk, which the tasks' `size`s add up to


def plan(
    inputs: list[InputFile], known: Mapping[str, tuple[str, bytes]], lines_per_part: int
) -> ReadPlan:
    """The reading left to do for `inputs`, given `known`: article path -> (id, raw key)
    of the indexed articles (empty for a full build). JSON Lines exports come in parts of
    `lines_per_part` lines, to be read in parallel."""
    found = ReadPlan(size=sum(map(_size, inputs)))
    tasks = _tasks(inputs, known, lines_per_part, found)
    found.tasks = list(tasks) if known else tasks
    return found


def task_size(task: Task) -> int:
    """The bytes of its input on disk a task stands for (progress goes by them)."""
    if isinstance(task, jsonl.Part):
        return task.size
    return _size(task) if isinstance(task, InputFile) else 0


def _size(input: InputFile) -> int:
    try:
        return input.path.stat().st_size
    except OSError:
        return 0


def _tasks(
    inputs: list[InputFile], known: Mapping[str, tuple[str, bytes]], lines_per_part: int, found: ReadPlan
) -> Iterator[Task]:
    for input in inputs:
        if readers.find_reader(input.path) is not jsonl.read:
            yield from _file_task(input, known, found)
            continue
        salt = _salt(input)
        given = False
        try:
            for part in jsonl.stream_parts(input, lines_per_part, readers.is_compressed(input.path)):
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
                    given = True
                    yield dataclasses.replace(part, lines=lines)
        except (OSError, Unreadable) as error:
            reason = describe_os_error(error) if isinstance(error, OSError) else error.reason
            # Nothing read yet: reading the whole input says why. Else the lines read stay.
            yield Rejected(str(input.path), f"{reason}; the lines before were read") if given else input


def _file_task(input: InputFile, known: Mapping[str, tuple[str, bytes]], found: ReadPlan) -> Iterator[Task]:
    path = str(input.path)
    key = _file_key(input, _salt(input))
    old = known.get(path)
    if key is not None and old is not None and old[1] == key:
        found.kept[old[0]] = path
        return
    if key is not None:
        found.keys[path] = key
    found.records += 1
    yield input


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
