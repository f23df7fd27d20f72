"""Text for a terminal: the styling codes, marked passages and sizes the CLI prints."""

import click
import pytest

from webapp.terminal import human_size, style, terminal_passage


@pytest.mark.parametrize("options", [{"bold": True}, {"fg": "cyan"}, {"fg": "red"}, {"fg": "yellow", "bold": True}])
def test_style_writes_the_codes_click_writes(options):
    # click.echo strips exactly these codes when the output is not a terminal.
    assert style("Kursk", **options) == click.style("Kursk", **options)
    assert click.unstyle(style("Kursk", **options)) == "Kursk"


def test_terminal_passages_style_marks_and_unescape_entities():
    styled = terminal_passage("Laos &amp; <mark>Kursk</mark> &quot;demining&quot; <mark>Kursk</mark>")
    word = click.style("Kursk", bold=True, fg="yellow")
    assert styled == f'Laos & {word} "demining" {word}'


@pytest.mark.parametrize("size, shown", [
    (0, "0 bytes"), (1023, "1023 bytes"), (1024, "1.0 KB"), (1536, "1.5 KB"),
    (5 * 1024**2, "5.0 MB"), (3 * 1024**4, "3072.0 GB"),
])
def test_human_size_counts_in_powers_of_1024_up_to_gigabytes(size, shown):
    assert human_size(size) == shown
