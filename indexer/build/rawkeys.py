"""Recognising inputs that have not changed since the last reindex from their raw bytes.

Cleaning is most of the cost of reading an input, and an incremental reindex used to
clean every input again only to find its fingerprint unchanged. Each indexed article now
keeps a key of the raw record it came from (the bytes of its file, or of its line in a
JSON Lines export, keyed by where it was found, its manifest row and its source's
repeated lines, all of which cleaning reads). A record whose key is unchanged is not read
again: its lines are blanked out of the part handed to the reader, so line numbers stay.

A WARC crawl is read whole (corpus.readers.warc), each of its articles keyed by the bytes
of the whole file: when they are unchanged, none of its records is read again.

A newer newsdesk whose cleaning gives different text for the same bytes therefore only
shows it at `reindex --full` (or when the record changes).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
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
    so `records`, `keys` and `kept` are complete. Otherwise every record is read and `tasks`
    is a generator that reads the exports as the tasks are taken (any size, in bounded
    memory). For new inputs of an update `keys` fills as it goes; for a full build `keys`
    stays empty and `records` counts as it goes (whoever reads a task takes its records'
    keys from `record_keys`, so that nothing here grows with the corpus).
    """

    tasks: Iterable[Task] = field(default_factory=list)
    keys: dict[str, bytes] = field(default_factory=dict)  # article path -> key, records to read
    kept: dict[str, str] = field(default_factory=dict)  # article id -> path, records skipped
    records: int = 0  # records (lines or files) left to read
    size: int = 0  # bytes of the inputs on disk, which the tasks' `size`s add up to


def plan(
    inputs: list[InputFile], known: Mapping[str, tuple[str, bytes]], lines_per_part: int, *, full: bool = False
) -> ReadPlan:
    """The reading left to do for `inputs`, given `known`: article path -> (id, raw key)
    of the indexed articles (empty for a full build). JSON Lines exports come in parts of
    `lines_per_part` lines, to be read in parallel."""
    found = ReadPlan(size=sum(map(_size, inputs)))
    tasks = _tasks(inputs, {} if full else known, lines_per_part, found, keep_keys=not full)
    found.tasks = tasks if full or not known else list(tasks)
    return found


def key_of(keys: dict[str, bytes], article_path: str) -> bytes:
    """The raw key of an article read in this reindex, taken out of `keys`: its record's
    ("export.jsonl#12", "page.html"), else its file's ("crawl.warc.gz#4096": read whole)."""
    key = keys.pop(article_path, None)
    return key if key is not None else keys.get(article_path.split("#", 1)[0], b"")


def record_keys(task: Task) -> dict[str, bytes]:
    """Article path -> raw key of the records of a task of a full build's plan."""
    if isinstance(task, jsonl.Part):
        salt = _salt(task.input)
        return {
            f"{task.input.path}#{number}": _record_key(raw, salt)
            for number, raw in enumerate(task.lines, start=task.first)
            if raw.strip()
        }
    if isinstance(task, InputFile) and readers.find_reader(task.path) is not jsonl.read:
        key = _file_key(task, _salt(task))
        return {str(task.path): key} if key is not None else {}
    return {}  # a failed export read whole (to say why) or a rejection: no keys, as in _tasks


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
    inputs: list[InputFile], known: Mapping[str, tuple[str, bytes]], lines_per_part: int, found: ReadPlan,
    keep_keys: bool,
) -> Iterator[Task]:
    records_of: dict[str, list[tuple[str, str]]] | None = None
    for input in inputs:
        if readers.find_file_reader(input.path) is not None and keep_keys:
            records_of = _records_by_input(known) if records_of is None else records_of
            yield from _file_task(input, known, found, keep_keys, records_of.get(str(input.path), []))
            continue
        if readers.find_reader(input.path) is not jsonl.read:
            yield from _file_task(input, known, found, keep_keys, [])
            continue
        salt = _salt(input)
        given = False
        try:
            for part in jsonl.stream_parts(input, lines_per_part, readers.is_compressed(input.path)):
                lines = []
                if not keep_keys:  # a full build: every line read, its key taken by the reader
                    found.records += sum(1 for raw in part.lines if raw.strip())
                    if any(part.lines):
                        given = True
                        yield part
                    continue
                for number, raw in enumerate(part.lines, start=part.first):
                    path = f"{input.path}#{number}"
                    key = _record_key(raw, salt)
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


def _records_by_input(known: Mapping[str, tuple[str, bytes]]) -> dict[str, list[tuple[str, str]]]:
    """Input path -> (article id, article path) of the indexed articles read from its records."""
    grouped = defaultdict(list)
    for path, (article_id, _) in known.items():
        if "#" in path:
            grouped[path.split("#", 1)[0]].append((article_id, path))
    return grouped


def _file_task(
    input: InputFile, known: Mapping[str, tuple[str, bytes]], found: ReadPlan, keep_keys: bool,
    records: list[tuple[str, str]],
) -> Iterator[Task]:
    """The input, unless its bytes are unchanged: then its article (or `records`' articles,
    for a file of many records read whole) are kept. A full build reads every input."""
    if not keep_keys:
        found.records += 1
        yield input
        return
    path = str(input.path)
    key = _file_key(input, _salt(input))
    old = known.get(path)
    articles = [(old[0], path)] if old is not None else records
    if key is not None and articles and all(known[p][1] == key for _, p in articles):
        for article_id, article_path in articles:
            found.kept[article_id] = article_path
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
    # Hashed a megabyte at a time: a WARC crawl is gigabytes (the same key as in one go).
    key = blake2b(digest_size=16, key=salt)
    try:
        with open(input.path, "rb") as data:
            while chunk := data.read(1024**2):
                key.update(chunk)
    except OSError:
        return None  # reading it will say why
    return key.digest()


def _record_key(raw: bytes, salt: bytes) -> bytes:
    return blake2b(raw, digest_size=16, key=salt).digest()
