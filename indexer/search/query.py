"""Turning what a person types into a Whoosh query, with bounded work and plain notices.

The tree comes from indexer.search.syntax; here each word is analysed like the article text
(stemming, accents, apostrophes, hyphenated names), wildcards and fuzzy terms are expanded
against the index with a cap, field terms and dates become clauses and filters, and a
looser any-word form is prepared for long queries that match nothing as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from whoosh.query import And, AndNot, Every, NullQuery, Or, Query, Term
from whoosh.query import Phrase as PhraseQuery
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map

from indexer.schema.fields import name_analyzer
from indexer.search import syntax
from indexer.search.description import MAX_WORDS, describe, word_terms
from indexer.search.ranking import PRODUCT_RANKING, Ranking
from indexer.search.readings import exempt, readings, without_exemptions, word_forms
from indexer.search.request import BadRequest, parse_date_param

SEARCHED_FIELDS = ("title", "body")
MAX_TERMS = 64  # words, phrases and field terms read from one query
MAX_EXPANSIONS = 50  # index words one prefix* or fuzzy~ term may stand for
MAX_SCANNED = 5_000  # index words looked at to choose them
MAX_QUERY_EXPANSIONS = 200  # index words all the wildcards and fuzzy terms of one query may stand for
MIN_PREFIX = 2
FALLBACK_MIN_WORDS = 2  # an all-words query this long that finds too little is filled up with any-word

_FUZZY = re.compile(r"(.+?)~([0-9]*)$")
_NAMES = name_analyzer()


@dataclass
class BuiltQuery:
    """A typed query as Whoosh queries, date filters and the notices a person should read."""

    query: Query
    loose: Query | None = None  # any-word form, for the fallback; None when not applicable
    description: bool = False  # a long plain query: rank by `loose` alone
    since: date | None = None
    until: date | None = None
    has_terms: bool = False  # False: nothing to match on (empty, only dates, only stop words)
    notices: list[str] = field(default_factory=list)
    phrases: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (field, words)
    loose_terms: set[tuple[str, str]] = field(default_factory=set)  # matched outside phrases
    # What the query was chosen from by the index's statistics, for a search over shards to
    # choose it from every shard's (indexer/shardwork.py): the index words each wildcard or
    # fuzzy term scanned, (field, as typed) -> (the words, whether more were left unscanned),
    # and the words whose frequencies chose among them (a description's, a capped wildcard's).
    scanned: dict[tuple[str, str], tuple[list[str], bool]] = field(default_factory=dict)
    weighed: set[tuple[str, str]] = field(default_factory=set)
    blends: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (field, a word's forms)


def build_query(searcher: Searcher, text: str, ranking: Ranking = PRODUCT_RANKING,
                languages: tuple[str, ...] = ()) -> BuiltQuery:
    """The query for `text`, read as `ranking` says in each language of the index (or in
    `languages`: indexer/search/readings.py); never raises for anything typed."""
    text = text.replace("\x00", " ").strip()
    parsed = syntax.parse(text)
    builder = _Builder(searcher, parsed.notices, ranking, languages)
    strict = builder.group(parsed.tree, top=True)
    built = BuiltQuery(query=strict if strict is not None else (NullQuery if text else Every()),
                       since=builder.since, until=builder.until, has_terms=builder.terms > 0,
                       notices=parsed.notices, phrases=builder.phrases, loose_terms=builder.loose_terms,
                       scanned=builder.scanned, weighed=builder.weighed,
                       blends=word_forms(builder._analyzers, _words(parsed.tree), SEARCHED_FIELDS))
    if strict is None and text and builder.dated:
        built.query = Every()  # only dates were typed: every article in that period
    elif strict is None and text and not parsed.notices:
        _add(built.notices, "The query has no searchable words (very common words such as “the” are not indexed).")
    built.description = (parsed.plain and not parsed.tree.any
                         and builder.top_positive >= max(ranking.description_words, FALLBACK_MIN_WORDS))
    if built.description:
        built.loose = builder.description(parsed.tree)
    elif builder.top_positive >= FALLBACK_MIN_WORDS and not parsed.tree.any:
        built.loose = builder.group(parsed.tree, top=True, loose=True)
    if builder.cut and not built.description:
        _add(built.notices, f"The query was long: only its first {MAX_TERMS} terms were searched.")
    return built


def _add(notices: list[str], message: str) -> None:
    if message not in notices:
        notices.append(message)


class _Builder:
    def __init__(self, searcher: Searcher, notices: list[str], ranking: Ranking = PRODUCT_RANKING,
                 languages: tuple[str, ...] = ()) -> None:
        self.searcher = searcher
        self.drop_question_words = ranking.drop_question_words
        self.title_weight = ranking.title_weight
        self.cut = False  # words were left out past MAX_TERMS
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.notices = notices
        self.terms = 0
        self.expanded = 0
        self.top_positive = 0
        self.since: date | None = None
        self.until: date | None = None
        self.dated = False
        self.phrases: list[tuple[str, tuple[str, ...]]] = []
        self.loose_terms: set[tuple[str, str]] = set()
        self._readings = readings(searcher, languages)
        self._analyzers = [reading.analyzer for reading in self._readings]
        self.loose = False
        self.scanned: dict[tuple[str, str], tuple[list[str], bool]] = {}
        self.weighed: set[tuple[str, str]] = set()
        # A shard's searcher of several offers the words every shard's lexicon holds for
        # each wildcard (indexer/shardwork.py); otherwise this index's lexicon is read.
        self.lexicon: dict[tuple[str, str], tuple[list[str], bool]] | None = getattr(searcher, "expansions", None)

    def group(self, group: syntax.Group, top: bool = False, loose: bool = False) -> Query | None:
        if loose:  # the second pass re-reads the same tree: its notices were given already
            self.terms, self.expanded, self.notices, self.loose = 0, 0, [], True
        positives: list[Query] = []
        negatives: list[Query] = []
        required: list[Query] = []  # outlet and author terms: any-word matching keeps them
        words = 0  # positive items that are words or phrases
        for item in group.items:
            if isinstance(item, syntax.Negated):
                built = self.node(item.item)
                if built is not None:
                    negatives.append(without_exemptions(built))
            else:
                built = self.node(item)
                if built is not None:
                    named = getattr(item, "field", None) in ("source", "author")
                    words += not named
                    (required if loose and named else positives).append(built)
        if group.any or loose or len(positives) < 2:  # a stop word's exemption needs other words
            positives = [without_exemptions(q) for q in positives]
        if top and not loose:
            self.top_positive = words
        if group.any or loose:
            positive: Query | None = Or(positives) if len(positives) > 1 else (positives[0] if positives else None)
            if required:
                positive = And([*required, positive]) if positive is not None else And(required)
            if group.any and negatives:  # "a OR -b": b excluded from that alternative only
                positives.extend(AndNot(Every(), n) for n in negatives)
                return Or(positives)
        else:
            positive = And(positives) if len(positives) > 1 else (positives[0] if positives else None)
        if not negatives:
            return positive
        excluded = Or(negatives) if len(negatives) > 1 else negatives[0]
        return AndNot(positive if positive is not None else Every(), excluded)

    def node(self, node: syntax.Node) -> Query | None:
        if isinstance(node, syntax.Group):
            return self.group(node)
        if isinstance(node, syntax.Negated):
            inner = self.node(node.item)
            return AndNot(Every(), inner) if inner is not None else None
        if node.field in ("since", "until", "date"):
            self.date(node.field, node.text)
            return None
        if self.terms >= MAX_TERMS:
            self.cut = True
            return None
        built = self.leaf(node)
        if built is not None:
            self.terms += 1
        return built

    def leaf(self, node: syntax.Word | syntax.Phrase) -> Query | None:
        if node.field == "source":
            return self.source(node.text)
        if node.field == "author":
            names = [t.text for t in _NAMES(node.text)]
            return And([Term("author", n) for n in names]) if names else None
        fields = (node.field,) if node.field in SEARCHED_FIELDS else SEARCHED_FIELDS
        if not re.search(r"\w", node.text):
            return None  # punctuation alone ("???", "*", "~") stands for nothing
        if isinstance(node, syntax.Word):
            fuzzy = _FUZZY.match(node.text)
            if fuzzy:
                return self.fuzzy(fields, fuzzy.group(1), fuzzy.group(2))
            if "*" in node.text or "?" in node.text:
                return self.prefix(fields, node.text)
        if self.loose and isinstance(node, syntax.Word):
            return self.any_word(fields, node.text)
        read = [(tuple(t.text for t in r.analyzer(node.text, mode="query")), r) for r in self._readings]
        clauses: list[Query] = []
        for words in dict.fromkeys(words for words, _ in read if words):  # each reading once
            if len(words) == 1:
                self.loose_terms.update((f, words[0]) for f in fields)
                clauses.extend(self.term(f, words[0]) for f in fields)
            else:
                self.phrases.extend((f, words) for f in fields)
                clauses.extend(PhraseQuery(f, list(words), boost=self.weight(f)) for f in fields)
        if not clauses:
            return None
        # Articles of a language in which the word is not indexed (a stop word) match without it.
        return _any_field(clauses + exempt(r for words, r in read if not words))

    def weight(self, fieldname: str) -> float:
        """How much a match in this field counts (Ranking.title_weight)."""
        return self.title_weight if fieldname == "title" else 1.0

    def term(self, fieldname: str, word: str, repeats: int = 1) -> Term:
        return Term(fieldname, word, boost=self.weight(fieldname) * repeats)

    def any_word(self, fields: tuple[str, ...], text: str) -> Query | None:
        """In ranked any-word matching a typed word counts by each of its parts ("U.S." by
        u and s, "Sino-Soviet" by sino, soviet and sinosoviet), and the function words of
        a question ("what", "which", "his") count not at all."""
        # A stop word of the language of most articles is none of the other readings' words
        # either: "the" must not count by the articles of no known language.
        if not word_terms(self._analyzers[0], text, self.drop_question_words):
            return None
        words = list(dict.fromkeys(w for a in self._analyzers for w in word_terms(a, text, self.drop_question_words)))
        if not words:
            return None
        self.loose_terms.update((f, w) for f in fields for w in words)
        return _any_field([self.term(f, w) for w in words for f in fields])

    def description(self, tree: syntax.Group) -> Query | None:
        """A long plain query's any-word form: its MAX_WORDS most telling words, each counted
        as often as it is said (indexer/search/description.py)."""
        typed = list(_words(tree))
        described = describe(self.searcher, SEARCHED_FIELDS, typed, self.drop_question_words,
                             analyzers=self._analyzers)
        self.weighed.update((f, w) for w in described.weighed for f in SEARCHED_FIELDS)
        if described.distinct > len(described.counts):
            _add(self.notices, f"The query has {described.distinct} different words: the {MAX_WORDS} "
                               "rarest in the articles (counting repeats) were searched.")
        if not described.counts:
            return None
        self.loose_terms.update((f, w) for f in SEARCHED_FIELDS for w in described.counts)
        return Or([self.term(f, w, n) for w, n in described.counts.items() for f in SEARCHED_FIELDS])

    def prefix(self, fields: tuple[str, ...], text: str) -> Query | None:
        stripped = text.lstrip("*?")
        if stripped != text:
            _add(self.notices, "A * or ? at the start of a word is not supported; it was left out.")
        head = re.split(r"[*?]", stripped, maxsplit=1)[0]
        if head != stripped.rstrip("*?") or (stripped.endswith("?")):
            _add(self.notices, "Only a * at the end of a word works as a wildcard (gov* finds government).")
        key = _fold(head)
        if len(key) < MIN_PREFIX:
            if key:
                _add(self.notices, f"A wildcard needs at least {MIN_PREFIX} letters before the *; "
                                   f"“{head}” was searched as a word.")
                return self.leaf(syntax.Word(head, None if len(fields) > 1 else fields[0]))
            return None
        # The word itself, stemmed as the index stores it, plus index words beginning with it.
        clauses: list[Query] = []
        for f in fields:
            for word in dict.fromkeys(t.text for a in self._analyzers for t in a(head, mode="query")):
                clauses.append(self.term(f, word))
                self.loose_terms.add((f, word))
            for term in self.expand(f, self.reader.expand_prefix(f, key), f"{head}*"):
                clauses.append(self.term(f, term))
                self.loose_terms.add((f, term))
        return _any_field(clauses) if clauses else NullQuery

    def fuzzy(self, fields: tuple[str, ...], text: str, distance: str) -> Query | None:
        words = [t.text for t in self._analyzers[0](text, mode="query")]  # the first reading's
        if len(words) != 1:
            return self.leaf(syntax.Word(text, None if len(fields) > 1 else fields[0]))
        word = words[0]
        maxdist = min(2, int(distance)) if distance else (1 if len(word) <= 4 else 2)
        clauses: list[Query] = []
        for f in fields:
            # The first letter must match: it keeps the scan small and the matches sensible.
            found = self.reader.terms_within(f, word, maxdist, prefix=1) if maxdist else [word]
            for term in self.expand(f, found, f"{text}~"):
                clauses.append(self.term(f, term))
                self.loose_terms.add((f, term))
        return _any_field(clauses) if clauses else NullQuery

    def expand(self, fieldname: str, candidates: object, shown: str) -> list[str]:
        """At most MAX_EXPANSIONS of the candidate index words, the most common first, and
        none once the query's MAX_QUERY_EXPANSIONS are spent."""
        budget = min(MAX_EXPANSIONS, MAX_QUERY_EXPANSIONS - self.expanded)
        if budget <= 0:
            _add(self.notices, "The query has many wildcards and fuzzy terms; the last ones matched "
                               "only the word as typed.")
            return []
        given = self.lexicon.get((fieldname, shown)) if self.lexicon is not None else None
        if given is not None:
            seen, more = list(given[0]), given[1]
        else:
            seen, more = [], False
            for n, term in enumerate(candidates):  # type: ignore[call-overload]
                if n >= MAX_SCANNED:
                    more = True
                    break
                seen.append(term.decode("utf-8") if isinstance(term, bytes) else term)
        self.scanned[(fieldname, shown)] = (list(seen), more)
        if more:
            _add(self.notices, f"“{shown}” matches too many words; only some were searched.")
        if len(seen) > budget:
            _add(self.notices, f"“{shown}” matches {len(seen)} words; the {budget} most common were searched.")
            self.weighed.update((fieldname, t) for t in seen)
            # The searcher's frequencies: a shard's of several reports every shard's.
            seen.sort(key=lambda t: (-self.searcher.doc_frequency(fieldname, t), t))
            seen = seen[:budget]
        self.expanded += len(seen)
        return seen

    def source(self, text: str) -> Query | None:
        wanted = " ".join(text.split()).casefold()
        if not wanted:
            return None
        names = [b.decode("utf-8") for b in self.reader.lexicon("source")] if "source" in self.schema else []
        matches = [n for n in names if n.casefold() == wanted]
        if not matches:
            _add(self.notices, f"No outlet is named “{text}”.")
            return NullQuery
        return _any_field([Term("source", n) for n in matches])

    def date(self, name: str, value: str) -> None:
        try:
            since = parse_date_param(name, value, end=False) if name in ("since", "date") else None
            until = parse_date_param(name, value, end=True) if name in ("until", "date") else None
        except BadRequest:
            _add(self.notices, f"“{name}:{value}” is not a date like 2025-07-17, 2025-07 or 2025; it was ignored.")
            return
        self.dated = True  # the narrowest period typed wins
        self.since = max(filter(None, (self.since, since)), default=None)
        self.until = min(filter(None, (self.until, until)), default=None)


def _words(group: syntax.Group) -> Iterator[str]:
    """The typed words of a plain query, in brackets too."""
    for item in group.items:
        if isinstance(item, syntax.Word):
            yield item.text
        elif isinstance(item, syntax.Group):
            yield from _words(item)


def _any_field(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Or(queries)


def _fold(text: str) -> str:
    """A wildcard's stem as the index spells words: lower case, accents folded, no joiners."""
    return re.sub(r"[-\u2010\u2011'\u2019\u02bc]", "", text.lower().translate(accent_map))
