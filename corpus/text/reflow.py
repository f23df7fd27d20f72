"""Rejoining sentences that flattening broke at inline markup.

Whole-page text puts every text node on its own line, so a link or an italic title in the
middle of a sentence splits it: "HP, as Gizmodo very" / "recently" / "explained" / ", is a
complex and". Each piece alone looks like a menu entry, and the paragraph is lost. A line
that starts in lower case or with closing punctuation cannot start a block of text: it
continues the line before.

Text that was wrapped by hand in the page's source (press releases, wire copy, old pages)
keeps its line breaks inside a paragraph: "... Portland outscored" / "Philadelphia 35-9 in
the fourth." A long sentence-case line that stops on a word no sentence or headline ends
with ("the", "of", "for"), or on a comma, runs on into the next line too. Where the page is
such a column (`column_width`), a line that fills it runs on whatever its last word: wire copy
breaks after names too ("... Las Vegas Convention" / "Center).").
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
# A page is a hand-wrapped column when this many wrapped lines end within COLUMN_SLACK
# characters of the longest of them: a text editor's fixed width, not chance.
MIN_COLUMN_LINES = 4
COLUMN_SLACK = 12
# A line fills the column when the next word would have passed its width less this much: the
# width was counted with trailing spaces or entities that flattening drops.
COLUMN_TOLERANCE = 2
# ...and at most this many lines of text per wrapped line are wider than the column.
MAX_WIDER_SHARE = 2
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
    width = column_width(page)
    index = 0
    while index < len(page):
        line = page[index]
        if lines and is_open(lines[-1]):
            if continues(line) or _names_after(lines[-1]) or wraps(lines[-1], line, width, pieces[-1][-1]):
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


def wraps(line: str, following: str, width: int | None = None, last: str | None = None) -> bool:
    """Whether a hard-wrapped sentence runs on from `line` into `following`.

    `line` is a column wide, and either in sentence case and stopping on a comma or a
    dangling word, or its `last` printed line fills the page's column `width` (the next word
    would not have fit); `following` is text, not furniture such as a date or a credit under
    a headline.
    """
    words = line.split()
    if len(words) < MIN_WRAPPED_WORDS or not following[:1].isalnum():
        return False
    dangling = share_capitalised(line) < 0.5 and (line.endswith(",") or words[-1] in _DANGLING)
    last = last or line
    full = width is not None and len(last) <= width < len(last) + 1 + len(following.split()[0]) + COLUMN_TOLERANCE
    # A column-filling line is text whatever it names ("... (Reuters) - Israeli Shahar").
    return (full or dangling and not is_furniture(line)) and not is_furniture(following)


def column_width(page: list[str]) -> int | None:
    """The width of the column the page's text was wrapped to by hand, or None if it was not.

    Lines that run on into a lower-case line were wrapped; when MIN_COLUMN_LINES of them end
    within COLUMN_SLACK characters of the longest such, and few lines of text run past it,
    that length is the column.
    """
    lengths = sorted(
        len(line) for line, following in zip(page, page[1:])
        if len(line.split()) >= MIN_WRAPPED_WORDS and is_open(line) and continues(following)
    )
    best, width = 0, None
    for index, length in enumerate(lengths):
        start = next(i for i, other in enumerate(lengths) if other >= length - COLUMN_SLACK)
        if index + 1 - start >= best:
            best, width = index + 1 - start, length
    if best < MIN_COLUMN_LINES or width is None:
        return None
    # The column holds the page's text: few of its lines run past it (menus, captions).
    wider = sum(1 for line in page if len(line) > width and len(line.split()) >= MIN_WRAPPED_WORDS)
    return width if wider <= MAX_WIDER_SHARE * best else None
