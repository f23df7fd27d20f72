"""Command-line pieces the benchmarks share."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence


def parts(known: Sequence[str]) -> Callable[[str], list[str]]:
    """An argparse type for `--only a,b`: the chosen parts of a run, each one of `known`."""

    def chosen(text: str) -> list[str]:
        picked = [part.strip() for part in text.split(",") if part.strip()]
        if not picked or any(part not in known for part in picked):
            raise argparse.ArgumentTypeError(f"choose from {', '.join(known)} (got {text!r})")
        return picked

    return chosen
