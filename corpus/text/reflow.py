"""Rejoining sentences that flattening broke at inline markup.

Whole-page text puts every text node on its own line, so a link or an italic title in the
middle of a sentence splits it: "HP, as Gizmodo very" / "recently" / "explained" / ", is a
complex and". Each piece alone looks like a menu entry, and the paragraph is lost. A line
that starts in lower case or with closing punctuation cannot start a block of text: it
continues the line before.
"""

from __future__ import annotations

from corpus.text.lines import ends_sentence, split_words

# Punctuation that closes or continues a sentence, never opens a block of text.
_CONTINUATION = frozenset(",.;:)]}!?%’”»…")
# A capitalised piece between two fragments ("... set me off" / "The Dragon Waiting" /
# ", and it was ...") is an inline title or name when it is this short.
MAX_BRIDGE_WORDS = 6


def continues(line: str) -> bool:
    """Whether the line reads as the rest of a sentence: lower case or closing punctuation first."""
    first = line[:1]
    return first.islower() or first in _CONTINUATION


def is_open(line: str) -> bool:
    """Whether a sentence may run on past the end of the line."""
    return not ends_sentence(line)


def join(left: str, right: str) -> str:
    """The two pieces as one line: no space before closing punctuation."""
    return left + right if right[:1] in _CONTINUATION else f"{left} {right}"


def rejoin_fragments(
    page: list[str], counts: list[int]
) -> tuple[list[str], list[int], list[list[str]]]:
    """The lines with sentence fragments joined, how often each was printed, and its pieces.

    A line joins the one before when it `continues` an open line; a short piece between an
    open line and a continuation joins both ("... set me off" "The Dragon Waiting" ", and"),
    and a name follows a lone "By" (a byline whose author was a link).
    A joined line counts as printed once; its pieces are the page's lines it was made of.
    """
    lines: list[str] = []
    printed: list[int] = []
    pieces: list[list[str]] = []
    index = 0
    while index < len(page):
        line = page[index]
        if lines and is_open(lines[-1]):
            if continues(line) or _names_after(lines[-1]):
                taken = 1
            else:
                taken = 2 if _bridges(page, index) else 0
            if taken:
                for piece in page[index:index + taken]:
                    lines[-1] = join(lines[-1], piece)
                    pieces[-1].append(piece)
                printed[-1] = 1
                index += taken
                continue
        lines.append(line)
        printed.append(counts[index])
        pieces.append([line])
        index += 1
    return lines, printed, pieces


def _names_after(line: str) -> bool:
    """Whether the line is a byline's opening whose names were links: "By", "Written by"."""
    words = line.split()
    return bool(words) and len(words) <= MAX_BRIDGE_WORDS and words[-1].lower() == "by"


def _bridges(page: list[str], index: int) -> bool:
    """Whether page[index] is a short inline piece followed by the rest of the sentence."""
    return (
        index + 1 < len(page)
        and len(split_words(page[index])) <= MAX_BRIDGE_WORDS
        and is_open(page[index])
        and continues(page[index + 1])
    )
