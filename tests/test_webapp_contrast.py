"""Colour contrast of the stylesheet's palette, light and dark, to WCAG AA (4.5:1 for text)."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[1] / "webapp" / "static" / "newsdesk.css").read_text()
# (foreground, background) pairs the pages put text in.
TEXT_PAIRS = [("fg", "bg"), ("muted", "bg"), ("link", "bg"), ("visited", "bg"), ("fg", "panel"),
              ("muted", "panel"), ("link", "panel"), ("mark-fg", "mark-bg"), ("danger", "bg"),
              ("fg", "ins-bg"), ("fg", "del-bg")]


def palette(block):
    return {name: value for name, value in re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block)}


def palettes():
    light = palette(CSS.split("@media (prefers-color-scheme: dark)")[0])
    dark_block = CSS.split("@media (prefers-color-scheme: dark)")[1].split("}\n}")[0]
    return {"light": light, "dark": {**light, **palette(dark_block)}}


def luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("fg, bg", TEXT_PAIRS)
def test_text_colours_meet_aa(scheme, fg, bg):
    colours = palettes()[scheme]
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= 4.5, f"{scheme}: --{fg} on --{bg} is {ratio:.2f}:1"


def test_both_schemes_define_the_text_colours():
    light, dark = palettes()["light"], palette(CSS.split("@media (prefers-color-scheme: dark)")[1])
    assert {fg for fg, _ in TEXT_PAIRS} | {bg for _, bg in TEXT_PAIRS} <= set(light) & set(dark)
