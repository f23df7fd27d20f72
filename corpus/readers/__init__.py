"""Readers per input format, chosen by file extension."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from corpus.inputs import InputFile, InputOutcome
from corpus.readers import text

ReadFunction = Callable[[InputFile, bytes], InputOutcome]

# A reader is a module with EXTENSIONS (lower-case suffixes such as ".txt") and
# read(input, data) -> InputOutcome, which raises decoding.Unreadable (or returns an outcome
# with `error`) for bad input. Adding a format (HTML, JSON Lines) is one module in this
# folder plus its name here.
_MODULES = (text,)
READERS: dict[str, ReadFunction] = {
    extension: module.read for module in _MODULES for extension in module.EXTENSIONS
}


def find_reader(path: Path) -> ReadFunction | None:
    """The reader for the file's type, or None when no reader handles it."""
    return READERS.get(path.suffix.lower())


def is_readable(path: Path) -> bool:
    """Whether some reader handles files of this type."""
    return find_reader(path) is not None


def explain_unsupported(path: Path) -> str:
    """The rejection reason for a file no reader handles: "unsupported file type '.pdf'"."""
    if not path.suffix:
        return "unsupported file type (no extension)"
    return f"unsupported file type '{path.suffix}'"
