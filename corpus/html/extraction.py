"""Main-content extraction: the article's paragraphs among everything else on a parsed page.

The stages, in order:
1. drop_never_text: elements that never hold article text, by tag (navigation, forms'
   controls, figure captions), hidden ones (scripts and styles were cut before parsing) and
   forms to write in (comment and login forms);
2. choose_container (container.py): the best-scored paragraph container and its kin; on a
   page that states no headline, the one printed with the story (story_headline);
3. prune_furniture: inside the chosen elements only, blocks whose class or id names them as
   furniture (share bars, related links, comments, ads, newsletter and cookie boxes);
4. collect_paragraphs: the text blocks in page order, each one paragraph (h2-h6 marked as
   subheadings), dropping blocks that are mostly links and lines that are furniture.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PageElement, PreformattedString

from corpus.article import as_heading, heading_text
from corpus.html.container import (
    BLOCK_TAGS,
    KEEP_TAGS,
    MIN_STORY_CHARS,
    NOT_VOTING,
    attribute_words,
    choose_container,
    text_length,
)
from corpus.html.metadata import HEADLINE_TAGS, MAX_HEADLINE_WORDS, MIN_HEADLINE_WORDS
from corpus.text import lines as kinds
from corpus.text import patterns

# Tags whose text is never part of the article body.
DROP_TAGS = frozenset(
    "script style noscript template svg iframe nav footer aside select button input "
    "textarea label object embed canvas map dialog menu head title figcaption".split()
)
# A page's subheadings, kept as heading paragraphs (corpus.article.HEADING_MARK); its h1 is
# the headline, dropped from the body when it repeats the title.
SUBHEADING_TAGS = frozenset("h2 h3 h4 h5 h6".split())

# Class or id words of page furniture, matched as whole words of the attribute ("-" and "_"
# separate words): "post-comments" and "share_bar" match, "commentary" and "shared" do not.
_FURNITURE_WORDS = (
    r"comments?|commentlist|respond|disqus|share|sharing|sharer|sociallinks|"
    r"related|recommended|recommendations|relatedposts|more-stories|read-more|readmore|"
    r"also-read|newsletter|subscribe|subscription|signup|cookie|cookies|consent|gdpr|captcha|"
    r"ad|ads|advert|adverts|advertisement|advertising|adslot|dfp|sponsored|sponsor|promo|"
    r"outbrain|taboola|sidebar|widget|widgets|breadcrumb|breadcrumbs|pagination|pager|"
    r"nav|navbar|navigation|menu|masthead|footer|popup|modal|overlay|toolbar|print|tags|"
    r"tag-list|taglist|author-bio|authorbox|author-box|byline|rating|reactions|most-popular|"
    r"popular|trending|skip|jump|hidden|visually-hidden|sr-only|screen-reader-text|"
    r"caption|credit|credits|copyright|meta|post-meta|entry-meta"
)
_FURNITURE = re.compile(rf"(?:^|[\s_-])(?:{_FURNITURE_WORDS})(?:$|[\s_-])", re.IGNORECASE)
# Layout flags: "has-sidebar", "with-ads", "no-comments" describe the page, not the element.
_LAYOUT_FLAG = re.compile(r"(?:^|\s)(?:has|with|no|show|hide|is|enable|disable)[-_]", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# The name or id of the empty anchor a comment section starts with (<a name="comments"></a>),
# the target of the page's "read the comments" links.
COMMENTS_ANCHORS = frozenset("comments comment comment-form commentform respond".split())
# Stands in the collected paragraphs for such an anchor: no page text holds a NUL.
_COMMENTS_START = "\0comments"

# An element with this many characters of its own text is the story's first paragraph.
MIN_PARAGRAPH_CHARS = 80
# A block whose text is mostly link text is a list of links, not prose.
MAX_LINK_DENSITY = 0.5
# ...unless it is long prose with a few links in it.
MIN_PROSE_CHARS = 200


@dataclass
class _Block:
    """One paragraph being collected: its text parts and how much of it is link text."""

    parts: list[str]
    link_chars: int = 0
    heading: bool = False
    comments: bool = False  # the anchor a comment section starts with, and no text


def extract_article(soup: BeautifulSoup, *, title: str | None = None,
                    title_stated: bool = True) -> tuple[str | None, str]:
    """The headline and article text of a parsed page, paragraphs separated by blank lines
    ("" if none). A `title` the page did not state (`PageMetadata.title_stated`) gives way to
    the headline printed with the story (`story_headline`)."""
    body = soup.body
    if len(soup.find_all("html", recursive=False)) > 1:
        # Pages saved one after the other in one file (a frame's page after its parent's):
        # each keeps its own <body>, and the story may be in any of them.
        body = soup
    elif body is None:
        body = soup
        if soup.head is not None:
            # lxml keeps a page whose first element it does not know (<mbox>) in <head> when the
            # page has no <body> tag: its text is there; <title> and <meta> stay furniture.
            soup.head.unwrap()
    drop_never_text(body)
    parts = choose_container(body, title)
    if parts and not title_stated:
        title = story_headline(body, parts[0], title) or title
    paragraphs = []
    for part in parts:
        prune_furniture(part)
        paragraphs.extend(collect_paragraphs(part))
    title_key = " ".join(title.split()).lower() if title else None
    kept = [p for p in _before_comments(paragraphs) if (heading_text(p) or p).lower() != title_key]
    return title, "\n\n".join(kept)


def story_headline(body: Tag, story: Tag, title: str | None) -> str | None:
    """The headline printed with the story, for a page that does not state one (its <h1> or
    <title> may be a section or site name: "Latest News", "HOT JOBS"): a heading opening the
    story's container; else the last heading before the container (not in a block named as
    furniture: "toolbar"), unless it or the heading of higher rank over it (the headline over
    its deck) prints `title`, which then stands. None when `title` stands or no heading of a
    headline's length is there."""
    for element in story.find_all(True):
        if element.name in HEADLINE_TAGS and (text := _headline_text(element)):
            return text
        if sum(len(s.strip()) for s in element.find_all(string=True, recursive=False)) >= MIN_PARAGRAPH_CHARS:
            break  # the story's first paragraph: a heading after it is a subheading
    headings: list[tuple[str, str]] = []  # (tag, text) of the headings before the story
    for element in body.find_all(True):  # in page order
        if element is story:
            break
        if element.name in HEADLINE_TAGS and (text := _headline_text(element)) \
                and not _is_furniture(element) and not _is_furniture(element.parent):
            headings.append((element.name, text))
    if not headings:
        return None
    key = " ".join(title.split()).lower() if title else None
    last_tag, last = headings[-1]
    if key == last.lower():
        return None
    if len(headings) > 1 and key == headings[-2][1].lower() and headings[-2][0] < last_tag:
        return None  # an <h1> over an <h2>: the headline over its deck
    return last


def _headline_text(element: Tag) -> str | None:
    """The heading's first line (a byline may follow a <br>) when it is of a headline's length."""
    strings = []
    for node in element.descendants:
        if isinstance(node, Tag) and node.name == "br":
            break
        if isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            strings.append(node)
    text = " ".join(" ".join(strings).split())
    if not MIN_HEADLINE_WORDS <= kinds.count_words(text) <= MAX_HEADLINE_WORDS:
        return None
    return None if kinds.is_furniture(text) or kinds.is_related_heading(text) else text


def _before_comments(paragraphs: list[str]) -> list[str]:
    """The paragraphs before the start of a comment section (its anchor, or a heading such as
    "Comments are now closed for this story") that follows a story's worth of text: readers'
    comments kept in the story's container when no class or id names them."""
    length = 0
    for index, paragraph in enumerate(paragraphs):
        starts = paragraph == _COMMENTS_START or kinds.is_comments_heading(heading_text(paragraph) or paragraph)
        if starts and length >= MIN_STORY_CHARS:
            return paragraphs[:index]
        length += len(paragraph)
    return [p for p in paragraphs if p != _COMMENTS_START]


def drop_never_text(root: Tag) -> None:
    """Remove the elements that never hold article text: furniture tags, hidden elements and
    forms to write in (comment, contact and login forms)."""
    _remove_where(root, lambda element: element.name in DROP_TAGS or _is_hidden(element)
                  or element.name == "form" and _is_writing_form(element))


def _is_writing_form(form: Tag) -> bool:
    """A form with a text box or a password field and little text of its own: its labels
    ("Your name", "Comment") are not the article. Some sites wrap the whole page in one form,
    which holds the story's text."""
    if form.find("textarea") is None and form.find("input", attrs={"type": "password"}) is None:
        return False
    return text_length(form) < MIN_STORY_CHARS


def prune_furniture(container: Tag) -> None:
    """Remove the blocks inside the article that their class or id names as furniture.

    Done inside the chosen container only: outside it, wrappers named "ad-margins" or
    "modal-enabled" hold the whole page. An element with most of the container's text is
    kept for the same reason, unless it is a section whose paragraphs never vote (comments,
    related stories): a long discussion under a short story is still not the story.
    """
    half = text_length(container) / 2
    _remove_where(container, lambda element: (
        element.name not in KEEP_TAGS and _is_furniture(element) and not _is_comments_anchor(element)
        and (NOT_VOTING.search(attribute_words(element)) is not None or text_length(element) <= half)
    ))


def _remove_where(root: Tag, condition: Callable[[Tag], bool]) -> None:
    """Remove every element under `root` meeting `condition`, in one walk (not its insides).

    An explicit stack, not recursion: hostile pages nest elements thousands deep.
    """
    stack = [root]
    while stack:
        element = stack.pop()
        for child in list(element.contents):
            if isinstance(child, Tag):
                if condition(child):
                    child.extract()
                else:
                    stack.append(child)
            elif isinstance(child, PreformattedString):
                child.extract()  # comments, and a doctype or declaration printed mid-page


def _is_hidden(element: Tag) -> bool:
    attrs = element.attrs
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _is_furniture(element: Tag) -> bool:
    words = attribute_words(element)
    if not words or not _FURNITURE.search(words):
        return False
    # Judge each word alone: a layout flag does not condemn the element.
    return any(_FURNITURE.search(f" {w} ") and not _LAYOUT_FLAG.match(w) for w in words.split())


def _is_comments_anchor(element: Tag) -> bool:
    """An empty <a> named or identified as where comments start (COMMENTS_ANCHORS)."""
    if element.name != "a" or element.contents:
        return False
    names = {str(element.attrs.get("name", "")).lower(), str(element.attrs.get("id", "")).lower()}
    return not names.isdisjoint(COMMENTS_ANCHORS)


def collect_paragraphs(container: Tag) -> list[str]:
    """The container's text blocks in page order, without link lists and furniture lines."""
    blocks: list[_Block] = [_Block([])]
    _walk(container, blocks)
    paragraphs = []
    for block in blocks:
        if block.comments:
            paragraphs.append(_COMMENTS_START)
            continue
        text = " ".join("".join(block.parts).split()).strip(patterns.INVISIBLE).strip()
        if not text:
            continue
        if block.link_chars > MAX_LINK_DENSITY * len(text) and len(text) < MIN_PROSE_CHARS:
            continue
        if kinds.is_furniture(text):
            continue
        paragraphs.append(as_heading(text) if block.heading else text)
    return paragraphs


def _walk(root: Tag, blocks: list[_Block]) -> None:
    """Append the text under `root` to `blocks`, starting a new block at each block element.

    Iterative (a stack of child iterators) for the same reason as `_remove_where`.
    """
    # Each frame: the element's remaining children, whether inside a link, whether the
    # element is a block (a new block starts after it).
    frames: list[tuple[Iterator[PageElement], bool, bool]] = [(iter(root.children), False, False)]
    while frames:
        children, in_link, is_block = frames[-1]
        child = next(children, None)
        if child is None:
            frames.pop()
            if is_block:
                blocks.append(_Block([]))
            continue
        if isinstance(child, NavigableString):
            if isinstance(child, PreformattedString):
                continue
            text = str(child)
            blocks[-1].parts.append(text)
            if in_link:
                blocks[-1].link_chars += len(text.strip())
            continue
        if not isinstance(child, Tag):
            continue
        if _is_comments_anchor(child):
            blocks.extend([_Block([], comments=True), _Block([])])
            continue
        block = child.name in BLOCK_TAGS
        if block:
            blocks.append(_Block([], heading=child.name in SUBHEADING_TAGS))
        frames.append((iter(child.children), in_link or child.name == "a", block))
