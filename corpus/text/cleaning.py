"""Cleaning flattened text: the headline, byline and article body among every line of a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from corpus.text import byline
from corpus.text import lines as kinds
from corpus.text.headline import HEADER_LINES, guess_headline, match_headline, starts_like_headline, tokenise
from corpus.text.reflow import rejoin_fragments

# What a line that is not a paragraph costs the run it sits in, in characters of paragraph
# text: ten such lines in a row (a widget, a list of related headlines) outweigh a paragraph.
LINE_COST = 60
# This many headline-and-summary pairs in a row are a list of other articles.
MIN_TEASERS = 3
# This many headline-like lines of at least MIN_RUN_WORDS words in a row inside the body are
# a box of other articles' headlines.
MIN_RUN_LINES = 4
MIN_RUN_WORDS = 5
# A heading over related articles costs more: the teasers after it never extend the article.
RELATED_HEADING_COST = 1000
# A comment section after a span with this much text ends the article.
MIN_ARTICLE_CHARS = 400


class Role(Enum):
    """What cleaning made of one line of the page."""

    BODY = "body"
    TITLE = "title"
    BYLINE = "byline"
    REMOVED = "removed"


@dataclass(frozen=True)
class CleanText:
    """The result of cleaning one flattened page."""

    title: str  # "" when no headline was found
    body: str  # kept lines, separated by one blank line; "" when no article text was found
    author: str | None = None  # from a byline in the text
    removed: list[str] = field(default_factory=list)  # dropped lines, in page order


def clean_text(
    text: str,
    *,
    url: str | None = None,
    title: str | None = None,
    repeated: frozenset[str] = frozenset(),
) -> CleanText:
    """Clean the flattened text of one page; `url` and a known `title` help find the headline.

    `repeated` holds lines found on many pages of the same source (`repeats`): furniture.

    The stages, in order:
    1. strip every line, drop blank lines, collapse a line printed twice in a row, rejoin
       sentences that inline markup split (`reflow`);
    2. find the article: the run of lines with the best score, where paragraphs earn their
       length and other lines, teaser lists and related headings cost; a comment section
       ends the candidates;
    3. find the headline before it: the known title, else the line matching the URL slug
       nearest the article,
       else the longest headline-like line just above the article;
    4. the body runs from the first paragraph after the headline (or an unpunctuated
       standfirst right under it) to the article's last paragraph;
    5. bylines in the lead become the author;
    6. inside the body keep every line (paragraphs and sub-headings) except page furniture
       (`lines.is_furniture`: boilerplate labels, captions, credits, navigation trails) and
       boxes of related articles (a related heading and the short lines under it, or a run
       of headlines).
    Every other line is removed, and listed in `removed`.
    """
    layout = lay_out(text, url=url, title=title, repeated=repeated)
    return assemble(layout, layout.roles)


@dataclass(frozen=True)
class PageLayout:
    """The lines of one flattened page and what the rules made of each."""

    page: list[str]  # stripped lines, repeats collapsed, sentence fragments rejoined
    repeats: list[int]  # how often each line was printed in a row
    pieces: list[list[str]]  # the page's original lines each line was made of
    roles: list[Role]  # the rules' decision per line
    title: str
    author: str | None
    span: tuple[int, int] | None  # the best-scoring run of paragraphs
    headline: int | None
    bounds: tuple[int, int, int] | None  # the body's first and last line, its second paragraph
    boxes: frozenset[int]  # related-article boxes and headline runs inside the body


def lay_out(
    text: str,
    *,
    url: str | None = None,
    title: str | None = None,
    repeated: frozenset[str] = frozenset(),
) -> PageLayout:
    """Stages 1-6 of `clean_text`: the page's lines and the rules' role for each."""
    page, repeats, pieces = rejoin_fragments(*collapse_lines(text))
    roles = [Role.REMOVED] * len(page)
    span = find_article(page, repeated)
    headline = None
    if span is not None:
        headline = match_headline(page[:span[0] + 1], url=url, title=title)
        if headline is None:
            headline = guess_headline(page, span[0])
    if headline is not None:
        roles[headline] = Role.TITLE
    title = title or (page[headline] if headline is not None else "")
    author = None
    widgets: set[int] = set()
    bounds = find_body(page, span, headline, repeated) if span is not None else None
    if bounds is not None:
        first, last, _ = bounds
        author = mark_byline(page, roles, headline, bounds)
        title_tokens = tokenise(title)
        widgets = find_inline_widgets(page, first, last, repeated)
        widgets |= find_headline_runs(page, first, last, repeated)
        for index in range(first, last + 1):
            line = page[index]
            if roles[index] is not Role.REMOVED or index in widgets:
                continue  # the headline, a byline, or a list of other articles
            if kinds.is_furniture(line) or line in repeated or _repeats_title(line, title_tokens):
                continue  # furniture, or the headline printed again
            roles[index] = Role.BODY
    return PageLayout(page, repeats, pieces, roles, title, author, span, headline, bounds,
                      frozenset(widgets))


def assemble(layout: PageLayout, roles: list[Role]) -> CleanText:
    """The cleaned text from a page's lines and their roles: body lines kept, the rest listed."""
    removed: list[str] = []
    for parts, role, count in zip(layout.pieces, roles, layout.repeats):
        # the copies of a repeated line are dropped even when the line itself is kept
        for part in parts:
            removed.extend([part] * (count if role is Role.REMOVED else count - 1))
    return CleanText(
        title=layout.title,
        body="\n\n".join(line for line, role in zip(layout.page, roles) if role is Role.BODY),
        author=layout.author,
        removed=removed,
    )


def _repeats_title(line: str, title_tokens: list[str]) -> bool:
    """Whether the line is the headline again (word for word, ignoring case and punctuation)."""
    # Only short lines can be: skip tokenising paragraphs.
    return len(line.split()) <= 2 * len(title_tokens) and tokenise(line) == title_tokens


def find_body(
    page: list[str], span: tuple[int, int], headline: int | None,
    repeated: frozenset[str] = frozenset(),
) -> tuple[int, int, int] | None:
    """(first, last, second): the body's first and last line, and its second paragraph.

    The body runs from the first paragraph after the headline to the end of the article
    span, extended back to a standfirst that follows the headline. Bylines sit before the
    second paragraph.
    """
    # A headline before the span pulls the start back to it: a widget or gallery in the
    # first paragraphs can split the article, and its first part follows the headline.
    # Not the page's first line: in whole-page text that is the <title>, above every menu.
    paragraphs = [i for i in range(span[0], span[1] + 1) if _is_paragraph(page[i], repeated)]
    if headline is not None:
        lead = [i for i in range(headline + 1, span[0]) if _is_paragraph(page[i], repeated)]
        if lead and headline > 0:
            paragraphs = lead + paragraphs
    if not paragraphs:
        return None
    first, last = paragraphs[0], paragraphs[-1]
    if headline is not None:
        lead = range(max(headline + 1, first - HEADER_LINES), first)
        first = next((i for i in lead if kinds.is_standfirst(page[i])), first)
    second = paragraphs[1] if len(paragraphs) > 1 else last + 1
    return first, last, second


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
    found: set[int] = set()
    run: list[int] = []
    for index in range(first, last + 2):  # one past the end closes the last run
        if index <= last and _is_listed_headline(page[index], repeated):
            run.append(index)
            continue
        if len(run) >= MIN_RUN_LINES:
            found.update(run)
        run = []
    return found


def _is_listed_headline(line: str, repeated: frozenset[str]) -> bool:
    """A line that could head another article: headline-like, not a paragraph, not a label."""
    return (
        len(line.split()) >= MIN_RUN_WORDS
        and kinds.is_headline(line)
        and not _is_paragraph(line, repeated)
    )


def collapse_lines(text: str) -> tuple[list[str], list[int]]:
    """Stripped non-blank lines with immediate repeats collapsed, and how often each was printed.

    A scraped caption often appears twice in a row (alt text, then the visible caption);
    the copy is never news.
    """
    page: list[str] = []
    repeats: list[int] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if page and line == page[-1]:
            repeats[-1] += 1
        else:
            page.append(line)
            repeats.append(1)
    return page, repeats


def _is_paragraph(line: str, repeated: frozenset[str]) -> bool:
    """A body paragraph that the source does not print on many of its pages."""
    return kinds.is_paragraph(line) and line not in repeated


def find_article(page: list[str], repeated: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """(first, last) indexes of the article's paragraph span, or None if there is no paragraph.

    Every paragraph earns its length in characters and every other line costs LINE_COST:
    the article is the run of lines with the highest total (the best-scoring contiguous
    region, as in body-text extraction), so a widget of a few lines inside the article is
    crossed while a long menu or list of headlines is not. A heading over related articles
    costs much more: teasers follow it. A comment section ends the candidates once a
    substantial run has been seen: comments can outweigh a short article.
    """
    teasers = find_teasers(page, repeated)
    best: tuple[int, int] | None = None
    best_total = 0
    first: int | None = None  # first paragraph of the current run, None when no run is open
    last = 0  # last paragraph of the current run
    total = 0
    for index, line in enumerate(page):
        if kinds.is_comments_heading(line) and best_total >= MIN_ARTICLE_CHARS:
            break
        if index in teasers:
            total -= LINE_COST * 2  # the headline and summary of another article
            continue
        total -= line_cost(line, repeated)
        if not _is_paragraph(line, repeated):
            continue
        if first is None or total <= 0:
            first, total = index, 0  # the run so far costs more than it brings: start afresh
        total += len(line)
        last = index
        if total > best_total:
            best, best_total = (first, last), total
    return best


def find_teasers(page: list[str], repeated: frozenset[str] = frozenset()) -> set[int]:
    """Indexes of the lines of teaser lists: headline, one-paragraph summary, headline, ...

    An article's paragraphs follow each other; a list of other articles alternates a short
    headline with a single summary. MIN_TEASERS such pairs in a row make a list.
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
        if (end - index) // 2 >= MIN_TEASERS:
            found.update(range(index - 1, end - 1))
            index = end
        else:
            index += 1
    return found


def _is_teaser_headline(line: str, repeated: frozenset[str]) -> bool:
    """A headline-like line that is no label ("Elizabeth A. Burton:") or citation ("[ Wired]")."""
    return (
        kinds.is_headline(line) and starts_like_headline(line) and not line.endswith(":")
        and not _is_paragraph(line, repeated)
    )


def line_cost(line: str, repeated: frozenset[str] = frozenset()) -> int:
    """What a line costs the run of paragraphs it sits in (paragraphs cost nothing)."""
    if kinds.is_related_heading(line):
        return RELATED_HEADING_COST
    return 0 if _is_paragraph(line, repeated) else LINE_COST


def mark_byline(
    page: list[str], roles: list[Role], headline: int | None, bounds: tuple[int, int, int]
) -> str | None:
    """Mark the byline lines of the page header and return the first author named, or None.

    "By Name ..." lines count anywhere before the body's second paragraph (after a
    standfirst). A lone personal name ("Maria Siow") counts only after the headline and
    right before the first paragraph: later, a two-word line is more likely a sub-heading.
    """
    first, _, second = bounds
    paragraph = next((i for i in range(first, second) if kinds.is_paragraph(page[i])), second)
    author = None
    for index in range(min(second, len(page))):
        if index == headline:
            continue
        found = byline.parse_byline(page[index])
        if found is None and index + 1 == paragraph and (headline is None or index > headline):
            found = byline.parse_lone_name(page[index])
        if found is not None:
            roles[index] = Role.BYLINE
            author = author or found
    return author
