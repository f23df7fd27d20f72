"""Passages around the matched words, HTML-escaped, with <mark> as the only markup."""

from __future__ import annotations

import re
from bisect import bisect_right
from html import escape
from typing import Any, Iterable, Iterator, Sequence

from whoosh import highlight

from corpus.article import HEADING_MARK, heading_text
from indexer.whooshext.highlighter import EscapingFormatter, PageHighlighter

PASSAGES_PER_HIT = 3
PASSAGE_CHARS = 240

# Marks separated only by a hyphen or a space become one: "<mark>T-72B1</mark>",
# "<mark>Mi-17V-5 helicopters</mark>" read as the name or phrase the person typed.
_ADJACENT_MARKS = re.compile("</mark>([-\u2010\u2011 ]?)<mark>")
_BLANK_LINE = re.compile(r"\n\s*\n")
# A subheading's mark where its paragraph starts: kept in a whole body (the page shows the
# paragraph as a heading), left out of passages.
_HEADING_MARKS = re.compile(r"(^|\n\s*\n)" + re.escape(HEADING_MARK))


class MarkFormatter(EscapingFormatter):
    """Escapes all text and wraps matched words in <mark>; returns a list of passages.

    Whitespace collapses to single spaces, except that with `paragraphs` the blank lines
    between paragraphs stay (for a whole article body).
    """

    def __init__(self, paragraphs: bool = False) -> None:
        self.paragraphs = paragraphs

    def escape_text(self, text: str) -> str:
        return escape(text, quote=True)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "<mark>" + escape(highlight.get_text(text, token, replace), quote=True) + "</mark>"

    def format(self, fragments: Iterable[highlight.Fragment], replace: bool = False) -> Any:
        passages = (
            ("… " if getattr(f, "cut_left", False) else "")
            + self.format_fragment(f, replace=replace)
            + (" …" if getattr(f, "cut_right", False) else "")
            for f in _merge_overlaps(fragments)
        )
        return [_ADJACENT_MARKS.sub(r"\1", self._spaced(p)) for p in passages]

    def _spaced(self, passage: str) -> str:
        if not self.paragraphs:
            return " ".join(_HEADING_MARKS.sub(r"\1", passage).split())
        return "\n\n".join(" ".join(p.split()) for p in _BLANK_LINE.split(passage) if p.strip())


def _merge_overlaps(fragments: Iterable[highlight.Fragment]) -> list[highlight.Fragment]:
    """Fragments around nearby matches overlap; one passage shows such text once."""
    merged: list[highlight.Fragment] = []
    for fragment in sorted(fragments, key=lambda f: f.startchar):
        previous = merged[-1] if merged else None
        if previous is not None and fragment.startchar < previous.endchar:
            merged[-1] = highlight.Fragment(
                previous.text,
                [*previous.matches, *fragment.matches],
                previous.startchar,
                max(previous.endchar, fragment.endchar),
            )
        else:
            merged.append(fragment)
    return merged


class SentenceFragmenter(highlight.Fragmenter):
    """Passages made of whole sentences around the matches, trimmed with … when a
    sentence alone is too long. Non-retokenizing: it reads the stored character offsets.

    Words that the query asked for only inside a phrase count only where the phrase
    itself occurs, so "Marxist ideology" marks the phrase, not every "ideology".
    """

    def __init__(self, phrases: list[tuple[str, ...]], loose: set[str], maxchars: int = PASSAGE_CHARS,
                 whole: bool = False) -> None:
        self.phrases = phrases
        self.loose = loose
        self.maxchars = maxchars
        self.whole = whole  # the whole text is one passage (titles)
        self.charlimit = None

    def must_retokenize(self) -> bool:
        return False

    def fragment_matches(self, text: str, tokens: Sequence[Any]) -> Iterator[highlight.Fragment]:
        tokens = self._as_seen(tokens)
        if not tokens:
            return
        if self.whole:
            yield highlight.Fragment(text, tokens, 0, len(text))
            return
        starts, stretches = _starts_near(text, tokens, self.maxchars)
        covered = -1
        for token in tokens:
            if token.startchar < covered:
                continue
            n = bisect_right(starts, token.startchar) - 1
            left, right = _sentence_span(text, starts, n)
            # Short sentences take their neighbours along, so a passage reads as context; a
            # subheading never does, nor is it taken along: it is no sentence of the text.
            while (right - left < self.maxchars // 2 and n + 1 < len(starts)
                   and not _in_heading(text, left) and not _in_heading(text, starts[n + 1])):
                _, following = _sentence_span(text, starts, n + 1)
                if following - left > self.maxchars:
                    break
                n += 1
                right = following
            cut_left, cut_right = left in stretches, False
            if right - left > self.maxchars:
                start = max(left, token.startchar - self.maxchars // 3)
                if start > left:
                    start = _word_start(text, start, token.startchar)
                    cut_left = start > left
                end = min(right, start + self.maxchars)
                if end < right:
                    end = _word_end(text, end, token.endchar)
                    cut_right = end < right
                left, right = start, end
            inside = [t for t in tokens if left <= t.startchar and t.endchar <= right]
            fragment = highlight.Fragment(text, inside, left, right)
            fragment.cut_left, fragment.cut_right = cut_left, cut_right
            covered = right
            yield fragment

    def _as_seen(self, tokens: Sequence[Any]) -> list[Any]:
        """Matched words, less those that only belong to a phrase not present here."""
        if not self.phrases:
            return list(tokens)
        at: dict[int, set[str]] = {}
        for t in tokens:
            at.setdefault(t.pos, set()).add(t.text)
        in_phrase: set[tuple[int, str]] = set()
        for words in self.phrases:
            for t in tokens:
                if t.text == words[0] and all(w in at.get(t.pos + i, ()) for i, w in enumerate(words)):
                    in_phrase.update((t.pos + i, w) for i, w in enumerate(words))
        return [t for t in tokens if t.text in self.loose or (t.pos, t.text) in in_phrase]


# A sentence ends at . ! ? or … (and any closing quote) followed by a space and a capital,
# a digit or an opening quote, or at a blank line; a common abbreviation before a full stop
# (Mr. Smith) does not end one. The pattern starts with the punctuation so it scans fast.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"\u201d\u2019')\]]*\s+(?=[A-Z0-9\"\u201c\u2018'(\[])|\n\s*\n")
_ABBREVIATION = re.compile(r"(?:^|\W)(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|No|Jr|Sr|vs)$")


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of `text` begins (the first is 0)."""
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == "." and _ABBREVIATION.search(text, max(0, m.start() - 4), m.start()):
            continue
        starts.append(m.end())
    return starts


def _starts_near(text: str, tokens: Sequence[Any], maxchars: int) -> tuple[list[int], set[int]]:
    """Sentence starts in the stretches of text around the matches: a long article is
    not split into sentences as a whole for three passages. A stretch opens at a space,
    so at worst a passage starts mid-sentence at a word (and is marked with …)."""
    reach = 2 * maxchars
    starts: set[int] = {0}
    stretches: set[int] = set()  # starts that are only where a stretch began
    end = -1
    for token in tokens:
        if token.startchar < end - maxchars:
            continue
        begin = max(0, token.startchar - reach)
        if begin > 0:
            begin = text.find(" ", begin, token.startchar) + 1 or begin
        end = min(len(text), token.endchar + reach)
        if begin not in starts:
            stretches.add(begin)
        starts.add(begin)
        found = [begin + n for n in sentence_starts(text[begin:end])[1:]]
        stretches.difference_update(found)
        starts.update(found)
    return sorted(starts), stretches


def _in_heading(text: str, at: int) -> bool:
    """Whether the character at `at` belongs to a subheading's paragraph."""
    paragraph = text.rfind("\n\n", 0, at + 1)
    return text.startswith(HEADING_MARK, paragraph + 2 if paragraph >= 0 else 0)


def _sentence_span(text: str, starts: list[int], n: int) -> tuple[int, int]:
    end = starts[n + 1] if n + 1 < len(starts) else len(text)
    while end > starts[n] and text[end - 1].isspace():
        end -= 1
    return starts[n], end


def _word_start(text: str, at: int, limit: int) -> int:
    space = text.find(" ", at, limit)
    return space + 1 if space >= 0 else at


def _word_end(text: str, at: int, limit: int) -> int:
    if at <= limit:
        return limit
    space = text.rfind(" ", limit, at)
    return space if space >= 0 else at


class Passages:
    """Highlighted title and body passages for the hits of one query."""

    def __init__(self, built: Any, shown: Iterable[int] | None = None) -> None:
        """`shown`: the document numbers of the hits whose passages will be asked for."""

        def fragmenter(field: str, whole: bool) -> SentenceFragmenter:
            phrases = [words for f, words in built.phrases if f == field]
            loose = {term for f, term in built.loose_terms if f == field}
            return SentenceFragmenter(phrases, loose, whole=whole)

        self._title = PageHighlighter(fragmenter=fragmenter("title", True), formatter=MarkFormatter())
        self._body = PageHighlighter(
            fragmenter=fragmenter("body", False), formatter=MarkFormatter(), order=highlight.FIRST
        )
        if shown is not None:
            self._title.wanted = self._body.wanted = set(shown)
        self._body_whole = fragmenter("body", True)

    def whole(self, hit: Any, field: str = "body") -> str | None:
        """The whole stored field, HTML-escaped, with every match marked; None when none is."""
        text = hit.fields().get(field, "")
        fragmenter = self._title.fragmenter if field == "title" else self._body_whole
        formatter = MarkFormatter(paragraphs=True)
        marked = PageHighlighter(fragmenter=fragmenter, formatter=formatter).highlight_hit(
            hit, field, top=1, minscore=0
        ) if text else []
        return marked[0] if marked else None

    def of(self, hit: Any) -> tuple[str, list[str]]:
        """The title with its matches marked, and up to three passages of the body."""
        stored = hit.fields()
        title = stored.get("title", "")
        marked = self._title.highlight_hit(hit, "title", top=1, minscore=0) if title else []
        body = self._body.highlight_hit(hit, "body", top=PASSAGES_PER_HIT) if stored.get("body") else []
        return (marked[0] if marked else escape(title, quote=True)), (body or [lead_passage(stored.get("body", ""))])


def lead_passage(text: str, limit: int = PASSAGE_CHARS) -> str:
    """The opening of a text, escaped: the passage shown when no word matched the body.
    Subheadings are left out: they would run into the sentence after them."""
    text = " ".join(p for p in _BLANK_LINE.split(text) if heading_text(p.strip()) is None)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return escape(text, quote=True)
