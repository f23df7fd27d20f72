"""A shard's part of a search over a Dask cluster, run on the worker that keeps it open.

Three rounds, as Elasticsearch's dfs_query_then_fetch with its fetch phase (the web side is
indexer/scatter.py). One: the shard's part of the statistics scoring and the any-word
fallback need of the whole index (`shard_statistics`). Two: with their sums (a Searcher
whose statistics are the global ones), the shard's first hits up to a depth, each with the
key that orders it among every shard's and its near-duplicate signature, its total and
facet counts (`shard_search`). Three: the hits the merged page shows, with passages, and
the shard's matched copies of every hit of the page, from whichever shard (`shard_page`).
Round two's selection is kept between the rounds (by the search's token), so round three
neither ranks again nor sees another generation.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh.reading import IndexReader
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

from indexer.build.shards.layout import open_sharded, shard_count, shard_folder
from indexer.kept import ReaderStore
from indexer.present.collapse import copies_signed, signature_of
from indexer.present.suggest import suggest
from indexer.search.matches import column_numbers, column_values
from indexer.search.query import MAX_EXPANSIONS, MAX_QUERY_EXPANSIONS, MAX_SCANNED, build_query
from indexer.search.ranking import Ranking, newest_published
from indexer.search.request import SearchRequest
from indexer.search.results import Copy, Hit, SearchResult
from indexer.search.selection import Selection, counts, select
from indexer.service import present_hits, summarise
from indexer.whooshext.mapped import MappedStorage
from indexer.whooshext.readers import open_reader


@dataclass(eq=False)  # kept answers are keyed by the object itself (indexer/whooshext/scoring.py)
class Statistics:
    """What scoring needs of the whole index, summed over the shards that answered."""

    docs: int = 0
    live: int = 0
    lengths: Counter[str] | None = None  # field -> the sum of its lengths
    terms: dict[tuple[str, bytes], tuple[int, int]] | None = None  # -> (doc frequency, frequency)
    complete: int = 0  # articles matching all of the words
    some: int = 0  # articles matching some of them (the any-word reading)
    newest: datetime | None = None  # the newest article's date, for the recency boost
    # What the query is chosen from (BuiltQuery.scanned): each wildcard's words in every shard.
    scanned: dict[tuple[str, str], tuple[list[str], bool]] = field(default_factory=dict)
    weighed: bool = False  # a shard chose the query's words by their frequencies

    def chosen_by_frequencies(self) -> bool:
        """Whether the words searched depend on every shard's statistics (a description
        cut to its rarest words, a wildcard capped to its most common), so that the counts
        each shard made of its own choice in round one are not the whole index's."""
        lists = self.scanned.values()
        return (self.weighed or any(more or len(words) > MAX_EXPANSIONS for words, more in lists)
                or sum(len(words) for words, _ in lists) > MAX_QUERY_EXPANSIONS)

    def add(self, other: Statistics) -> None:
        self.docs += other.docs
        self.live += other.live
        self.lengths = (self.lengths or Counter()) + (other.lengths or Counter())
        terms = dict(self.terms or {})
        for key, (df, cf) in (other.terms or {}).items():
            was = terms.get(key, (0, 0))
            terms[key] = (was[0] + df, was[1] + cf)
        self.terms = terms
        self.complete += other.complete
        self.some += other.some
        self.newest = max(filter(None, (self.newest, other.newest)), default=None)
        for key, (words, more) in other.scanned.items():
            # The first words of the union of sorted lexicons: the first of each shard's.
            was, was_more = self.scanned.get(key, ([], False))
            union = sorted({*was, *words})
            self.scanned[key] = (union[:MAX_SCANNED], was_more or more or len(union) > MAX_SCANNED)
        self.weighed = self.weighed or other.weighed


@dataclass(frozen=True)
class Ranked:
    """One of a shard's first hits, as round two sends it."""

    id: str
    key: Any  # orders it among every shard's hits: its score, or its date for a date sort
    signature: bytes  # its near-duplicate signature (b"" without one), for folding copies


class GlobalSearcher(Searcher):
    """A shard's searcher whose collection statistics (document count, document and word
    frequencies, field lengths) are those of every shard: scores are the whole index's."""

    def __init__(self, reader: IndexReader, weighting: Any, closereader: bool = False,
                 fromindex: Any = None, parent: Searcher | None = None,
                 statistics: Statistics | None = None) -> None:
        super().__init__(reader, weighting=weighting, closereader=False, fromindex=fromindex, parent=parent)
        self.statistics = statistics
        self.words = fromindex
        self.doc_frequency = self.global_doc_frequency
        self.frequency = self.global_frequency

    @property
    def expansions(self) -> dict[tuple[str, str], tuple[list[str], bool]]:
        """Each wildcard's words in every shard (what indexer/search/query.py expands to)."""
        return self.whole().scanned

    def newest(self) -> datetime | None:
        """The newest article of every shard (indexer/search/ranking.py's recency boost)."""
        return self.whole().newest

    def reweighted(self, weighting: Any) -> GlobalSearcher:
        """The same shard and statistics, scored by another weighting (the recency boost)."""
        return GlobalSearcher(self.reader(), weighting=weighting, fromindex=self.words, statistics=self.whole())

    def whole(self) -> Statistics:
        parent = self.get_parent()
        assert isinstance(parent, GlobalSearcher) and parent.statistics is not None
        return parent.statistics

    def doc_count_all(self) -> int:
        return self.whole().docs

    def doc_count(self) -> int:
        return self.whole().live

    def field_length(self, fieldname: str) -> int:
        return (self.whole().lengths or Counter())[fieldname]

    def avg_field_length(self, fieldname: str, default: Any = None) -> Any:
        if not self.schema[fieldname].scorable:
            return default
        return self.field_length(fieldname) / (self.doc_count_all() or 1)

    def global_doc_frequency(self, fieldname: str, text: str | bytes) -> int:
        found = (self.whole().terms or {}).get((fieldname, _bytes(text)))
        return found[0] if found else self.reader().doc_frequency(fieldname, text)

    def global_frequency(self, fieldname: str, text: str | bytes) -> int:
        found = (self.whole().terms or {}).get((fieldname, _bytes(text)))
        return found[1] if found else self.reader().frequency(fieldname, text)


def _bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


class ShardRunner:
    """Runs rounds on the worker it lives on: the web process keeps one per worker as a
    Dask actor, whose calls go to the worker directly, not through the scheduler as tasks
    do (a round of four shards on two local workers: 2.9 ms as actor calls, 19 ms as tasks).
    The shards it opens stay open in the worker process, whichever runner opened them."""

    def run(self, task: Any, *args: Any) -> Any:
        return task(*args)


_OPEN: OrderedDict[str, tuple[IndexReader, Any]] = OrderedDict()  # shard folder -> reader, words
_OPEN_LOCK = threading.Lock()
KEEP_OPEN = 32  # shard readers a worker keeps (old generations' go first)
# Round two's selections, per reader and search token, until round three shows their page.
_CHOSEN = ReaderStore(16)


@dataclass(frozen=True)
class _Words:
    """Where did-you-mean finds its words: the generation's, the union of its shards' (what a
    Searcher's index is asked for, indexer/whooshext/corrector.py)."""

    storage: Any


def _reader(folder: str) -> tuple[IndexReader, _Words]:
    """The worker's reader of a shard, opened again when a reindex committed to it."""
    ix = MappedStorage(folder).open_index()
    with _OPEN_LOCK:
        kept = _OPEN.get(folder)
        if kept is not None and kept[0].generation() == ix.latest_generation():
            _OPEN.move_to_end(folder)
            return kept
    generation = Path(folder).parent if shard_count(Path(folder).parent) else Path(folder)
    kept = open_reader(ix), _Words(MappedStorage(str(generation)))
    with _OPEN_LOCK:
        _OPEN[folder] = kept
        while len(_OPEN) > KEEP_OPEN:
            _OPEN.popitem(last=False)
    return kept


def shard_statistics(folder: str, request: SearchRequest, ranking: Ranking) -> Statistics:
    """Round one: the shard's part of the statistics the search needs."""
    reader = _reader(folder)[0]
    searcher = Searcher(reader, weighting=ranking.weighting(), closereader=False)
    built = build_query(searcher, request.q, ranking, request.languages)
    scored = [name for name, kind in reader.schema.items() if kind.scorable]
    terms = {}
    # Its words, the words its wildcards stand for in this shard, and those whose frequencies
    # chose among the words of a description or a capped wildcard.
    words = [*built.weighed]
    for query in (built.query, built.loose):
        words += [*query.iter_all_terms(phrases=True), *query.existing_terms(reader, expand=True)] if query else []
    for name, text in words:
        if name in scored:
            terms[(name, _bytes(text))] = (reader.doc_frequency(name, text), reader.frequency(name, text))
    complete, some = counts(searcher, request, ranking)
    return Statistics(reader.doc_count_all(), reader.doc_count(), Counter({name: reader.field_length(name)
                      for name in scored}), terms, complete, some, newest_published(searcher),
                      built.scanned, bool(built.weighed))


def shard_counts(folder: str, request: SearchRequest, ranking: Ranking, statistics: Statistics) -> tuple[int, int]:
    """Round one again, when the words searched depend on every shard's frequencies: the
    shard's all-words and any-word counts of the words chosen by them."""
    reader, words = _reader(folder)
    return counts(GlobalSearcher(reader, weighting=ranking.weighting(), fromindex=words, statistics=statistics),
                  request, ranking)


def _chosen(folder: str, request: SearchRequest, ranking: Ranking, statistics: Statistics, token: str,
            depth: int | None) -> tuple[GlobalSearcher, Selection, list[WhooshHit]]:
    """The shard's selection for a search (kept from round two for round three), and its
    first hits: those `select` ranked, or the first `depth` when the fold read further."""
    reader, words = _reader(folder)

    def choose() -> tuple[GlobalSearcher, Selection, list[WhooshHit]]:
        searcher = GlobalSearcher(reader, weighting=ranking.weighting(), fromindex=words, statistics=statistics)
        chosen = select(searcher, request, request.page * request.per_page, ranking,
                        (statistics.complete, statistics.some))
        return searcher, chosen, list(chosen.results if depth is None else chosen.fetch(depth))

    return _CHOSEN.get(reader, (token, depth), choose)


def shard_search(folder: str, request: SearchRequest, ranking: Ranking, statistics: Statistics, token: str,
                 depth: int | None = None) -> tuple[SearchResult, list[Ranked]]:
    """Round two: the shard's first hits in order (to the end of the page asked for, or
    `depth`), its total, facet counts and notices; did-you-mean from shard 0 alone."""
    searcher, chosen, hits = _chosen(folder, request, ranking, statistics, token, depth)
    result = summarise(searcher, request, chosen)
    if result.suggestion is not None and shard_count(Path(folder).parent):  # did-you-mean: shard 0 offers it
        first = folder == str(shard_folder(Path(folder).parent, 0))
        result = replace(result, suggestion=_suggestion(folder, request) if first else None)
    folding = request.collapse
    return result, [Ranked(hit["id"], _order_key(searcher, request, hit),
                           signature_of(searcher, hit.docnum) if folding else b"") for hit in hits]


def shard_page(folder: str, request: SearchRequest, ranking: Ranking, statistics: Statistics, token: str,
               depth: int | None, shown: list[str], signed: list[tuple[str, bytes]]
               ) -> tuple[list[Hit], dict[str, list[Copy]]]:
    """Round three: the shard's hits among those the page shows (ids in `shown`), with
    passages, and for each article of the page (`signed`: id, signature) its copies among
    the shard's matched articles that the page does not show."""
    searcher, chosen, hits = _chosen(folder, request, ranking, statistics, token, depth)
    by_id = {hit["id"]: hit for hit in hits}
    page = [by_id[article] for article in shown if article in by_id]
    found = present_hits(chosen.built, page, {})
    on_page = {searcher.document_number(id=article) for article, _ in signed} - {None}
    copies = {article: copies_signed(searcher, packed, chosen.matched, on_page) for article, packed in signed}  # type: ignore[arg-type]
    return found, {article: listed for article, listed in copies.items() if listed}


def _suggestion(folder: str, request: SearchRequest) -> str | None:
    """Did-you-mean as one index would offer it: the words ranked by their frequency over
    every shard, read on this worker (only when nothing matched all of the words)."""
    generation = Path(folder).parent
    with _OPEN_LOCK:
        kept = _OPEN.get(str(generation))
    ix = open_sharded(generation, shard_count(generation) or 1, partial=True)
    if kept is None or kept[0].generation() != ix.latest_generation():
        kept = ix.reader(), _Words(ix.storage)
        with _OPEN_LOCK:
            _OPEN[str(generation)] = kept
    return suggest(Searcher(kept[0], fromindex=kept[1], closereader=False), request.q)


def _order_key(searcher: Searcher, request: SearchRequest, hit: Any) -> Any:
    """What orders a hit among every shard's: its score, or its date for a date sort."""
    if request.sort == "relevance" and request.q.strip() and not isinstance(hit.score, (type(None), int)):
        return hit.score if isinstance(hit.score, tuple) else (0, -hit.score)
    dated = column_values(searcher, "dated")[hit.docnum] == "1"
    published = int(column_numbers(searcher, "published")[hit.docnum])
    return (not dated, published if request.sort == "oldest" else -published)
