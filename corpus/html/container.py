"""Choosing the elements that hold the article on a parsed page (extraction's second stage).

Readability's scoring: each paragraph votes for its parent and grandparent with its length and
commas, discounted by the container's share of link text; a wrapper votes with its loose text
(lines between <br>s, runs of <font>), and text cut by blank lines (<br><br>) votes per part;
comment and recommendation sections do not vote; a content-named class weighs in full only on
a container with text enough for a story (its text outside those sections). The best container
is taken with its kin: siblings that score nearly as well with paragraphs of their own, share
its tag and class, or are long paragraphs, rows of a table layout whose cells share its class,
and cousins of the same content-named class that score nearly as well (an article cut in
layout cells or around images). A container near the page's headline (holding it, or right
after it) scores more: readers' comments and sidebars come later. Also the class-word and
length helpers extraction.py shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import NavigableString, Tag
from bs4.element import PreformattedString

# Tags that start a new paragraph of text.
BLOCK_TAGS = frozenset(
    "address article blockquote center dd details div dl dt fieldset figure h1 h2 h3 h4 h5 h6 "
    "header hr li main ol p pre section summary table tbody td tfoot th thead tr ul br".split()
)
# Containers never pruned by their class: the page itself and declared article content.
KEEP_TAGS = frozenset("html body main article".split())

# Sections whose paragraphs never vote for the article container: readers' comments and
# recommendation widgets can outweigh a short article.
NOT_VOTING = re.compile(
    r"(?:^|[\s_-])(?:comments?|commentlist|disqus|respond|replies|related|recommended|"
    r"outbrain|taboola)(?:$|[\s_-])",
    re.IGNORECASE,
)
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
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
# The story follows its headline; comments and sidebars come later. The first container of
# paragraphs after the headline, and those holding it, score this much more.
HEADLINE_BONUS = 1.25


def attribute_words(element: Tag) -> str:
    """The element's class and id, camelCase split into words ("readerComments": "reader Comments")."""
    classes = element.attrs.get("class") or ()
    ident = element.attrs.get("id") or ""
    words = " ".join(classes) + " " + ident if classes else ident
    return _CAMEL_HUMP.sub(" ", words)


def text_length(element: Tag) -> int:
    return len(" ".join(element.get_text(" ").split()))


def link_length(element: Tag) -> int:
    return sum(text_length(a) for a in element.find_all("a"))


def choose_container(body: Tag, headline: str | None = None) -> list[Tag]:
    """The elements holding the article: the best-scored paragraph container and its kin;
    containers near the `headline`, when the page prints it, are favoured.

    Kin are siblings that score nearly as well, share its tag and class (an article split
    in several "text" blocks around an ad or a gallery), or are long paragraphs of their own.
    """
    elements = body.find_all(True)
    silenced = {id(e) for e in elements if e.name not in KEEP_TAGS and NOT_VOTING.search(attribute_words(e))}
    measures = _measure(body, elements, silenced)
    text_length, link_length, wraps = measures.text, measures.links, measures.wraps
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    holding: set[int] = set()  # the elements a paragraph voted for as its parent
    for paragraph in elements:
        if paragraph.name not in _VOTERS:
            continue
        # A wrapper votes only with its loose text (lines between <br>s, runs of <font>);
        # its blocks vote too.
        wrapper = paragraph.name in _WRAPPERS and wraps.get(id(paragraph), False)
        length = measures.loose.get(id(paragraph), 0) if wrapper else text_length.get(id(paragraph), 0)
        if length < MIN_VOTING_CHARS:
            continue
        if silenced and (id(paragraph) in silenced or any(id(a) in silenced for a in paragraph.parents)):
            continue
        if (wrapper or paragraph.name == "p") and paragraph.find("br") is not None:
            # Paragraphs written as one <p> cut by blank lines (<br><br>) vote each, as
            # readability's replaceBrs makes them paragraphs: one vote would cap the story.
            votes = [(len(part), part.count(",")) for part in _between_breaks(paragraph)]
        else:
            commas = measures.loose_commas.get(id(paragraph), 0) if wrapper else paragraph.get_text(" ").count(",")
            votes = [(length, commas)]
        score = sum(1 + commas + min(length / 100, 3) for length, commas in votes if length >= MIN_VOTING_CHARS)
        parent = paragraph.parent
        for share, ancestor in ((1.0, parent), (0.5, parent.parent if parent else None)):
            if ancestor is None or not isinstance(ancestor, Tag):
                continue
            key = id(ancestor)
            if key not in scores:
                nodes[key] = ancestor
                scores[key] = _initial_score(ancestor, measures.voting.get(key, 0))
            scores[key] += score * share
            if share == 1.0:
                holding.add(key)
    if not scores:
        return []
    final = {
        key: scores[key] * (1 - min(1.0, link_length.get(key, 0) / (text_length.get(key, 0) or 1)))
        for key in nodes
    }
    for key in _near_headline(elements, measures.text, holding, headline) & final.keys():
        final[key] *= HEADLINE_BONUS
    best_key = max(final, key=final.__getitem__)
    best = nodes[best_key]
    if best.parent is None or best.name == "body":
        return [best]
    # Blocks of the container's kind that no paragraph voted for, or that score far below it,
    # are the site's boxes in its article style (a publisher's note under every story, each
    # section's teaser on a portal), not parts of this one.
    threshold = max(10.0, final[best_key] * SIBLING_SHARE)
    chunks = [chunk for chunk in _same_kind(best, elements) if final.get(id(chunk), 0) >= threshold]
    if len(chunks) > 1:
        return chunks
    chosen = []
    for sibling in best.parent.children:
        if not isinstance(sibling, Tag):
            continue
        # A sibling scored only through boxes nested in it (teasers, job ads) is a box of its own.
        scored = final.get(id(sibling), 0) >= threshold and id(sibling) in holding
        if sibling is best or scored or _is_kin(sibling, best):
            chosen.append(sibling)
    return chosen


def _between_breaks(paragraph: Tag) -> list[str]:
    """The paragraph's text cut where two or more <br>s in a row leave a blank line."""
    parts: list[str] = []
    current: list[str] = []
    breaks = 0

    def walk(element: Tag) -> None:
        nonlocal breaks, current
        for node in element.children:
            if isinstance(node, Tag):
                if node.name == "br":
                    breaks += 1
                elif node.name in BLOCK_TAGS:
                    breaks = 2  # a block's text votes by itself; it ends the loose paragraph
                else:
                    walk(node)
                continue
            text = node.strip() if not isinstance(node, PreformattedString) else ""
            if not text:
                continue
            if breaks >= 2 and current:
                parts.append(" ".join(current))
                current = []
            breaks = 0
            current.append(text)

    walk(paragraph)
    if current:
        parts.append(" ".join(current))
    return parts


def _near_headline(elements: list[Tag], text: dict[int, int], holding: set[int], headline: str | None) -> set[int]:
    """The ids of the elements holding the first element that prints the headline alone, and
    of the first paragraphs' container after it (empty when no element prints it)."""
    wanted = " ".join(headline.split()).lower() if headline else ""
    if not wanted:
        return set()
    for at, element in enumerate(elements):
        # `text` counts no spaces between strings: a cheap bound before the exact test.
        if len(wanted) // 2 <= text.get(id(element), 0) <= len(wanted) and (
                " ".join(element.get_text(" ").split()).lower() == wanted):
            after = next((id(e) for e in elements[at + 1:] if id(e) in holding), None)
            return {id(a) for a in element.parents} | ({after} if after else set())
    return set()


def _measure(root: Tag, elements: list[Tag], silenced: set[int]) -> _Measures:
    """Per element (by id): characters of text, of link text and of text outside `silenced`
    sections, whether it wraps block elements, and its loose text: the characters and commas
    outside its blocks (lines between <br>s, text in <font> or <span> runs); one bottom-up pass
    instead of a subtree walk per element."""
    m = _Measures({}, {}, {}, {}, {}, {})
    text, links, wraps, loose, commas, voting = m.text, m.links, m.wraps, m.loose, m.loose_commas, m.voting
    for element in reversed(elements):  # children before their parents
        key = id(element)
        strings = [s for s in element.contents if isinstance(s, NavigableString) and not isinstance(s, PreformattedString)]
        own = sum(len(s.strip()) for s in strings)
        text[key] = text.get(key, 0) + own
        voting[key] = 0 if key in silenced else voting.get(key, 0) + own
        loose[key] = loose.get(key, 0) + own
        commas[key] = commas.get(key, 0) + sum(s.count(",") for s in strings)
        if element.name == "a":
            links[key] = text[key]
        parent = element.parent
        if parent is not None:
            up = id(parent)
            text[up] = text.get(up, 0) + text[key]
            voting[up] = voting.get(up, 0) + voting[key]
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
    voting: dict[int, int]  # text outside comment and recommendation sections


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
        length = text_length(sibling)
        return length > 80 and link_length(sibling) < 0.25 * length
    return False


def _cell_classes(row: Tag) -> set[str]:
    return {" ".join(cell["class"]) for cell in row.find_all(("td", "th"), recursive=False) if cell.get("class")}


def _initial_score(element: Tag, length: int) -> float:
    """Readability's class weight: content hints count for, furniture hints against.

    A content hint counts in full only on a container with text enough for a story: a header
    row named "content-row" must not outweigh the story beside it.
    """
    words = attribute_words(element)
    score = {"article": 10, "main": 5, "section": 0, "div": 5, "pre": 3, "td": 3,
             "blockquote": 3}.get(element.name, 0)
    if words:
        if _CONTENT.search(words):
            score += 25 * min(1.0, length / MIN_STORY_CHARS)
        if _NEGATIVE.search(words):
            score -= 25
    return score
