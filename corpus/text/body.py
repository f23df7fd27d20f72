"""Finding the article body among a page's lines, and other articles' teasers and boxes around it.

Stages 2, 4 and 6 of `cleaning.clean_text`: the best-scoring run of paragraphs, where the
body starts and ends, and the lines inside it that belong to other articles or to the
author's box.
"""

from __future__ import annotations

import re

from corpus.text import byline, patterns
from corpus.text import lines as kinds
from corpus.text.headline import HEADER_LINES, starts_like_headline, tokenise
from corpus.text.threads import find_thread

# What a line that is not a paragraph costs the run it sits in, in characters of paragraph
# text: ten such lines in a row (a widget, a list of related headlines) outweigh a paragraph.
LINE_COST = 60
# This many headline-and-summary pairs in a row are a list of other articles.
MIN_TEASERS = 3
# ...when their summaries are a sentence or two: a teaser's summary is short. Pairs whose
# summaries run longer (by their median) are the article's own sub-headed sections.
MAX_TEASER_WORDS = 45
# This many headline-like lines of at least MIN_RUN_WORDS words in a row inside the body are
# a box of other articles' headlines.
MIN_RUN_LINES = 4
MIN_RUN_WORDS = 5
# A heading over related articles costs more: the teasers after it never extend the article;
# so does a story's closing notice ("All rights reserved."), never read as a box in the story.
RELATED_HEADING_COST, CLOSING_NOTICE_COST = 1000, 1001
# A related heading right after a paragraph, whose box of at most MAX_BOX_LINES links is
# followed by this many paragraphs in a row, is a box inside the story.
MAX_BOX_LINES = 8
MIN_PROSE_AFTER_BOX = 3
# A list the article ends with: an intro line ending with a colon, then at least this many
# items that each start with a number or a bullet ("1)", "2.", "•", "-").
MIN_LIST_ITEMS = 2
_LIST_ITEM = re.compile(r"(\d{1,3}[.)]|[•·▪◦*–-])\s+\S")
# A prose line this long right after the article's last paragraph ends the article even
# without a full stop: the agency's name often closes the story instead ("... the US. PTI").
MIN_CLOSING_WORDS = 20
# ...and is mostly letters: a script printed as text is not (nor is it a box's headline).
MIN_CLOSING_LETTERS = 0.85
# It may be cut off with an ellipsis from this length: behind a paywall the story stops
# mid-paragraph ("... may receive further discipline...."); a teaser's summary is shorter.
CUT_PARAGRAPH_WORDS = 30
# A line of the header that holds this share of the headline's words (of at least
# MIN_RESTATED_WORDS) is the headline printed again, not a standfirst.
RESTATED_SHARE = 0.6
MIN_RESTATED_WORDS = 4
# A comment section after a span with this much text ends the article.
MIN_ARTICLE_CHARS = 400
# An author's box closing the body starts this close to its end (a name, a bio, a link or two),
# under a label of at most this many words ("About the author").
MAX_AUTHOR_BOX_LINES = 4
MAX_LABEL_WORDS = 3


def find_article(page: list[str], repeated: frozenset[str] = frozenset(),
                 tables: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """(first, last) indexes of the article's paragraph span, or None if there is no paragraph.

    Every paragraph, and every line of a table (`tables.find_tables`: a standings or calendar
    page is mostly table), earns its length in characters; every other line costs LINE_COST:
    the article is the run of lines with the highest total (the best-scoring contiguous region,
    as in body-text extraction), so a widget of a few lines inside the article is crossed while
    a long menu or list of headlines is not. A related heading or a closing notice costs much
    more. A comment section (a heading, a signed thread) ends the candidates once a substantial
    run has been seen: comments can outweigh a short article."""
    teasers = find_teasers(page, repeated)
    thread = find_thread(page)
    boxed = _boxes_inside_prose(page, repeated)
    best: tuple[int, int] | None = None
    best_total = 0
    first: int | None = None  # first paragraph of the current run, None when no run is open
    last = 0  # last paragraph of the current run
    total = 0
    in_box = False  # inside a box of links that sits in the story
    for index, line in enumerate(page):
        if (kinds.is_comments_heading(line) or index == thread) and best_total >= MIN_ARTICLE_CHARS:
            break
        if index in teasers:
            total -= LINE_COST * 2  # the headline and summary of another article
            continue
        if index in boxed:
            continue  # a box of headlines inside the story costs as its first line
        cost = 0 if index in tables else line_cost(line, repeated)
        if cost == RELATED_HEADING_COST and _box_inside_prose(page, index, repeated):
            # A box of links inside the story: the story goes on after it. Once the story has
            # a substantial run, the box costs as one line, whatever its number of links.
            cost, in_box = LINE_COST, total >= MIN_ARTICLE_CHARS
        elif in_box and cost == LINE_COST:
            cost = 0
        else:
            in_box = False
        total -= cost
        if index not in tables and not _is_paragraph(line, repeated):
            continue
        if first is None or total <= 0:
            first, total = index, 0  # the run so far costs more than it brings: start afresh
        total += len(line)
        last = index
        if total > best_total:
            best, best_total = (first, last), total
    return best


def _box_inside_prose(page: list[str], index: int, repeated: frozenset[str]) -> bool:
    """Whether the related heading at `index` sits between paragraphs: a paragraph at most
    MAX_BOX_LINES lines before it, and after its few links MIN_PROSE_AFTER_BOX paragraphs
    in a row ("Related articles", two headlines, then the story again)."""
    before = page[max(0, index - MAX_BOX_LINES):index]
    if not any(_is_paragraph(line, repeated) for line in before):
        return False
    run = 0
    for line in page[index + 1:index + 1 + MAX_BOX_LINES + MIN_PROSE_AFTER_BOX]:
        run = run + 1 if _is_paragraph(line, repeated) else 0
        if run >= MIN_PROSE_AFTER_BOX:
            return True
    return False


def line_cost(line: str, repeated: frozenset[str] = frozenset()) -> int:
    """What a line costs the run of paragraphs it sits in (paragraphs cost nothing)."""
    if kinds.is_related_heading(line):
        return RELATED_HEADING_COST
    if patterns.CLOSING_NOTICE.search(line):
        return CLOSING_NOTICE_COST
    return 0 if _is_paragraph(line, repeated) else LINE_COST


def find_teasers(page: list[str], repeated: frozenset[str] = frozenset()) -> set[int]:
    """Indexes of the lines of teaser lists: headline, one-paragraph summary, headline, ...

    An article's paragraphs follow each other; a list of other articles alternates a short
    headline with a single summary. MIN_TEASERS such pairs in a row make a list, unless their
    summaries are paragraphs of an article's length (MAX_TEASER_WORDS): sections of the story.
    """
    def summary(index: int) -> bool:  # a lone paragraph right under a headline-like line
        return (
            0 < index < len(page) - 1
            and _is_paragraph(page[index], repeated)
            and _is_teaser_headline(page[index - 1], repeated)
            and not _is_paragraph(page[index + 1], repeated)
        )
    found: set[int] = set()
    index = 1
    while index < len(page):
        end = index
        while summary(end):
            end += 2
        after_prose = index >= 2 and _is_paragraph(page[index - 2], repeated)
        if (end - index) // 2 >= MIN_TEASERS and not after_prose and _short_summaries(page, range(index, end, 2)):
            found.update(range(index - 1, end - 1))
            index = end
        else:
            index += 1
    return found


def _short_summaries(page: list[str], summaries: range) -> bool:
    """Whether the median summary of a run of pairs is teaser-short."""
    words = sorted(kinds.count_words(page[i]) for i in summaries)
    return words[len(words) // 2] <= MAX_TEASER_WORDS


def _is_teaser_headline(line: str, repeated: frozenset[str]) -> bool:
    """A headline-like line that is no label ("Elizabeth A. Burton:") or citation ("[ Wired]")."""
    return (
        kinds.is_headline(line) and starts_like_headline(line) and not line.endswith(":")
        and not _is_paragraph(line, repeated)
    )


def find_body(page: list[str], span: tuple[int, int], headline: int | None,
              repeated: frozenset[str] = frozenset(), tables: frozenset[int] = frozenset(),
              ) -> tuple[int, int, int] | None:
    """(first, last, second): the body's first and last line, and its second paragraph.

    The body runs from the first paragraph (or table line) after the headline to the end of
    the article span, extended back to a standfirst that follows the headline. Bylines sit
    before the second paragraph.
    """
    # A headline before the span pulls the start back to it: a widget or gallery in the
    # first paragraphs can split the article, and its first part follows the headline.
    # Not the page's first line: in whole-page text that is the <title>, above every menu.
    paragraphs = [i for i in range(span[0], span[1] + 1) if i in tables or _is_paragraph(page[i], repeated)]
    if headline is not None:
        lead = [i for i in range(headline + 1, span[0]) if _is_paragraph(page[i], repeated)]
        if lead and headline > 0:
            paragraphs = lead + paragraphs
    if not paragraphs:
        return None
    first, last = paragraphs[0], _list_after(page, _unpunctuated_after(page, paragraphs[-1], repeated))
    signed = [i for i in range(headline + 1 if headline is not None else 0, span[0])
              if byline.parse_byline(page[i]) is not None]
    if signed and first < signed[-1]:
        # The byline opens the story: what sits between the headline and it is the page's
        # header (a summary, a picture's caption, a share bar), not the story.
        paragraphs = [i for i in paragraphs if i > signed[-1]]
        if paragraphs:
            return paragraphs[0], last, paragraphs[1] if len(paragraphs) > 1 else last + 1
    if headline is not None:
        start = max(headline + 1, first - HEADER_LINES)
        # The headline printed again in other words (the page's <h1> under its <title>) is
        # no standfirst, and the standfirst comes after it.
        copies = [i for i in range(start, first) if _restates(page[i], page[headline])]
        lead = range(copies[-1] + 1 if copies else start, first)
        first = next((i for i in lead if kinds.is_standfirst(page[i])), first)
    second = paragraphs[1] if len(paragraphs) > 1 else last + 1
    return first, last, second


def _restates(line: str, headline: str) -> bool:
    """Whether a short line holds most of the headline's words: the headline in other words."""
    wanted = set(tokenise(headline))
    words = tokenise(line)
    return (len(wanted) >= MIN_RESTATED_WORDS and len(words) <= 2 * len(wanted)
            and len(wanted & set(words)) >= RESTATED_SHARE * len(wanted))


def _unpunctuated_after(page: list[str], last: int, repeated: frozenset[str]) -> int:
    """The article's last paragraph: `last`, or the long prose line right after it that lacks
    only the full stop (a closing paragraph signed with the agency's name: "... the US. PTI")."""
    if last + 1 < len(page) and page[last + 1] not in repeated and _is_closing_prose(page[last + 1]):
        return last + 1
    return last


def _is_closing_prose(line: str) -> bool:
    """Sentence-case words, mostly letters (not code), not announcing a list, not cut off
    unless it is as long as a paragraph a paywall cuts."""
    words, cut = kinds.count_words(line), line.endswith(("...", "…"))
    return (words >= MIN_CLOSING_WORDS and kinds.share_capitalised(line) < 0.5 and _mostly_letters(line)
            and not line.endswith(":") and not kinds.is_furniture(line) and (not cut or words >= CUT_PARAGRAPH_WORDS))


def _mostly_letters(line: str) -> bool:
    return sum(c.isalpha() for c in line) >= MIN_CLOSING_LETTERS * len(line.replace(" ", ""))


def _list_after(page: list[str], last: int) -> int:
    """The article's last line: `last`, or the end of the numbered or bulleted list that an intro
    line ending with a colon (`last`, or right after it) announces ("Here are the deals:", "1) ...")."""
    intro = last if page[last].endswith(":") else last + 1
    if intro >= len(page) or not page[intro].endswith(":") or kinds.is_furniture(page[intro]):
        return last
    end = intro
    while end + 1 < len(page) and _LIST_ITEM.match(page[end + 1]) and not kinds.is_furniture(page[end + 1]):
        end += 1
    return end if end - intro >= MIN_LIST_ITEMS else last


def find_inline_widgets(
    page: list[str], first: int, last: int, repeated: frozenset[str] = frozenset()
) -> set[int]:
    """Indexes of the related-article boxes inside the body: a heading and the lines up to
    the next paragraph ("Most read in world news", then teaser headlines).

    The article goes on after such a box, so it does not end the article, but none of it
    is article text, except the line right before the next paragraph: that may be the
    sub-heading of the article's next section ("Also read", "The Message Behind ...").
    """
    found: set[int] = set()
    inside = False
    for index in range(first, last + 1):
        if kinds.is_related_heading(page[index]):
            inside = True
        elif _is_paragraph(page[index], repeated):
            if inside and not kinds.is_related_heading(page[index - 1]):
                found.discard(index - 1)  # the sub-heading over this paragraph
            inside = False
        if inside:
            found.add(index)
    return found


def find_headline_runs(
    page: list[str], first: int, last: int, repeated: frozenset[str] = frozenset()
) -> set[int]:
    """Indexes of runs of MIN_RUN_LINES or more headline-like lines in a row inside the body.

    A box of other articles' headlines often has no heading at all; the article's own
    sub-headings come one at a time, each over its paragraphs.
    """
    return {index for run in _headline_runs(page, first, last, repeated) for index in run}


def _headline_runs(page: list[str], first: int, last: int, repeated: frozenset[str]) -> list[range]:
    runs: list[range] = []
    start = first
    for index in range(first, last + 2):  # one past the end closes the last run
        if index <= last and _is_listed_headline(page[index], repeated):
            continue
        if index - start >= MIN_RUN_LINES:
            runs.append(range(start, index))
        start = index + 1
    return runs


def _boxes_inside_prose(page: list[str], repeated: frozenset[str]) -> set[int]:
    """The lines but the first of each unlabelled box of headlines inside the story: a run of
    headline-like lines of words (no script) with a paragraph at most MAX_LABEL_WORDS lines
    above it and MIN_PROSE_AFTER_BOX paragraphs among the twice as many lines under it."""
    found: set[int] = set()
    for run in _headline_runs(page, 0, len(page) - 1, repeated):
        before = page[max(0, run.start - MAX_LABEL_WORDS):run.start]
        after = page[run.stop:run.stop + 2 * MIN_PROSE_AFTER_BOX]
        if (all(_mostly_letters(page[i]) for i in run) and any(_is_paragraph(line, repeated) for line in before)
                and sum(_is_paragraph(line, repeated) for line in after) >= MIN_PROSE_AFTER_BOX):
            found.update(run[1:])
    return found


def _is_listed_headline(line: str, repeated: frozenset[str]) -> bool:
    """A line that could head another article: headline-like, not a paragraph, not a label,
    not an item of a numbered or bulleted list."""
    return (
        len(line.split()) >= MIN_RUN_WORDS
        and not _LIST_ITEM.match(line)
        and kinds.is_headline(line)
        and not _is_paragraph(line, repeated)
    )


def _is_paragraph(line: str, repeated: frozenset[str]) -> bool:
    """A body paragraph that the source does not print on many of its pages."""
    return kinds.is_paragraph(line) and line not in repeated


def find_author_box(page: list[str], first: int, last: int, repeated: frozenset[str] = frozenset()) -> set[int]:
    """Indexes of the author's box closing the body page[first:last + 1] (empty if none).

    Blogs end a story with a box about its writer ("About" / "Carlos Nadalim" / "Father of two,
    Carlos Nadalim is ..."), whose bio is a paragraph. Told apart by structure: the name alone on
    a line near the end, printed above the body too (the byline), the paragraph under it naming
    that person, and no paragraph of the story after it."""
    for index in range(last - 1, max(first, last - MAX_AUTHOR_BOX_LINES), -1):
        name = byline.parse_lone_name(page[index])
        if name is None or not _is_paragraph(page[index + 1], repeated) or name.split()[-1] not in page[index + 1]:
            continue
        if any(_is_paragraph(page[i], repeated) for i in range(index + 2, last + 1)):
            continue  # the story goes on: a name over a paragraph is one of its speakers
        if not any(name in line for line in page[:first]):
            continue  # not the page's byline: a person the story is about
        label = page[index - 1]  # "About", "About the author": short, no paragraph
        labelled = index - 1 > first and len(label.split()) <= MAX_LABEL_WORDS and not _is_paragraph(label, repeated)
        return set(range(index - 1 if labelled else index, last + 1))
    return set()
