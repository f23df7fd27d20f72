"""Attention over time as a stacked bar chart drawn on the server (SVG), with the table
behind it: each period a column of outlets' matches, each outlet always the same colour.

The page has no inline styles (its Content-Security-Policy forbids them): sizes and
colours are SVG attributes, worked out here.
"""

from __future__ import annotations

import colorsys
import hashlib
from dataclasses import dataclass
from datetime import date

import numpy as np

from indexer.present.coverage import Comparison, Coverage

WIDTH, HEIGHT = 720, 200  # the drawing's own units; the page scales it to its column
LEFT, BOTTOM = 44, 24  # room for the count axis and the period labels
OTHERS_COLOUR = "#8a8f94"  # the outlets beyond the top N: a grey, no outlet's hue
# Each outlet's colour is one of two lightnesses (a second pick from its hash, so that
# outlets of near hues still differ), each 3:1 or more against the light and the dark page.
_LUMINANCES = (0.13, 0.24)


def outlet_colour(name: str) -> str:
    """A colour of the outlet's own, the same on every page and every run: a hue taken from
    the name's hash, its lightness set so that no hue is much fainter than another."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    hue = int.from_bytes(digest[:4], "big") / 2**32
    wanted = _LUMINANCES[digest[4] % len(_LUMINANCES)]
    low, high = 0.0, 1.0
    for _ in range(20):  # the lightness giving the wanted luminance, by bisection
        middle = (low + high) / 2
        low, high = (middle, high) if _luminance(colorsys.hls_to_rgb(hue, middle, 0.7)) < wanted else (low, middle)
    red, green, blue = colorsys.hls_to_rgb(hue, low, 0.7)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def _luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG's relative luminance."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def period_label(interval: str, start: str) -> str:
    """A period as a person reads it: 17 Jul 2025, week of 14 Jul 2025, July 2025, 2025."""
    first = date.fromisoformat(start)
    if interval == "year":
        return str(first.year)
    if interval == "month":
        return first.strftime("%B %Y")
    day = f"{first.day} {first.strftime('%b %Y')}"
    return f"week of {day}" if interval == "week" else day


@dataclass(frozen=True)
class Column:
    label: str
    title: str  # the period's numbers in words, outlet by outlet: shown on pointing at it
    start: str
    end: str
    x: float
    width: float
    matching: int
    total: int
    ratio: float
    counts: list[int]  # each legend entry's matches in the period, in legend order


@dataclass(frozen=True)
class Series:
    """One outlet's parts of every column, drawn as one path: years of months by ten outlets
    are two thousand rectangles, which cost more to write into the page than the search."""

    name: str
    colour: str
    path: str  # an SVG path of one rectangle per period with matches


@dataclass(frozen=True)
class Legend:
    name: str
    colour: str
    matching: int
    undated: int


@dataclass(frozen=True)
class Chart:
    """What the template draws: columns, the legend, the count axis and a few period labels."""

    interval: str
    columns: list[Column]
    legend: list[Legend]
    series: list[Series]
    tallest: int
    ticks: list[tuple[float, str]]  # x, label of the periods named under the axis
    summary: str  # the chart in one sentence, for screen readers and the caption

    @property
    def plot_bottom(self) -> int:
        return HEIGHT - BOTTOM


def chart_of(coverage: Coverage) -> Chart | None:
    """The chart of a coverage document; None when no match has a date."""
    if not coverage.buckets:
        return None
    series = coverage.series or []
    legend = [Legend(s.name, _colour_of(s.name, s.source), s.matching, s.matching - sum(s.counts)) for s in series]
    tallest = max(b.matching for b in coverage.buckets) or 1
    step = (WIDTH - LEFT) / len(coverage.buckets)
    gap = step * 0.15 if step > 3 else 0
    plot = HEIGHT - BOTTOM
    names = [item.name for item in legend] or ["matching"]
    colours = [item.colour for item in legend] or [OTHERS_COLOUR]
    # One row per outlet (or one of every match), one column per period, stacked upwards.
    counts = np.array([s.counts for s in series] if series else [[b.matching for b in coverage.buckets]])
    heights = (counts / tallest * (plot - 8)).round(2)
    tops = (plot - np.cumsum(counts / tallest * (plot - 8), axis=0)).round(2)
    xs = (LEFT + np.arange(len(coverage.buckets)) * step + gap / 2).round(2).tolist()
    width = round(step - gap, 2)
    columns = []
    for n, bucket in enumerate(coverage.buckets):
        label = period_label(coverage.interval, bucket.start)
        parts = "".join(f"; {name} {count}" for name, count in zip(names, counts[:, n].tolist()) if count)
        title = f"{label}: {bucket.matching} matching of {bucket.total} indexed{parts if series else ''}"
        columns.append(Column(label, title, bucket.start, bucket.end, xs[n], width, bucket.matching,
                              bucket.total, bucket.ratio, [s.counts[n] for s in series]))
    drawn = [
        Series(name, colour, "".join(f"M{xs[n]} {top}h{width}v{height}h{-width}z" for n, top, height in
                                     zip(np.flatnonzero(row).tolist(), tops[k][row > 0].tolist(),
                                         heights[k][row > 0].tolist())))
        for k, (name, colour, row) in enumerate(zip(names, colours, counts)) if row.any()
    ]
    return Chart(coverage.interval, columns, legend, drawn, tallest, _ticks(columns, step), _summary(coverage))


def _colour_of(name: str, source: str | None) -> str:
    return outlet_colour(source) if source is not None else OTHERS_COLOUR


def _ticks(columns: list[Column], step: float) -> list[tuple[float, str]]:
    """The first, last and up to three periods between, named under the axis."""
    if len(columns) == 1:
        return [(columns[0].x + columns[0].width / 2, columns[0].label)]
    picks = sorted({round(i * (len(columns) - 1) / 4) for i in range(5)})
    return [(columns[i].x + columns[i].width / 2, columns[i].label) for i in picks]


def _summary(coverage: Coverage) -> str:
    dated = coverage.matching - coverage.undated
    peak = max(coverage.buckets, key=lambda b: b.matching)
    text = (f"{dated} dated matching article{'' if dated == 1 else 's'} by {coverage.interval}, "
            f"{period_label(coverage.interval, coverage.buckets[0].start)} to "
            f"{period_label(coverage.interval, coverage.buckets[-1].start)}; the most ({peak.matching}): "
            f"{period_label(coverage.interval, peak.start)}.")
    if coverage.undated:
        text += f" {coverage.undated} of {coverage.matching} have no date and are not drawn."
    return text


@dataclass(frozen=True)
class Trace:
    """One query of a comparison as a line: its colour and the points it joins."""

    query: str
    colour: str
    points: str  # "x,y x,y ...", as an SVG polyline takes them
    matching: int
    undated: int


@dataclass(frozen=True)
class CompareChart:
    interval: str
    traces: list[Trace]
    tallest: int
    ticks: list[tuple[float, str]]
    labels: list[str]  # each period as a person reads it, for the table

    @property
    def plot_bottom(self) -> int:
        return HEIGHT - BOTTOM


def compare_chart_of(comparison: Comparison) -> CompareChart | None:
    """A line per query over the common periods; None when no match has a date."""
    if not comparison.periods:
        return None
    width = len(comparison.periods)
    tallest = max((max(line.counts) for line in comparison.lines), default=0) or 1
    step = (WIDTH - LEFT) / width
    xs = [LEFT + step * (n + 0.5) for n in range(width)]
    plot = HEIGHT - BOTTOM
    traces = [
        Trace(line.query, outlet_colour(line.query),
              " ".join(f"{x:.1f},{plot - count / tallest * (plot - 8):.1f}" for x, count in zip(xs, line.counts)),
              line.matching, line.undated)
        for line in comparison.lines
    ]
    labels = [period_label(comparison.interval, period.start) for period in comparison.periods]
    picks = sorted({round(i * (width - 1) / 4) for i in range(5)})
    return CompareChart(comparison.interval, traces, tallest, [(xs[i], labels[i]) for i in picks], labels)
