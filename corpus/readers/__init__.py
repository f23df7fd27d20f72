"""Readers per input format, chosen by file extension (".gz" compressed inputs included)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from corpus.inputs import InputFile, InputOutcome
from corpus.readers import html, jsonl, text, warc

ReadFunction = Callable[[InputFile, bytes], InputOutcome]
FileReadFunction = Callable[[InputFile], InputOutcome]

# A reader is a module with EXTENSIONS (lower-case suffixes such as ".txt"), MAX_BYTES and
# read(input, data) -> InputOutcome, which raises decoding.Unreadable (or returns an outcome
# with `error`) for bad input. Adding a format (HTML, JSON Lines) is one module in this
# folder plus its name here.
_MODULES = (text, jsonl, html)
READERS: dict[str, ReadFunction] = {
    extension: module.read for module in _MODULES for extension in module.EXTENSIONS
}
# The most bytes (after decompression) one input of each type may hold; each module sets
# MAX_BYTES: a page is never tens of megabytes, an export may be gigabytes.
# Formats read straight from the file instead: read_file(input) -> InputOutcome streams it
# (a WARC crawl is gigabytes, and warcio reads its gzip members itself).
_FILE_MODULES = (warc,)
FILE_READERS: dict[str, FileReadFunction] = {
    extension: module.read_file for module in _FILE_MODULES for extension in module.EXTENSIONS
}
MAX_BYTES: dict[str, int] = {
    extension: module.MAX_BYTES for module in (*_MODULES, *_FILE_MODULES) for extension in module.EXTENSIONS
}


# Compressed inputs: "page.html.gz" is read as "page.html" once decompressed.
COMPRESSED_SUFFIX = ".gz"


def format_suffix(path: Path) -> str:
    """The suffix that names the format: ".jsonl" for "export.jsonl.gz", ".txt" for "a.TXT"."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == COMPRESSED_SUFFIX:
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def is_compressed(path: Path) -> bool:
    """Whether the input is gzip-compressed (by its name; the bytes are checked on reading)."""
    return path.suffix.lower() == COMPRESSED_SUFFIX


def find_reader(path: Path) -> ReadFunction | None:
    """The reader for the file's type, or None when no reader handles it."""
    return READERS.get(format_suffix(path))


def find_file_reader(path: Path) -> FileReadFunction | None:
    """The reader that reads files of this type from disk itself, or None."""
    return FILE_READERS.get(format_suffix(path))


def max_bytes(path: Path) -> int:
    """The size limit for inputs of this file's type (0 when no reader handles it)."""
    return MAX_BYTES.get(format_suffix(path), 0)


def is_readable(path: Path) -> bool:
    """Whether some reader handles files of this type."""
    return find_reader(path) is not None or find_file_reader(path) is not None


def explain_unsupported(path: Path) -> str:
    """The rejection reason for a file no reader handles: "unsupported file type '.pdf'"."""
    suffix = format_suffix(path)
    if not suffix:
        return "unsupported file type (no extension)"
    if is_compressed(path):
        return f"unsupported file type '{suffix}.gz'"
    return f"unsupported file type '{suffix}'"
