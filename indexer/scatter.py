"""Searching a sharded index on a Dask cluster: each shard searched on a worker that keeps it
open, the answers gathered here and merged as one index would have answered.

Two rounds, as Elasticsearch's dfs_query_then_fetch. First each shard counts what scoring
and the any-word fallback need of the whole index: its articles, its field lengths, how
many of its articles hold each word of the query (and how often), how many match all of the
words and how many some. Then each shard searches with those sums (a Searcher whose
statistics are the global ones), and answers its first hits up to the end of the page, its
total and its facet counts; here the hits are merged by score (or date), totals and facets
added up. So the top 10 over several shards is the one index's, in the same order (ties at
the bottom of a page may be others of the same score: shards number articles differently).

Each shard goes to one worker (shard i to the i-th of the workers, in address order), which
keeps it open between searches until a reindex changes it. A shard whose worker fails,
dies or does not answer within the time allowed is left out: the answer says so
(`shards.failed`), never an error.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from time import monotonic, perf_counter, sleep
from typing import Any

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.build.shards.cluster import connect
from indexer.build.shards.layout import open_sharded, shard_count, shard_folder
from indexer.present.suggest import suggest
from indexer.search.matches import column_numbers, column_values
from indexer.search.query import build_query
from indexer.search.ranking import PRODUCT_RANKING, Ranking
from indexer.search.request import SearchRequest
from indexer.search.results import FacetValue, SearchResult, Shards
from indexer.search.selection import counts
from indexer.service import SearchService, answer_search
from indexer.whooshext.mapped import MappedStorage
from indexer.whooshext.readers import open_reader

log = logging.getLogger(__name__)
SHARD_SECONDS = 10.0  # a shard not answering a round within this is left out of the answer


@dataclass(eq=False)  # kept answers are keyed by the object itself (indexer/whooshext/scoring.py)
class Statistics:
    """What scoring needs of the whole index, summed over the shards that answered."""

    docs: int = 0
    live: int = 0
    lengths: Counter[str] | None = None  # field -> the sum of its lengths
    terms: dict[tuple[str, bytes], tuple[int, int]] | None = None  # -> (doc frequency, frequency)
    complete: int = 0  # articles matching all of the words
    some: int = 0  # articles matching some of them (the any-word reading)

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


class GlobalSearcher(Searcher):
    """A shard's searcher whose collection statistics (document count, document and word
    frequencies, field lengths) are those of every shard: scores are the whole index's."""

    def __init__(self, reader: IndexReader, weighting: Any, closereader: bool = False,
                 fromindex: Any = None, parent: Searcher | None = None,
                 statistics: Statistics | None = None) -> None:
        super().__init__(reader, weighting=weighting, closereader=False, fromindex=fromindex, parent=parent)
        self.statistics = statistics
        self.doc_frequency = self.global_doc_frequency
        self.frequency = self.global_frequency

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


# ---- On a worker: the shards it keeps open, and its part of each round ----

_OPEN: OrderedDict[str, tuple[IndexReader, Any]] = OrderedDict()  # shard folder -> reader, words
_OPEN_LOCK = threading.Lock()
KEEP_OPEN = 32  # shard readers a worker keeps (old generations' go first)


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
    """Round one on a worker: the shard's part of the statistics the search needs."""
    reader = _reader(folder)[0]
    searcher = Searcher(reader, weighting=ranking.weighting(), closereader=False)
    built = build_query(searcher, request.q, ranking, request.languages)
    scored = [name for name, field in reader.schema.items() if field.scorable]
    terms = {}
    for query in (built.query, built.loose):
        # Its words, and the words its wildcards stand for in this shard.
        words = [*query.iter_all_terms(phrases=True), *query.existing_terms(reader, expand=True)] if query else []
        for name, text in words:
            if name in scored:
                terms[(name, _bytes(text))] = (reader.doc_frequency(name, text), reader.frequency(name, text))
    complete, some = counts(searcher, request, ranking)
    return Statistics(reader.doc_count_all(), reader.doc_count(), Counter({name: reader.field_length(name)
                      for name in scored}), terms, complete, some)


def shard_search(folder: str, request: SearchRequest, ranking: Ranking,
                 statistics: Statistics) -> tuple[SearchResult, list[Any]]:
    """Round two on a worker: the shard's hits up to the end of the page (each with the key
    that orders it among every shard's), its total and its facet counts."""
    reader, words = _reader(folder)
    searcher = GlobalSearcher(reader, weighting=ranking.weighting(), fromindex=words, statistics=statistics)
    result, page = answer_search(searcher, request, ranking, (statistics.complete, statistics.some),
                                 from_first=True)
    if result.suggestion is not None and shard_count(Path(folder).parent):  # did-you-mean: shard 0 offers it
        first = folder == str(shard_folder(Path(folder).parent, 0))
        result = replace(result, suggestion=_suggestion(folder, request) if first else None)
    return result, [_order_key(searcher, request, hit) for hit in page]


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


# ---- In the web process: the two rounds sent out, the answers merged ----


class ClusterSearchService(SearchService):
    """The search service whose searches (/api/search, the search page, `search`) run on
    the shards' workers of a Dask cluster; everything else reads the index here."""

    def __init__(self, index_dir: Path | str, address: str, ranking: Ranking = PRODUCT_RANKING,
                 timeout: float = SHARD_SECONDS) -> None:
        super().__init__(index_dir, ranking)
        self.address = address
        self.timeout = timeout
        self._client: Any = None
        self._client_lock = threading.Lock()

    def client(self) -> Any:
        with self._client_lock:  # made after gunicorn forked this process, once
            if self._client is None:
                self._client = connect(self.address, "this server")
            return self._client

    def search(self, request: SearchRequest) -> SearchResult:
        started = perf_counter()
        generation = self.store.require_live_generation()
        sharded = shard_count(generation)  # None: one plain index, searched as one shard
        folders = [str(shard_folder(generation, n)) for n in range(sharded)] if sharded else [str(generation)]
        count = len(folders)
        try:
            client = self.client()
            workers = sorted(client.nthreads())
        except Exception as error:  # the scheduler gone: nothing answers, which the answer says
            log.warning("no shard searched: %s", error)
            client, workers = None, []
        placed = {n: workers[n % len(workers)] for n in range(count)} if workers else {}
        round_one = self._round(client, placed, folders, shard_statistics, request, self.ranking)
        statistics = Statistics()
        for found in round_one.values():
            statistics.add(found)
        round_two = self._round(client, {n: placed[n] for n in round_one}, folders, shard_search,
                                request, self.ranking, statistics)
        merged = merge(request, [round_two[n] for n in sorted(round_two)])
        shards = Shards(total=count, answered=len(round_two), failed=count - len(round_two))
        return replace(merged, took_ms=round((perf_counter() - started) * 1000, 2), shards=shards)

    def _round(self, client: Any, placed: dict[int, str], folders: list[str], task: Any,
               *args: Any) -> dict[int, Any]:
        """Each placed shard's answer to `task`; a shard that fails or is late is left out (logged)."""
        futures = {n: client.submit(task, folders[n], *args, workers=[worker], allow_other_workers=False,
                                    pure=False) for n, worker in placed.items()}
        deadline = monotonic() + self.timeout
        while monotonic() < deadline and not all(future.done() for future in futures.values()):
            sleep(0.002)
        answers = {}
        for n, future in futures.items():
            try:
                if not future.done():
                    raise TimeoutError
                # Done on its worker: its answer is fetched (within the time allowed, again).
                answers[n] = future.result(timeout=self.timeout)
            except Exception as error:  # the shard's error, its worker lost, or too late
                late = isinstance(error, TimeoutError)
                reason = f"no answer within {self.timeout:g} s from {placed[n]}" if late else repr(error)
                log.warning("shard %d (%s) left out of the answer: %s", n, Path(folders[n]).name, reason)
                future.cancel()
        return answers


def merge(request: SearchRequest, answers: list[tuple[SearchResult, list[Any]]]) -> SearchResult:
    """One index's answer from the shards': hits in order of their keys (then shard), the
    page asked for cut from them; totals and facet counts added up."""
    ordered = sorted((key, shard, place) for shard, (_, keys) in enumerate(answers)
                     for place, key in enumerate(keys))
    first = (request.page - 1) * request.per_page
    hits = [answers[shard][0].hits[place] for _, shard, place in ordered[first:first + request.per_page]]
    facets: dict[str, Counter[str]] = {}
    notices: list[str] = []
    for result, _ in answers:
        for name, values in result.facets.items():
            facets.setdefault(name, Counter()).update({value.value: value.count for value in values})
        notices += [notice for notice in result.notices if notice not in notices]
    counted = {name: sorted((FacetValue(value, count) for value, count in found.items()),
                            key=lambda f: (-f.count, f.value)) for name, found in facets.items()}
    if "published" in counted:
        counted["published"].sort(key=lambda f: f.value)
    suggestion = next((result.suggestion for result, _ in answers if result.suggestion), None)
    return SearchResult(query=request.q, total=sum(result.total for result, _ in answers), page=request.page,
                        per_page=request.per_page, took_ms=0.0, suggestion=suggestion, hits=hits,
                        facets=counted if answers else {"source": [], "published": []}, notices=notices)
