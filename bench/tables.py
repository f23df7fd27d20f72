"""Printing benchmark results as aligned plain-text tables (Markdown-compatible)."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Cells that read as numbers ("0.961", "12 ms", "3.1x", "–") are right-aligned.
_NUMBER = re.compile(r"[-+]?\d[\d,.]*\s*(%|x|ms|s|KB|MB|/s)?|–")


def render(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table: text columns left-aligned, number columns right-aligned.

    Floats print with three decimals; pass a string to format a value otherwise ("12.5 ms").
    """
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    numeric = [bool(cells) and all(_NUMBER.fullmatch(r[i]) for r in cells) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        padded = (v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric))
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if num else ("-" * (w + 2))
                          for w, num in zip(widths, numeric)) + "|"
    return "\n".join([line(list(headers)), rule, *(line(r) for r in cells)])


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def verdict(met: bool) -> str:
    """How a target line reads: "(met)" or "(NOT met)"."""
    return "(met)" if met else "(NOT met)"
