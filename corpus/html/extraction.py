"""Main-content extraction: the article's paragraphs among everything else on a parsed page.

The stages, in order (each a function below):
1. drop_never_text: elements that never hold article text, by tag (navigation, forms'
   controls, figure captions) and hidden ones (scripts and styles were cut before parsing);
2. choose_container: readability's scoring, each paragraph votes for its parent and
   grandparent with its length and commas, discounted by the container's share of link
   text; comment and recommendation sections do not vote. The best container is taken with
   its kin: siblings that score nearly as well, share its tag and class, or are long
   paragraphs, and cousins of the same content-named class (an article cut in layout cells);
3. prune_furniture: inside the chosen elements only, blocks whose class or id names them as
   furniture (share bars, related links, comments, ads, newsletter and cookie boxes);
4. collect_paragraphs: the text blocks in page order, each one paragraph, dropping blocks that
   are mostly links and lines that are page furniture (`lines.is_furniture`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, PageElement

from corpus.text import lines as kinds

# Tags whose text is never part of the article body.
DROP_TAGS = frozenset(
    "script style noscript template svg iframe nav footer aside select button input "
    "textarea label object embed canvas map dialog menu head title figcaption".split()
)
# Tags that start a new paragraph of text.
BLOCK_TAGS = frozenset(
    "address article blockquote center dd details div dl dt fieldset figure h1 h2 h3 h4 h5 h6 "
    "header hr li main ol p pre section summary table tbody td tfoot th thead tr ul br".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Containers never pruned by their class: the page itself and declared article content.
KEEP_TAGS = frozenset("html body main article".split())

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
# Sections whose paragraphs never vote for the article container: readers' comments and
# recommendation widgets can outweigh a short article.
_NOT_VOTING = re.compile(
    r"(?:^|[\s_-])(?:comments?|commentlist|disqus|respond|replies|related|recommended|"
    r"outbrain|taboola)(?:$|[\s_-])",
    re.IGNORECASE,
)
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Content hints in class or id: the container they name is favoured.
_CONTENT = re.compile(
    r"article|body|content|entry|main|post|story|text|blog", re.IGNORECASE
)
_NEGATIVE = re.compile(
    r"comment|share|related|sidebar|footer|promo|widget|menu|nav|social|sponsor|ad-|-ad\b",
    re.IGNORECASE,
)

# Elements whose text votes, and those of them that only vote when they wrap no blocks.
_VOTERS = frozenset("p pre td blockquote li div".split())
_WRAPPERS = frozenset("div li td".split())
# A paragraph needs this many characters to vote for its container.
MIN_VOTING_CHARS = 25
# Sibling blocks of the chosen container join it when they score this share of its score.
SIBLING_SHARE = 0.2
# A container's content-named class counts in full from this many characters of text.
MIN_STORY_CHARS = 500
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


def extract_body(soup: BeautifulSoup, *, title: str | None = None) -> str:
    """The article text of a parsed page, paragraphs separated by blank lines ("" if none)."""
    body = soup.body or soup
    drop_never_text(body)
    parts = choose_container(body)
    paragraphs = []
    for part in parts:
        prune_furniture(part)
        paragraphs.extend(collect_paragraphs(part))
    title_key = " ".join(title.split()).lower() if title else None
    kept = [p for p in paragraphs if p.lower() != title_key]
    return "\n\n".join(kept)


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
    return _text_length(form) < MIN_STORY_CHARS


def prune_furniture(container: Tag) -> None:
    """Remove the blocks inside the article that their class or id names as furniture.

    Done inside the chosen container only: outside it, wrappers named "ad-margins" or
    "modal-enabled" hold the whole page. An element with most of the container's text is
    kept for the same reason, unless it is a section whose paragraphs never vote (comments,
    related stories): a long discussion under a short story is still not the story.
    """
    half = _text_length(container) / 2
    _remove_where(container, lambda element: (
        element.name not in KEEP_TAGS and _is_furniture(element)
        and (_NOT_VOTING.search(_attribute_words(element)) is not None or _text_length(element) <= half)
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
            elif isinstance(child, Comment):
                child.extract()


def _is_hidden(element: Tag) -> bool:
    attrs = element.attrs
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _attribute_words(element: Tag) -> str:
    """The element's class and id, camelCase split into words ("readerComments": "reader Comments")."""
    classes = element.attrs.get("class") or ()
    ident = element.attrs.get("id") or ""
    words = " ".join(classes) + " " + ident if classes else ident
    return _CAMEL_HUMP.sub(" ", words)


def _is_furniture(element: Tag) -> bool:
    words = _attribute_words(element)
    if not words or not _FURNITURE.search(words):
        return False
    # Judge each word alone: a layout flag does not condemn the element.
    return any(_FURNITURE.search(f" {w} ") and not _LAYOUT_FLAG.match(w) for w in words.split())


def _text_length(element: Tag) -> int:
    return len(" ".join(element.get_text(" ").split()))


def _link_length(element: Tag) -> int:
    return sum(_text_length(a) for a in element.find_all("a"))


def choose_container(body: Tag) -> list[Tag]:
    """The elements holding the article: the best-scored paragraph container and its kin.

    Kin are siblings that score nearly as well, share its tag and class (an article split
    in several "text" blocks around an ad or a gallery), or are long paragraphs of their own.
    """
    elements = body.find_all(True)
    measures = _measure(body, elements)
    text_length, link_length, wraps = measures.text, measures.links, measures.wraps
    silenced = {id(e) for e in elements if e.name not in KEEP_TAGS and _NOT_VOTING.search(_attribute_words(e))}
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for paragraph in elements:
        if paragraph.name not in _VOTERS:
            continue
        # A wrapper votes only with its loose text (lines between <br>s, runs of <font>);
        # its blocks vote too.
        wrapper = paragraph.name in _WRAPPERS and wraps.get(id(paragraph), False)
        length = measures.loose.get(id(paragraph), 0) if wrapper else text_length.get(id(paragraph), 0)
        if length < MIN_VOTING_CHARS:
            continue
        if silenced and any(id(a) in silenced for a in paragraph.parents):
            continue
        commas = measures.loose_commas.get(id(paragraph), 0) if wrapper else paragraph.get_text(" ").count(",")
        score = 1 + commas + min(length / 100, 3)
        parent = paragraph.parent
        for share, ancestor in ((1.0, parent), (0.5, parent.parent if parent else None)):
            if ancestor is None or not isinstance(ancestor, Tag):
                continue
            key = id(ancestor)
            if key not in scores:
                nodes[key] = ancestor
                scores[key] = _initial_score(ancestor, text_length.get(key, 0))
            scores[key] += score * share
    if not scores:
        return []
    final = {
        key: scores[key] * (1 - min(1.0, link_length.get(key, 0) / (text_length.get(key, 0) or 1)))
        for key in nodes
    }
    best_key = max(final, key=final.__getitem__)
    best = nodes[best_key]
    if best.parent is None or best.name == "body":
        return [best]
    chunks = _same_kind(best, elements)
    if len(chunks) > 1:
        return chunks
    threshold = max(10.0, final[best_key] * SIBLING_SHARE)
    chosen = []
    for sibling in best.parent.children:
        if not isinstance(sibling, Tag):
            continue
        if sibling is best or final.get(id(sibling), 0) >= threshold or _is_kin(sibling, best):
            chosen.append(sibling)
    return chosen


def _measure(root: Tag, elements: list[Tag]) -> _Measures:
    """Per element (by id): characters of text and of link text, whether it wraps block
    elements, and its loose text: the characters and commas outside its blocks (lines between
    <br>s, text in <font> or <span> runs); one bottom-up pass instead of a subtree walk per
    element."""
    m = _Measures({}, {}, {}, {}, {})
    text, links, wraps, loose, commas = m.text, m.links, m.wraps, m.loose, m.loose_commas
    for element in reversed(elements):  # children before their parents
        key = id(element)
        strings = [s for s in element.contents if isinstance(s, NavigableString) and not isinstance(s, Comment)]
        own = sum(len(s.strip()) for s in strings)
        text[key] = text.get(key, 0) + own
        loose[key] = loose.get(key, 0) + own
        commas[key] = commas.get(key, 0) + sum(s.count(",") for s in strings)
        if element.name == "a":
            links[key] = text[key]
        parent = element.parent
        if parent is not None:
            up = id(parent)
            text[up] = text.get(up, 0) + text[key]
            links[up] = links.get(up, 0) + links.get(key, 0)
            if element.name in BLOCK_TAGS and element.name != "br":
                wraps[up] = True
            else:
                wraps[up] = wraps.get(up, False) or wraps.get(key, False)
                loose[up] = loose.get(up, 0) + loose[key]
                commas[up] = commas.get(up, 0) + commas[key]
    return m


@dataclass
class _Measures:
    """What `_measure` finds, each keyed by id(element)."""

    text: dict[int, int]
    links: dict[int, int]
    wraps: dict[int, bool]
    loose: dict[int, int]
    loose_commas: dict[int, int]


def _same_kind(best: Tag, elements: list[Tag]) -> list[Tag]:
    """Elements of the page with the container's tag and content-named class, outermost only.

    An article printed as several "article__body" blocks, each in its own layout cell, is
    one article: the blocks are cousins, not siblings. A block is of the same kind when it
    shares the container's content-named class, whatever modifiers either adds (the first
    "block-text" block is also "block-text_initial-letter").
    """
    named = {c for c in best.get("class") or () if _CONTENT.search(c)}
    if not named:
        return [best]
    same = [e for e in elements if e.name == best.name and named.intersection(e.get("class") or ())]
    chosen = set(map(id, same))
    return [e for e in same if not any(id(a) in chosen for a in e.parents)]


def _is_kin(sibling: Tag, best: Tag) -> bool:
    """A sibling of the same kind as the container, or a long low-link paragraph."""
    if sibling.name == best.name and sibling.get("class") and sibling.get("class") == best.get("class"):
        return True
    if sibling.name == "tr" and best.name == "tr":
        # An old table layout prints each paragraph in a row of its own, in cells of one class
        # (<td class="bodyText">): the rows are the article's paragraphs.
        return bool(_cell_classes(sibling) & _cell_classes(best))
    if sibling.name == "p":
        length = _text_length(sibling)
        return length > 80 and _link_length(sibling) < 0.25 * length
    return False


def _cell_classes(row: Tag) -> set[str]:
    return {" ".join(cell["class"]) for cell in row.find_all(("td", "th"), recursive=False) if cell.get("class")}


def _initial_score(element: Tag, length: int) -> float:
    """Readability's class weight: content hints count for, furniture hints against.

    A content hint counts in full only on a container with text enough for a story: a header
    row named "content-row" must not outweigh the story beside it.
    """
    words = _attribute_words(element)
    score = {"article": 10, "main": 5, "section": 0, "div": 5, "pre": 3, "td": 3,
             "blockquote": 3}.get(element.name, 0)
    if words:
        if _CONTENT.search(words):
            score += 25 * min(1.0, length / MIN_STORY_CHARS)
        if _NEGATIVE.search(words):
            score -= 25
    return score


def collect_paragraphs(container: Tag) -> list[str]:
    """The container's text blocks in page order, without link lists and furniture lines."""
    blocks: list[_Block] = [_Block([])]
    _walk(container, blocks)
    paragraphs = []
    for block in blocks:
        text = " ".join("".join(block.parts).split())
        if not text:
            continue
        if block.link_chars > MAX_LINK_DENSITY * len(text) and len(text) < MIN_PROSE_CHARS:
            continue
        if kinds.is_furniture(text):
            continue
        paragraphs.append(text)
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
            if isinstance(child, Comment):
                continue
            text = str(child)
            blocks[-1].parts.append(text)
            if in_link:
                blocks[-1].link_chars += len(text.strip())
            continue
        if not isinstance(child, Tag):
            continue
        block = child.name in BLOCK_TAGS
        if block:
            blocks.append(_Block([], heading=child.name in HEADING_TAGS))
        frames.append((iter(child.children), in_link or child.name == "a", block))
