"""Command-line pieces the benchmarks share."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def parts(known: Sequence[str]) -> Callable[[str], list[str]]:
    """An argparse type for `--only a,b`: the chosen parts of a run, each one of `known`."""

    def chosen(text: str) -> list[str]:
        picked = [part.strip() for part in text.split(",") if part.strip()]
        if not picked or any(part not in known for part in picked):
            raise argparse.ArgumentTypeError(f"choose from {', '.join(known)} (got {text!r})")
        return picked

    return chosen


@contextmanager
def work_folder(given: Path | None, prefix: str) -> Iterator[Path]:
    """The run's work folder: `given` (made if missing, kept), or a temporary one removed at the end."""
    work = given or Path(tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    try:
        yield work
    finally:
        if given is None:
            shutil.rmtree(work, ignore_errors=True)
