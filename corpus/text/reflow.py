"""Rejoining sentences that flattening broke at inline markup.

Whole-page text puts every text node on its own line, so a link or an italic title in the
middle of a sentence splits it: "HP, as Gizmodo very" / "recently" / "explained" / ", is a
complex and". Each piece alone looks like a menu entry, and the paragraph is lost. A line
that starts in lower case or with closing punctuation cannot start a block of text: it
continues the line before.

Text that was wrapped by hand in the page's source (press releases, wire copy, old pages)
keeps its line breaks inside a paragraph: "... Portland outscored" / "Philadelphia 35-9 in
the fourth." A long sentence-case line that stops on a word no sentence or headline ends
with ("the", "of", "for"), or on a comma, runs on into the next line too.
"""

from __future__ import annotations

from corpus.text.lines import ends_sentence, is_furniture, share_capitalised, split_words

# Punctuation that closes or continues a sentence, never opens a block of text.
_CONTINUATION = frozenset(",.;:)]}!?%’”»…")
# A capitalised piece between two fragments ("... set me off" / "The Dragon Waiting" /
# ", and it was ...") is an inline title or name when it is this short.
MAX_BRIDGE_WORDS = 6
# A hard-wrapped line is a column of text wide: at least this many words.
MIN_WRAPPED_WORDS = 6
# Words that end no sentence and no headline (in lower case: a title-case headline may end
# "... Worth Fighting For"): a line that stops on one was cut at the column's edge.
_DANGLING = frozenset(
    """
    a an the and or but nor of to in on at by for from with into onto upon over under as than
    that which who whom whose whether if while when where because although though so its his
    her their our your my this these those is are was were be been being has have had will
    would could should can may might must not after before between through during against
    among including
    """.split()
)


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

    A line joins the one before when it `continues` an open line or the open line `wraps`
    into it; a short piece between an
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
            if continues(line) or _names_after(lines[-1]) or wraps(lines[-1], line):
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


def wraps(line: str, following: str) -> bool:
    """Whether a hard-wrapped sentence runs on from `line` into `following`.

    `line` is a column wide, in sentence case, and stops on a comma or a dangling word;
    `following` is text, not furniture such as a date or a credit under a headline.
    """
    words = line.split()
    if len(words) < MIN_WRAPPED_WORDS or share_capitalised(line) >= 0.5:
        return False
    if not (line.endswith(",") or words[-1] in _DANGLING):
        return False
    return following[:1].isalnum() and not is_furniture(following) and not is_furniture(line)
