"""Text analysis for news: how words in articles and in queries become index terms."""

from __future__ import annotations

import re
from typing import AbstractSet, Any, Iterable, Iterator

from whoosh.analysis import (
    STOP_WORDS,
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.support.charset import accent_map

from indexer.schema.occurring import occurrences_of

# A word, optionally joined to more words by hyphens or apostrophes, so that "T-72B1",
# "Mi-17V-5" and "Russia’s" reach the filters whole. Dashes (— –) separate words.
WORD_PATTERN = r"\w+(?:[-\u2010\u2011'\u2019\u02bc]\w+)*"

NEWS_STOP_WORDS = frozenset(STOP_WORDS) - {"us", "may", "will", "can", "tbd"}  # less names: US, May, Will

_HYPHENS = re.compile("[-\u2010\u2011]")
_STEM = StemFilter().stemfn  # the chain's stemmer (Porter's), for words that need nothing else
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


class ApostropheFilter(Filter):
    """Drops possessive 's and inner apostrophes: "Russia’s" -> "russia", "didn't" -> "didnt"."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text.translate(_APOSTROPHES)
            if "'" in text:
                if text.endswith("'s"):
                    text = text[:-2]
                text = text.replace("'", "")
            t.text = text
            if text:
                yield t


class CompoundFilter(Filter):
    """Makes hyphenated names findable whole, joined or by their parts.

    At index time "t-72b1" becomes the joined "t72b1" and the parts "t" and "72b1", all at
    one position (like synonyms), so "T-72B1", "T72B1" and "72B1" all match, and phrases
    around the name ("provided T-72B1 tanks") still line up. A query produces only the
    joined form: "T-72B1" then finds exactly that name and highlights it whole, not every
    "T" on the page.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for t in tokens:
            if not _HYPHENS.search(t.text):
                yield t
                continue
            parts = [p for p in _HYPHENS.split(t.text) if p]
            joined = "".join(parts)
            if t.mode == "query" or len(parts) < 2:
                t.text = joined
                if joined:
                    yield t
                continue
            yield from _part_tokens(t, parts)
            t.text = joined
            yield t


def _part_tokens(token: Token, parts: list[str]) -> Iterator[Token]:
    # Character offsets per part are exact only when folding kept the token's length.
    exact = token.chars and token.endchar - token.startchar == len(token.text)
    offset = 0
    for part in parts:
        t = token.copy()
        t.text = part
        if exact:
            start = token.text.index(part, offset)
            t.startchar = token.startchar + start
            t.endchar = t.startchar + len(part)
            offset = start + len(part)
        yield t


def is_plain(word: str) -> bool:
    """Whether a word is plain ASCII letters and digits, which every filter of the news
    chain passes unchanged but lowercasing, the stop list and the stemmer (nothing to fold,
    no apostrophe or hyphen): most words of English news."""
    return word.isascii() and word.isalnum()


def news_analyzer(stem: bool = True) -> Analyzer:
    """The analyzer for titles and bodies (and the queries against them).

    Lowercase, accents folded (Kyïv = Kyiv), apostrophes and hyphens handled as above,
    English stop words dropped (single letters kept: the "T" of "T-72B1" matters), Porter
    stemming so "troops" finds "troop". It gives exactly the tokens of `news_filter_chain`,
    faster (see NewsAnalyzer).
    """
    return NewsAnalyzer(stem)


def news_filter_chain(stem: bool = True) -> Analyzer:
    """The news analysis as a plain Whoosh chain: the definition NewsAnalyzer caches."""
    chain = (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | ApostropheFilter()
        | StopFilter(stoplist=NEWS_STOP_WORDS, minsize=1)
        | CompoundFilter()
    )
    return chain | StemFilter() if stem else chain


# Cached per word: None when the word vanishes (nothing but apostrophes), else whether it
# is a stop word and its output tokens as (text, start, end), offsets relative to the word.
_CACHE_LIMIT = 400_000  # words per (mode, stemming) kind; cleared when full
_UNSEEN = object()


class NewsAnalyzer(Analyzer):
    """`news_filter_chain` with each distinct word analysed once.

    Indexing spends most of its time pushing every word of every article through seven
    generator stages, although news text repeats a few tens of thousands of words. Every
    stage works on one word at a time, so this runs the chain once per distinct word (per
    query/index mode and with or without stemming), keeps its tokens, and replays them
    with the positions and offsets the chain would give: like StopFilter, the first kept
    word keeps its raw position and later kept words count on from it. A test compares
    the two token for token on real articles.
    """

    def __init__(self, stem: bool = True) -> None:
        self.stem = stem
        self._setup()

    def _setup(self) -> None:
        self._chain = news_filter_chain(self.stem)
        self._pattern = re.compile(WORD_PATTERN)
        self._caches: dict[tuple[Any, bool], dict[str, Any]] = {}

    # Pickled into every index's schema: the definition, never the caches.
    def __getstate__(self) -> dict[str, Any]:
        return {"stem": self.stem}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.stem = state["stem"]
        self._setup()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.stem == other.stem  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.stem))

    def __repr__(self) -> str:
        return f"NewsAnalyzer(stem={self.stem})"

    def has_morph(self) -> bool:
        # Whoosh indexes separate spelling words for fields whose analyzer stems.
        return self.stem

    def _analyse_word(self, word: str, query: bool, no_morph: bool) -> Any:
        if is_plain(word):
            # Answered without the chain's generators, which were most of an incremental
            # reindex (a new process sees each word for the first time). A test compares
            # the two on real articles.
            text = word.lower()
            stopped = text in NEWS_STOP_WORDS
            if self.stem and not no_morph and not stopped:
                text = _STEM(text)
            return stopped, ((text, 0, len(word)),)
        tokens = [
            (t.text, t.startchar, t.endchar, t.stopped)
            for t in self._chain(word, positions=True, chars=True, removestops=False,
                                 mode="query" if query else "index", no_morph=no_morph)
        ]
        if not tokens:
            return None
        return tokens[0][3], tuple((text, start, end) for text, start, end, _ in tokens)

    def _cache(self, query: bool, no_morph: bool) -> dict[str, Any]:
        cache = self._caches.setdefault((query, no_morph), {})
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        return cache

    def _outputs(self, no_morph: bool) -> dict[str, Any]:
        """Per word, what `occurrences` adds for it: None (a stop word, or nothing left),
        its one term as (text, start, end), or a list of them (a hyphenated name)."""
        outputs = self._caches.setdefault(("occurrences", no_morph), {})
        if len(outputs) > _CACHE_LIMIT:
            outputs.clear()
        return outputs

    def occurrences(self, value: str, only: AbstractSet[str] | None = None) -> dict[str, list[tuple[int, int, int]]]:
        """Each term of `value` (or of `only`: indexer/schema/occurring.py) as indexed, with its (position,
        startchar, endchar) in order, as `__call__` yields them in index mode, without making Tokens."""
        if only is not None:
            return occurrences_of(value, only, self._pattern, self.word_terms, self.occurrences)
        no_morph = not self.stem
        outputs = self._outputs(no_morph)
        seen: dict[str, list[tuple[int, int, int]]] = {}
        found_for = seen.get
        pos = -1
        for raw_pos, match in enumerate(self._pattern.finditer(value)):
            word = match[0]
            out = outputs.get(word, _UNSEEN)
            if out is _UNSEEN:
                entry = self._analyse_word(word, False, no_morph)
                if entry is None or entry[0]:
                    out = None
                else:
                    out = entry[1][0] if len(entry[1]) == 1 else list(entry[1])
                outputs[word] = out
            if out is None:
                continue
            pos = raw_pos if pos < 0 else pos + 1
            offset = match.start()
            if out.__class__ is tuple:  # one term: nearly every word
                text, start, end = out
                found = found_for(text)
                if found is None:
                    seen[text] = [(pos, offset + start, offset + end)]
                else:
                    found.append((pos, offset + start, offset + end))
                continue
            for text, start, end in out:
                found = found_for(text)
                if found is None:
                    seen[text] = [(pos, offset + start, offset + end)]
                else:
                    found.append((pos, offset + start, offset + end))
        return seen

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """`occurrences` without the character offsets: each term of `value` as indexed,
        with its positions in order (what indexer/schema/postings.py's NewsPositions keeps)."""
        no_morph = not self.stem
        terms = self._terms(no_morph)
        seen: dict[str, list[int]] = {}
        found_for = seen.get
        pos = -1
        for raw_pos, word in enumerate(self._pattern.findall(value)):
            out = terms.get(word, _UNSEEN)
            if out is _UNSEEN:
                out = terms[word] = _indexed_terms(self._analyse_word(word, False, no_morph))
            if out is None:
                continue
            pos = raw_pos if pos < 0 else pos + 1
            for text in (out,) if out.__class__ is str else out:
                found = found_for(text)
                if found is None:
                    seen[text] = [pos]
                else:
                    found.append(pos)
        return seen

    def word_terms(self, word: str) -> tuple[str, ...]:
        """The terms one word as written is indexed under: none for a stop word, one for
        most, the parts and the whole of a hyphenated name (what `term_positions` adds)."""
        no_morph = not self.stem
        terms = self._terms(no_morph)
        out = terms.get(word, _UNSEEN)
        if out is _UNSEEN:
            out = terms[word] = _indexed_terms(self._analyse_word(word, False, no_morph))
        return () if out is None else (out,) if out.__class__ is str else out

    def _terms(self, no_morph: bool) -> dict[str, Any]:
        """Per word, what `term_positions` adds for it: None (a stop word, or nothing
        left), its one term, or a tuple of them (a hyphenated name)."""
        terms = self._caches.setdefault(("terms", no_morph), {})
        if len(terms) > _CACHE_LIMIT:
            terms.clear()
        return terms

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        no_morph: bool = False,
        **kwargs: Any,
    ) -> Iterator[Token]:
        if not tokenize:
            yield from self._chain(
                value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                removestops=removestops, start_pos=start_pos, start_char=start_char,
                tokenize=False, mode=mode, no_morph=no_morph, **kwargs,
            )
            return
        query, no_morph = mode == "query", no_morph or not self.stem
        cache = self._cache(query, no_morph)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = None
        for raw_pos, match in enumerate(self._pattern.finditer(value)):
            word = match.group(0)
            entry = cache.get(word, False)
            if entry is False:
                entry = cache[word] = self._analyse_word(word, query, no_morph)
            if entry is None:
                continue
            stopped, outputs = entry
            if stopped:
                if removestops:
                    continue
                token_pos = start_pos + raw_pos
            else:
                pos = start_pos + raw_pos if pos is None else pos + 1
                token_pos = pos
            t.stopped = stopped
            t.boost = 1.0
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = token_pos
            offset = start_char + match.start()
            last = len(outputs) - 1
            for n, (text, start, end) in enumerate(outputs):
                t.text = text
                if chars:
                    t.startchar, t.endchar = offset + start, offset + end
                # Like CompoundFilter, the parts of a name are copies and the whole is t.
                yield t.copy() if n < last else t


def _indexed_terms(entry: Any) -> str | tuple[str, ...] | None:
    """A word's analysis as `term_positions` keeps it: None (a stop word, or nothing left),
    its one term, or a tuple of them (a hyphenated name)."""
    if entry is None or entry[0]:
        return None
    return entry[1][0][0] if len(entry[1]) == 1 else tuple(t[0] for t in entry[1])


def name_analyzer() -> Analyzer:
    """For author names: whole words, lowercase, accents folded, no stemming or stop words."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
