"""Each article's words analysed in its own language: which stemmer, stop list and folding.

The design: one `title` and one `body` field whose analysis is tagged with the article's
language (indexer/schema/documents.py hands the analyzer each text with its language), not a
field per language (`body_en`, `body_de`, ...) as Elasticsearch's multi-field recipes do.
Everything that reads the body (BM25 statistics and field weights, phrases and the pairs of
common words, did-you-mean's words file, highlighting, near-duplicates) works on one field and
keeps working unchanged; a new language adds no field, no segment files and no query clause
per field; an article only ever holds terms of its own language's analysis. A query is read
in each language the index holds, and each word's readings are ORed (indexer/search/readings.py),
so it meets every article in that article's analysis, and a name analysed alike in two
languages is one term. The cost: where two languages index the same string, they share its
statistics (rare, and for a name it means the same thing).

What each language gets:
- English: exactly the news analysis of indexer/schema/analysis.py (Porter, the news stop list).
- The languages of `SNOWBALL`: PyStemmer's Snowball stemmer and the `stop-words` package's
  stop list (none for Turkish and Greek, whose lists there are mis-encoded or ancient); accents
  folded after stemming where the language treats them as marks (French, Spanish, ...), never
  where they make letters of their own (Swedish å, Polish ł, Turkish ş, Russian й).
- Ukrainian, which Snowball lacks: simplemma's dictionary lemmas, read from the word as written
  (its capital tells a name: "Києві" is Київ), then lowercased.
- Chinese, Japanese, Korean and any other: language-neutral (lowercase, accents folded, no stop
  words, no stemming), where runs of Han, kana and Hangul are read as overlapping character
  bigrams (Elasticsearch's `cjk` analyzer): "北京大学" is 北京 京大 大学, one position each.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

import simplemma
import Stemmer
from stop_words import get_stop_words
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from indexer.schema.filters import CompoundFilter, ElisionFilter, SuffixApostropheFilter

ENGLISH = "en"
NEUTRAL = ""  # the analysis of an unknown language, and of Chinese, Japanese and Korean

# Han (with its extensions), kana, Hangul and their compatibility and half-width forms.
CJK = ("\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
       "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc"
       "\U00020000-\U0003ffff")
_LETTER = rf"[^\W{CJK}]"
# The news word pattern (analysis.WORD_PATTERN) with each run of CJK characters a word of
# its own, whatever surrounds it ("iPhone手机" is iphone and 手机).
MULTILINGUAL_PATTERN = rf"[{CJK}]+|{_LETTER}+(?:[-\u2010\u2011'\u2019\u02bc]{_LETTER}+)*"

# Elided articles and pronouns (Elasticsearch's French and Italian elision lists).
_FRENCH_ELISION = frozenset("l m t qu n s j d c jusqu quoiqu lorsqu puisqu".split())
_ITALIAN_ELISION = frozenset(
    "c l all dall dell nell sull coll pell gl agl dagl degl negl sugl un m t s v d".split())


@dataclass(frozen=True)
class Snowball:
    """A language analysed with a Snowball stemmer."""

    algorithm: str  # PyStemmer's name
    stops: bool  # whether the stop-words package's list for it is dropped
    fold: bool  # accents folded after stemming
    elision: frozenset[str] | None = None
    suffix_apostrophe: bool = False


SNOWBALL = {
    "de": Snowball("german", True, fold=True),
    "fr": Snowball("french", True, fold=True, elision=_FRENCH_ELISION),
    "es": Snowball("spanish", True, fold=True),
    "it": Snowball("italian", True, fold=True, elision=_ITALIAN_ELISION),
    "pt": Snowball("portuguese", True, fold=True),
    "nl": Snowball("dutch", True, fold=True),
    "sv": Snowball("swedish", True, fold=False),
    "no": Snowball("norwegian", True, fold=False),
    "da": Snowball("danish", True, fold=False),
    "fi": Snowball("finnish", True, fold=False),
    "hu": Snowball("hungarian", True, fold=False),
    "pl": Snowball("polish", True, fold=False),
    "cs": Snowball("czech", True, fold=False),
    "ru": Snowball("russian", True, fold=False),  # the stemmer reads ё as е
    # The stop-words package's Turkish list is mis-encoded (cp1254 read as Latin-1): none.
    "tr": Snowball("turkish", False, fold=False, suffix_apostrophe=True),
    "ar": Snowball("arabic", True, fold=False),  # the stemmer drops diacritics
    # The stop-words package's Greek list is of ancient Greek: none. The stemmer drops accents.
    "el": Snowball("greek", False, fold=False),
    "id": Snowball("indonesian", True, fold=True),
}
UKRAINIAN = "uk"
# The stop-words package's own code where it differs.
_STOP_WORDS_CODES = {"no": "nb"}
# What a language code as inputs give it may also be written as.
_ALIASES = {"nb": "no", "nn": "no", "iw": "he", "in": "id"}


class InLanguage(str):
    """A text field's value with the language to analyse it in (indexer/schema/postings.py):
    one text, or several read one after the other (a body and its headline).

    A string (the texts joined by a line break), so that Whoosh's own paths take it as a
    value, its writer's and its spelling's among them, and hand it to the field's format
    and analyzer, which read its texts in its language (NewsAnalyzer)."""

    texts: tuple[str, ...]
    language: str | None

    def __new__(cls, texts: tuple[str, ...], language: str | None) -> InLanguage:
        value = super().__new__(cls, "\n".join(texts))
        value.texts, value.language = tuple(texts), language
        return value

    def __getnewargs__(self) -> tuple[tuple[str, ...], str | None]:  # type: ignore[override]
        return self.texts, self.language

    def __repr__(self) -> str:
        return f"InLanguage({self.texts!r}, {self.language!r})"


def analysis_language(code: str | None) -> str:
    """The analysis an article of language `code` ("de", "de-AT", "EN", None) gets: ENGLISH,
    a key of SNOWBALL, UKRAINIAN, or NEUTRAL for any other."""
    primary = (code or "").strip().lower().replace("_", "-").split("-")[0]
    primary = _ALIASES.get(primary, primary)
    return primary if primary in SNOWBALL or primary in (ENGLISH, UKRAINIAN) else NEUTRAL


def bigrams(run: str) -> tuple[tuple[str, int, int], ...]:
    """A run of CJK characters as overlapping bigrams with their offsets (a lone character
    as itself), each at a position of its own."""
    if len(run) < 2:
        return ((run, 0, len(run)),)
    return tuple((run[n:n + 2], n, n + 2) for n in range(len(run) - 1))


def stop_words(language: str) -> frozenset[str]:
    """The stop list of a non-English analysis (empty for one without)."""
    if language == UKRAINIAN:
        return frozenset(get_stop_words("uk"))
    rules = SNOWBALL.get(language)
    if rules is None or not rules.stops:
        return frozenset()
    return frozenset(w.lower() for w in get_stop_words(_STOP_WORDS_CODES.get(language, language)))


@lru_cache(maxsize=None)
def stemmer(language: str) -> Callable[[str], str] | None:
    """The stemming function of a Snowball language (None for any other); one per process,
    shared by every analyzer of that language (PyStemmer's object is not thread-safe, but
    each call holds the interpreter's lock)."""
    rules = SNOWBALL.get(language)
    return None if rules is None else Stemmer.Stemmer(rules.algorithm).stemWord


def language_chain(language: str, stem: bool = True) -> Analyzer:
    """The analysis of one non-English `language` (see `analysis_language`) as a Whoosh chain,
    for the words `NewsAnalyzer` does not answer without it."""
    rules = SNOWBALL.get(language)
    tokenizer = RegexTokenizer(MULTILINGUAL_PATTERN)
    if language == UKRAINIAN:
        # Lemmas from the word as written (a capital tells a name), lowercased after.
        chain = tokenizer | CompoundFilter()
        if stem:
            chain = chain | StemFilter(stemfn=_ukrainian_lemma, cachesize=0)
        return chain | LowercaseFilter() | ElisionFilter(frozenset()) | StopFilter(
            stoplist=stop_words(language), minsize=1)
    chain = tokenizer | LowercaseFilter()
    if rules is not None and rules.suffix_apostrophe:
        chain = chain | SuffixApostropheFilter()
    else:
        chain = chain | ElisionFilter(rules.elision if rules is not None and rules.elision else frozenset())
    chain = chain | StopFilter(stoplist=stop_words(language), minsize=1) | CompoundFilter()
    if rules is None:
        return chain | CharsetFilter(accent_map)
    if stem:
        chain = chain | StemFilter(stemfn=stemmer(language), cachesize=0)
    return chain | CharsetFilter(accent_map) if rules.fold else chain


def _ukrainian_lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang=UKRAINIAN)


def plain_words(language: str) -> tuple[frozenset[str], Any] | None:
    """For a language whose analysis of a plain ASCII word is lowercasing, its stop list and
    its stemmer alone: the stop list and the stemmer (None: no stemmer), so NewsAnalyzer
    answers such words without the chain; None for a language that needs the chain."""
    if language == UKRAINIAN:
        return None
    return stop_words(language), stemmer(language)
