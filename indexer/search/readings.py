"""A query read in each language the index holds, as its articles were analysed.

An article's title and body are analysed in its own language (indexer/schema/languages.py),
so a typed word is analysed in each language of the index too, and its readings are ORed:
"Häuser" is hauser in English and haus in German, and finds a German article saying "Haus".
A name analysed alike in two languages is one term, so it still matches across them. With
`lang` chosen, the query is read in those languages alone (and filtered to their articles).
An index written before languages were analysed (schema version 2 and older) is read in
English alone, as it was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from whoosh.query import ConstantScoreQuery, Or, Query, Term
from whoosh.searching import Searcher

from indexer.kept import index_data

LANGUAGE_FIELD = "language"


@dataclass(frozen=True)
class Reading:
    """One analysis a query is read in, and the stored language values of the articles
    analysed that way ("" for articles of no known language)."""

    analyzer: Any  # NewsAnalyzer
    codes: tuple[str, ...]


def readings(searcher: Searcher, languages: Iterable[str] = ()) -> list[Reading]:
    """The analyses to read a query in: of every language the index holds (kept per
    reader), or of `languages` alone; the language of most articles first."""
    chosen = tuple(languages)
    return index_data(searcher.reader(), ("readings", chosen), lambda: _readings(searcher, chosen))


def _readings(searcher: Searcher, chosen: tuple[str, ...]) -> list[Reading]:
    analyzer = searcher.schema["body"].analyzer
    if not getattr(analyzer, "multilingual", False):
        return [Reading(analyzer, ())]
    reader = searcher.reader()
    codes = [b.decode("utf-8") for b in reader.lexicon(LANGUAGE_FIELD)] if LANGUAGE_FIELD in searcher.schema else []
    if chosen:
        codes = [code for code in codes if code in chosen] or list(chosen)
    elif sum(reader.doc_frequency(LANGUAGE_FIELD, code) for code in codes) < reader.doc_count():
        codes.append("")  # articles of no known language
    grouped: dict[Any, list[str]] = {}
    for code in codes:
        grouped.setdefault(analyzer.in_language(code), []).append(code)
    if not grouped:
        grouped[analyzer] = []
    known = sum(reader.doc_frequency(LANGUAGE_FIELD, code) for code in codes if code)

    def articles(item: tuple[Any, list[str]]) -> int:
        return sum(reader.doc_frequency(LANGUAGE_FIELD, c) if c else reader.doc_count() - known for c in item[1])

    # The language of most articles first: any-word reading leaves out its stop words.
    ordered = sorted(grouped.items(), key=lambda item: (-articles(item), item[0].language != analyzer.language))
    return [Reading(each, tuple(found)) for each, found in ordered]


def exempt(stopped: Iterable[Reading]) -> list[Query]:
    """Clauses that let the articles of readings in which a word is a stop word (not indexed
    there) match without it, scoring nothing: "war" is a German stop word but an English word."""
    return [ConstantScoreQuery(Term(LANGUAGE_FIELD, code), 0.0)
            for reading in stopped for code in reading.codes if code]


def without_exemptions(query: Query) -> Query:
    """`query` without the clauses of `exempt`: where it is the only word, one of several
    alternatives (OR) or excluded, a word must not let every article of a language in."""
    if not isinstance(query, Or):
        return query
    kept = [q for q in query.subqueries if not _exemption(q)]
    if len(kept) == len(query.subqueries):
        return query
    return kept[0] if len(kept) == 1 else Or(kept)


def _exemption(query: Query) -> bool:
    return (isinstance(query, ConstantScoreQuery) and isinstance(query.child, Term)
            and query.child.fieldname == LANGUAGE_FIELD)


def word_forms(analyzers: list[Any], typed: Iterable[str], fields: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    """(field, forms) for each typed word that the readings index as different single terms
    ("retrieval" as retriev in English and as itself in a language-neutral reading)."""
    found = []
    for text in typed:
        forms = {terms[0] for analyzer in analyzers
                 if len(terms := tuple(t.text for t in analyzer(text, mode="query"))) == 1}
        if len(forms) > 1:
            found.extend((name, tuple(sorted(forms))) for name in fields)
    return found


def blended(searcher: Searcher, groups: list[tuple[str, tuple[str, ...]]]) -> Searcher:
    """`searcher` scoring each group of a word's forms as one word: every form with the
    document and word frequencies of all of them together, as Lucene's BlendedTermQuery.
    Without it a form found only in the few articles of one language scores as a rare word
    there: 24 abstracts of no known language among CISI's 1,460 cost its nDCG@10 0.07."""
    if not groups:
        return searcher
    frequencies = {}
    for name, forms in groups:
        df = sum(searcher.doc_frequency(name, form) for form in forms)
        cf = sum(searcher.frequency(name, form) for form in forms)
        frequencies.update({(name, form.encode("utf-8")): (min(df, searcher.doc_count_all()), cf)
                            for form in forms})
    return _BlendedSearcher(searcher.reader(), weighting=searcher.weighting, inner=searcher,
                            frequencies=frequencies)


class _BlendedSearcher(Searcher):
    """The statistics of `inner` (one index's, or every shard's) but for the blended forms.
    Whoosh makes a segment's searcher of the same class (with `parent`, no `inner`): that one
    reads the statistics of its parent, as every segment's searcher does."""

    def __init__(self, reader: Any, weighting: Any = None, closereader: bool = False, fromindex: Any = None,
                 parent: Searcher | None = None, inner: Searcher | None = None,
                 frequencies: dict[tuple[str, bytes], tuple[int, int]] | None = None) -> None:
        super().__init__(reader, weighting=weighting, closereader=False, fromindex=fromindex, parent=parent)
        if inner is None:
            return
        self.statistics = _Owner()  # the scorers' kept statistics are this search's own
        blend = frequencies or {}
        self.doc_frequency = lambda name, text: self._get(blend, name, text, 0, inner.doc_frequency)
        self.frequency = lambda name, text: self._get(blend, name, text, 1, inner.frequency)
        self.doc_count_all, self.doc_count = inner.doc_count_all, inner.doc_count
        self.field_length, self.avg_field_length = inner.field_length, inner.avg_field_length

    @staticmethod
    def _get(frequencies: dict[tuple[str, bytes], tuple[int, int]], name: str, text: str | bytes,
             which: int, otherwise: Any) -> int:
        found = frequencies.get((name, text if isinstance(text, bytes) else text.encode("utf-8")))
        return otherwise(name, text) if found is None else found[which]


class _Owner:
    """A key for the statistics the scorers keep (indexer/whooshext/scoring.py)."""
