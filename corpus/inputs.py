"""The records that pass between discovery, readers and callers: inputs, rejections, outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from corpus.article import Article
from corpus.skips import kind_of


@dataclass(frozen=True)
class InputFile:
    """One file to read, with where it was found and its manifest row."""

    path: Path  # absolute (Path.absolute(), not resolve(): symlinked folders keep their name)
    root: Path  # the folder or file the user gave, absolute
    relative: str  # path relative to root, posix; for a file given directly, its name
    manifest: dict[str, str] | None = None  # the manifest row for it: only non-empty cells
    # Its lines that many pages of its source print too (corpus.repeats): furniture.
    repeated: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rejected:
    """An input that could not be used, and why, in one human line."""

    path: str
    reason: str

    @property
    def kind(self) -> str:
        """The stable kind of `reason` ("not-text", "too-large", ...: corpus/skips.py)."""
        return kind_of(self.reason)


@dataclass
class Discovery:
    """What a walk over the user's paths found."""

    inputs: list[InputFile] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    roots: list[Path] = field(default_factory=list)  # absolute roots that exist


@dataclass(frozen=True)
class InputOutcome:
    """What reading one input gave: its articles, or the reason it was rejected."""

    path: Path
    articles: list[Article] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # boilerplate lines dropped, in order
    # An input of many articles (JSON Lines): what was dropped from each, beside `articles`.
    removed_by_article: list[list[str]] | None = None
    error: str | None = None  # the reason when rejected; then `articles` is empty
    # Records of a multi-article input (lines of a JSON Lines file) that were left out, each
    # with its reason; the input's other articles are still used.
    skipped: list[Rejected] = field(default_factory=list)
