"""Text for a terminal: marked passages and sizes the CLI prints."""

import click
import pytest

from webapp.cli.terminal import human_size, terminal_passage


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
