"""Cleaning flattened text: a role for each line of a page (headline, byline, body), and the clean article."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from corpus.text import byline, patterns
from corpus.text import lines as kinds
from corpus.text.body import find_article, find_author_box, find_body, find_headline_runs, find_inline_widgets
from corpus.text.headings import mark_subheadings
from corpus.text.headline import guess_headline, match_headline, match_page_title, tokenise
from corpus.text.markup import flatten_markup
from corpus.text.reflow import rejoin_fragments
from corpus.text.tables import find_tables, table_after


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
    # kept lines, separated by one blank line, subheadings marked; "" when no article text was found
    body: str
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
    1. flatten HTML markup left in the text (`markup`), strip every line, drop blank lines,
       collapse a line printed twice in a row, rejoin sentences that inline markup split
       (`reflow`);
    2. find the article: the run of lines with the best score, where paragraphs and tables'
       lines earn their length and other lines, teaser lists and related headings cost; a
       comment section (its heading, or a thread of signed and dated comments: `threads`)
       ends the candidates;
    3. find the headline before it: the known title, else the line matching the URL slug
       nearest the article,
       else the longest headline-like line just above the article;
    4. the body runs from the first paragraph after the headline (or an unpunctuated
       standfirst right under it) to the article's last paragraph, or to the last row of
       a table that closes it (`tables`);
    5. bylines in the lead become the author;
    6. inside the body keep every line (paragraphs and sub-headings) except page furniture
       (`lines.is_furniture`: boilerplate labels, captions, credits, navigation trails) and
       boxes of related articles (a related heading and the short lines under it, or a run
       of headlines), and the author's box that closes it (a name from the byline over a
       paragraph about them).
    Every other line is removed, and listed in `removed`. Stages 2, 4 and 6 are in `body`.
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
    boxes: frozenset[int]  # related-article boxes, headline runs and the author's box inside the body
    # Table lines kept: a figure printed twice in a row there is two equal cells, not a copy.
    cells: frozenset[int] = frozenset()


def lay_out(
    text: str,
    *,
    url: str | None = None,
    title: str | None = None,
    repeated: frozenset[str] = frozenset(),
) -> PageLayout:
    """Stages 1-6 of `clean_text`: the page's lines and the rules' role for each."""
    page, repeats, pieces = rejoin_fragments(*collapse_lines(flatten_markup(text)))
    roles = [Role.REMOVED] * len(page)
    tables = find_tables(page)
    span = find_article(page, repeated, tables)
    headline = None
    if span is not None:
        headline = match_headline(page[:span[0] + 1], url=url, title=title)
        if headline is None:
            headline = match_page_title(page, span[0])
        if headline is None:
            headline = guess_headline(page, span[0])
    if headline is not None:
        roles[headline] = Role.TITLE
    title = title or (page[headline] if headline is not None else "")
    author = None
    widgets: set[int] = set()
    cells: set[int] = set()
    bounds = find_body(page, span, headline, repeated, tables) if span is not None else None
    table = range(0)
    if bounds is not None:
        table = table_after(page, bounds[1])  # results or scores that close the story
        bounds = (bounds[0], table.stop - 1, bounds[2])
        first, last, _ = bounds
        author = mark_byline(page, roles, headline, bounds)
        title_tokens = tokenise(title)
        widgets = find_inline_widgets(page, first, last, repeated)
        widgets |= find_headline_runs(page, first, last, repeated)
        widgets |= find_author_box(page, first, last, repeated)
        for index in range(first, last + 1):
            line = page[index]
            if (index in table or index in tables) and line not in repeated:
                roles[index] = Role.BODY  # a figure alone is a cell here, no counter
                cells.add(index)
                continue
            if roles[index] is not Role.REMOVED or index in widgets:
                continue  # the headline, a byline, or a list of other articles
            if kinds.is_furniture(line) or line in repeated or _repeats_title(line, title_tokens):
                continue  # furniture, or the headline printed again
            if index > 0 and kinds.is_caption_label(page[index - 1]):
                continue  # a caption under its label
            if kinds.is_shouted_link(line):
                continue  # another story's headline, in capitals
            roles[index] = Role.BODY
    return PageLayout(page, repeats, pieces, roles, title, author, span, headline, bounds,
                      frozenset(widgets), frozenset(cells))


def assemble(layout: PageLayout, roles: list[Role]) -> CleanText:
    """The cleaned text from a page's lines and their roles: body lines kept, the rest listed."""
    removed: list[str] = []
    kept: list[str] = []
    for index, (line, parts, role, count) in enumerate(zip(layout.page, layout.pieces, roles, layout.repeats)):
        # the copies of a repeated line are dropped even when the line itself is kept, but
        # for a table's cells
        copies = 0 if role is Role.REMOVED else count if index in layout.cells else 1
        if role is Role.BODY:
            kept.extend([line] * copies)
        for part in parts:
            removed.extend([part] * (count - copies))
    return CleanText(
        title=layout.title,
        body="\n\n".join(mark_subheadings(kept)),
        author=layout.author,
        removed=removed,
    )


def without_furniture(body: str) -> str:
    """A crawler's article text (paragraphs separated by blank lines) without the paragraphs
    that are page furniture: "ADVERTISEMENT", "Story Continued Below", a newsletter prompt, a
    picture credit, a widget's text (patterns.WIDGETS).

    With no page around it, a paragraph is judged alone, so only short ones (a widget's
    text excepted) can be furniture: longer captions and prompts are too often
    the story's own sentences. A paragraph of figures alone stays (a table's cell is data),
    and a body of nothing but furniture is kept whole: it is all the record has.
    """
    paragraphs = body.split("\n\n")
    kept = [p for p in paragraphs if not _is_furniture_paragraph(p)]
    return "\n\n".join(kept) if kept else body


def without_title(body: str, title: str) -> str:
    """A crawler's article text without a first paragraph that is the title again (its text
    often opens with the headline it also gives as the title), by the test flattened text's
    body uses (`_repeats_title`); never the whole body."""
    first, _, rest = body.partition("\n\n")
    return rest if rest and _repeats_title(first, tokenise(title)) else body


def dropped_paragraphs(text: str, kept: str) -> list[str]:
    """The paragraphs of `text` that `kept` (made from it by leaving some out) lacks, in order."""
    if kept == text:
        return []  # most records lose nothing
    remaining = iter(kept.split("\n\n"))
    wanted = next(remaining, None)
    dropped = []
    for paragraph in text.split("\n\n"):
        if paragraph == wanted:
            wanted = next(remaining, None)
        else:
            dropped.append(paragraph)
    return dropped


def _is_furniture_paragraph(paragraph: str) -> bool:
    # Words are counted by their spaces: the reader has made each space one.
    if paragraph.count(" ") >= patterns.MAX_BOILERPLATE_WORDS and not patterns.WIDGETS.search(paragraph):
        return False
    return kinds.is_furniture(paragraph) and not _only_figures(paragraph)


def _only_figures(paragraph: str) -> bool:
    return any(c.isdigit() for c in paragraph) and not any(c.isalpha() for c in paragraph)


def _repeats_title(line: str, title_tokens: list[str]) -> bool:
    """Whether the line is the headline again (word for word, ignoring case and punctuation)."""
    # Only short lines can be: skip tokenising paragraphs.
    return len(line.split()) <= 2 * len(title_tokens) and tokenise(line) == title_tokens


def collapse_lines(text: str) -> tuple[list[str], list[int]]:
    """Stripped non-blank lines with immediate repeats collapsed, and how often each was printed.

    A scraped caption often appears twice in a row (alt text, then the visible caption);
    the copy is never news.
    """
    page: list[str] = []
    repeats: list[int] = []
    for raw in text.splitlines():
        line = raw.strip().strip(patterns.INVISIBLE).strip()
        if not line:
            continue
        if page and line == page[-1]:
            repeats[-1] += 1
        else:
            page.append(line)
            repeats.append(1)
    return page, repeats


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
