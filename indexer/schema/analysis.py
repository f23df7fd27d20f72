"""Text analysis for news: how words in articles and in queries become index terms.

English is analysed here; other languages as indexer/schema/languages.py says, through the
same per-word cache (`NewsAnalyzer.in_language`).
"""

from __future__ import annotations

import re
from typing import AbstractSet, Any, Iterator

from whoosh.analysis import Analyzer, Token

from indexer.schema.english import NEWS_STOP_WORDS, PORTER_STEM, WORD_PATTERN, is_plain, news_filter_chain
from indexer.schema.filters import ApostropheFilter, CompoundFilter
from indexer.schema.languages import (
    CJK,
    ENGLISH,
    MULTILINGUAL_PATTERN,
    InLanguage,
    analysis_language,
    bigrams,
    language_chain,
    plain_words,
)
from indexer.schema.occurring import occurrences_of

__all__ = ["ApostropheFilter", "CompoundFilter", "NEWS_STOP_WORDS", "WORD_PATTERN", "NewsAnalyzer",
           "is_plain", "news_analyzer", "news_filter_chain"]

_CJK_START = re.compile(f"[{CJK}]")


class _Run(tuple):
    """A word's terms at consecutive positions, not at one: a run of CJK characters as bigrams."""


def news_analyzer(stem: bool = True, multilingual: bool = False) -> Analyzer:
    """The analyzer for titles and bodies (and the queries against them); `multilingual`:
    a text given with its language (indexer/schema/postings.py) is analysed in it.

    Lowercase, accents folded (Kyïv = Kyiv), apostrophes and hyphens handled as above,
    English stop words dropped (single letters kept: the "T" of "T-72B1" matters), Porter
    stemming so "troops" finds "troop". It gives exactly the tokens of `news_filter_chain`,
    faster (see NewsAnalyzer).
    """
    return NewsAnalyzer(stem, multilingual)


# Positions left free between two texts of one value (Elasticsearch's position_increment_gap).
POSITION_GAP = 100
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

    def __init__(self, stem: bool = True, multilingual: bool = False, language: str = ENGLISH) -> None:
        self.stem = stem
        # An index of schema version 3 on: texts tagged with their language are analysed in
        # it. An older index's schema unpickles without it and reads every text as English.
        self.multilingual = multilingual
        self.language = language
        self._setup()

    def _setup(self) -> None:
        english = self.language == ENGLISH
        self._chain = news_filter_chain(self.stem) if english else language_chain(self.language, self.stem)
        self._pattern = re.compile(WORD_PATTERN if english else MULTILINGUAL_PATTERN)
        self._caches: dict[tuple[Any, bool], dict[str, Any]] = {}
        self._plain = (NEWS_STOP_WORDS, PORTER_STEM) if english else plain_words(self.language)
        self._cjk = not english
        self._languages: dict[str, NewsAnalyzer] = {}

    def in_language(self, code: str | None) -> NewsAnalyzer:
        """This analysis for an article or query of language `code` (an ISO 639-1 code, or
        None when unknown): itself for English and for an index of one analysis for all."""
        if not self.multilingual:
            return self
        language = analysis_language(code)
        if language == self.language:
            return self
        found = self._languages.get(language)
        if found is None:
            found = self._languages[language] = NewsAnalyzer(self.stem, language=language)
        return found

    # Pickled into every index's schema: the definition, never the caches.
    def __getstate__(self) -> dict[str, Any]:
        return {"stem": self.stem, "multilingual": self.multilingual, "language": self.language}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.stem = state["stem"]
        self.multilingual = state.get("multilingual", False)
        self.language = state.get("language", ENGLISH)
        self._setup()

    def _key(self) -> tuple[Any, ...]:
        return (type(self), self.stem, self.multilingual, self.language)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"NewsAnalyzer(stem={self.stem}, multilingual={self.multilingual}, language={self.language!r})"

    def has_morph(self) -> bool:
        # Whoosh indexes separate spelling words for fields whose analyzer stems.
        return self.stem

    def _analyse_word(self, word: str, query: bool, no_morph: bool) -> Any:
        if self._cjk and _CJK_START.match(word):
            return False, _Run(bigrams(word))  # a run of CJK characters (MULTILINGUAL_PATTERN)
        if self._plain is not None and is_plain(word):
            # Answered without the chain's generators, which were most of an incremental
            # reindex (a new process sees each word for the first time). A test compares
            # the two on real articles.
            stops, stem = self._plain
            text = word.lower()
            stopped = text in stops
            if stem is not None and self.stem and not no_morph and not stopped:
                text = stem(text)
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
        """Each term of `value` (or of `only`: indexer/schema/occurring.py) as indexed, with its
        (position, startchar, endchar) in order: what `__call__` yields in index mode with
        positions and characters and stop words removed, gathered per term without making a
        Token for each (the indexing hot path, see indexer/schema/postings.py)."""
        if only is not None:
            if self._cjk:  # a CJK run takes a position per bigram, which occurrences_of does not count
                return {term: places for term, places in self.occurrences(value).items() if term in only}
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
                    out = entry[1][0] if len(entry[1]) == 1 else _grouped(entry[1])
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
            step = out.__class__ is _Run  # CJK bigrams: one position each
            for n, (text, start, end) in enumerate(out):
                found = found_for(text)
                if found is None:
                    seen[text] = [(pos + n * step, offset + start, offset + end)]
                else:
                    found.append((pos + n * step, offset + start, offset + end))
            pos += (len(out) - 1) * step
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
            if out.__class__ is _Run:  # CJK bigrams: one position each
                for text in out:
                    found = found_for(text)
                    if found is None:
                        seen[text] = [pos]
                    else:
                        found.append(pos)
                    pos += 1
                pos -= 1
                continue
            for text in (out,) if out.__class__ is str else out:
                found = found_for(text)
                if found is None:
                    seen[text] = [pos]
                else:
                    found.append(pos)
        return seen

    def words(self, text: str) -> list[str]:
        """The words of a text as this analysis splits it, before any filter."""
        return self._pattern.findall(text)

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
        tagged = isinstance(value, InLanguage)  # on Whoosh's own paths (its writer, spelling)
        if tagged or not tokenize:
            options = dict(positions=positions, chars=chars, keeporiginal=keeporiginal, removestops=removestops,
                           start_pos=start_pos, start_char=start_char, tokenize=tokenize, mode=mode,
                           no_morph=no_morph, **kwargs)
            yield from self._tagged(value, **options) if tagged else self._chain(value, **options)
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
            run = outputs.__class__ is _Run  # CJK bigrams: one position each
            for n, (text, start, end) in enumerate(outputs):
                t.text = text
                if chars:
                    t.startchar, t.endchar = offset + start, offset + end
                if run and positions:
                    t.pos = token_pos + n
                # Like CompoundFilter, the parts of a name are copies and the whole is t.
                yield t.copy() if n < last else t
            if run and not stopped:
                pos += last

    def _tagged(self, value: InLanguage, start_pos: int, start_char: int, **options: Any) -> Iterator[Token]:
        """A tagged value's texts in its language, POSITION_GAP apart as NewsPositions has them."""
        analysis = self.in_language(value.language)
        for text in value.texts:
            last = None
            for token in analysis(text, start_pos=start_pos, start_char=start_char, **options):
                last = token.pos if options.get("positions") else None
                yield token
            if last is not None:
                start_pos = last + 1 + POSITION_GAP
            start_char += len(text) + 1


def _indexed_terms(entry: Any) -> str | tuple[str, ...] | None:
    """A word's analysis as `term_positions` keeps it: None (a stop word, or nothing left),
    its one term, or a tuple of them (a hyphenated name)."""
    if entry is None or entry[0]:
        return None
    if len(entry[1]) == 1:
        return entry[1][0][0]
    return _Run(t[0] for t in entry[1]) if entry[1].__class__ is _Run else tuple(t[0] for t in entry[1])


def _grouped(outputs: tuple[Any, ...]) -> list[Any] | _Run:
    """Several outputs of one word as `occurrences` keeps them: a hyphenated name's as a
    list (one position), a CJK run's as a _Run (a position each)."""
    return outputs if outputs.__class__ is _Run else list(outputs)
