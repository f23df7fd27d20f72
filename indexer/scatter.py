"""Searching a sharded index on a Dask cluster: each shard searched on a worker that keeps it
open, the answers gathered here and merged as one index would have answered.

Three rounds, as Elasticsearch's dfs_query_then_fetch (the workers' side is
indexer/shardwork.py). First each shard counts what scoring and the any-word fallback need
of the whole index: its articles, its field lengths, how many of its articles hold each
word of the query (and how often), how many match all of the words and how many some.
Then each shard searches with those sums (a Searcher whose statistics are the global ones)
and answers its first hits in order, each with its near-duplicate signature, its total and
its facet counts; here the hits are merged by score (or date), copies folded across shards
as one index folds them (reading deeper when folding leaves the page short), totals and
facets added up. Last, each shard draws the passages of its hits on the merged page and
lists its matched copies of every hit of the page. So the top 10 over several shards is
the one index's, in the same order (ties at the bottom of a page may be others of the same
score, and a hit's copies come shard by shard: shards number articles differently).

Each shard goes to one worker (shard i to the i-th of the workers, in address order), which
keeps it open between searches until a reindex changes it. The rounds are calls of a Dask
actor on each worker (`ShardRunner`), which go to the worker directly; a task would go
through the scheduler, six times the engine's time on a round. A shard whose worker fails,
dies or does not answer within the time allowed is left out: the answer says so
(`shards.failed`), never an error; a runner whose call failed is made anew at the next search.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import replace
from pathlib import Path
from time import monotonic, perf_counter, sleep
from typing import Any
from uuid import uuid4

from indexer.build.shards.cluster import connect
from indexer.build.shards.layout import shard_count, shard_folder
from indexer.present.collapse import fold_copies
from indexer.schema.neardup import unpack
from indexer.search.ranking import PRODUCT_RANKING, Ranking
from indexer.search.request import MAX_RESULT_DEPTH, SearchRequest
from indexer.search.results import Copy, FacetValue, Hit, SearchResult, Shards
from indexer.search.selection import fetch_limit
from indexer.service import SearchService
from indexer.shardwork import (
    Ranked,
    ShardRunner,
    Statistics,
    shard_counts,
    shard_page,
    shard_search,
    shard_statistics,
)

log = logging.getLogger(__name__)
SHARD_SECONDS = 10.0  # a shard not answering a round within this is left out of the answer
Placed = tuple[Any, int, Ranked]  # a hit's order key, its shard and itself


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
        self._runners: dict[str, Any] = {}  # worker address -> its ShardRunner actor

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
        with self._client_lock:  # a runner of a worker gone is dropped
            self._runners = {worker: runner for worker, runner in self._runners.items() if worker in workers}
        statistics = Statistics()
        first = self._round(client, placed, folders, shard_statistics, request, self.ranking)
        placed = {n: placed[n] for n in first}  # a shard missing from the sums searches no further
        for found in first.values():
            statistics.add(found)
        if statistics.chosen_by_frequencies():  # the counts of the words chosen by every shard's
            recounted = self._round(client, placed, folders, shard_counts, request, self.ranking, statistics)
            statistics.complete = sum(complete for complete, _ in recounted.values())
            statistics.some = sum(some for _, some in recounted.values())
            placed = {n: placed[n] for n in recounted}
        asked = (request, self.ranking, statistics, uuid4().hex)  # the token keeps each shard's selection
        answers = self._round(client, placed, folders, shard_search, *asked, None)
        wanted, depth = request.page * request.per_page, None
        ordered = _ordered(answers)
        if request.collapse:
            read = fetch_limit(request, wanted)
            while True:
                shown = _folded(ordered[:read], wanted)
                total = sum(result.total for result, _ in answers.values())
                if len(shown) >= wanted or read >= total or read >= MAX_RESULT_DEPTH:
                    break
                # Folding left the page short: every shard reads deeper, as one index would.
                further = min(MAX_RESULT_DEPTH, read * 2)
                deeper = self._round(client, {n: placed[n] for n in answers}, folders, shard_search, *asked, further)
                answers = {n: answers[n] for n in deeper}
                if min(len(_ordered(deeper)), further) <= read:  # nothing further to read
                    shown = _folded([hit for hit in ordered[:read] if hit[1] in deeper], wanted)
                    break
                ordered, read, depth = _ordered(deeper), further, further
        else:
            shown = ordered
        page = shown[(request.page - 1) * request.per_page : wanted]
        signed = [(hit.id, hit.signature) for _, _, hit in page] if request.collapse else []
        mine = {n: [hit.id for _, shard, hit in page if shard == n] for n in answers}
        asked_page = {n: (mine[n], signed) for n in answers if mine[n] or signed}
        drawn = self._round(client, {n: placed[n] for n in asked_page}, folders, shard_page, *asked, depth,
                            each=asked_page)
        answers = {n: answer for n, answer in answers.items() if n in drawn or n not in asked_page}
        merged = merge(request, [answers[n][0] for n in sorted(answers)], page, drawn)
        shards = Shards(total=count, answered=len(answers), failed=count - len(answers))
        return replace(merged, took_ms=round((perf_counter() - started) * 1000, 2), shards=shards)

    def _round(self, client: Any, placed: dict[int, str], folders: list[str], task: Any,
               *args: Any, each: dict[int, tuple[Any, ...]] | None = None) -> dict[int, Any]:
        """Each placed shard's answer to `task` (given `args`, then its own of `each`); a shard
        that fails or is late is left out (logged)."""
        deadline = monotonic() + self.timeout
        runners: dict[str, Any] = {}  # worker -> its runner, or why none could be made there
        for worker in sorted(set(placed.values())):
            try:
                runners[worker] = self._runner(client, worker)
            except Exception as error:
                runners[worker] = error
        calls, failed = {}, {}
        for n, worker in placed.items():
            try:
                if isinstance(runners[worker], Exception):
                    raise runners[worker]
                calls[n] = runners[worker].run(task, folders[n], *args, *(each or {}).get(n, ()))
            except Exception as error:
                failed[n] = error
        while monotonic() < deadline and not all(call.done() for call in calls.values()):
            sleep(0.001)
        answers = {}
        for n in placed:
            try:
                if n in failed:
                    raise failed[n]
                if not calls[n].done():
                    raise TimeoutError
                answers[n] = calls[n].result(timeout=self.timeout)
            except Exception as error:  # the shard's error, its worker lost, or too late
                late = isinstance(error, TimeoutError)
                reason = f"no answer within {self.timeout:g} s from {placed[n]}" if late else repr(error)
                log.warning("shard %d (%s) left out of the answer: %s", n, Path(folders[n]).name, reason)
                if not late:
                    with self._client_lock:
                        self._runners.pop(placed[n], None)
        return answers

    def _runner(self, client: Any, worker: str) -> Any:
        """The worker's ShardRunner actor, made there the first time it is asked for."""
        with self._client_lock:
            runner = self._runners.get(worker)
        if runner is None:
            made = client.submit(ShardRunner, workers=[worker], allow_other_workers=False, actor=True, pure=False)
            with client.as_current():  # the actor binds to the client current when it arrives
                runner = made.result(timeout=self.timeout)
            with self._client_lock:
                self._runners[worker] = runner
        return runner


def _ordered(answers: dict[int, tuple[SearchResult, list[Ranked]]]) -> list[Placed]:
    """Every shard's hits in order of their keys (then shard)."""
    return sorted(((hit.key, shard, hit) for shard, (_, hits) in answers.items() for hit in hits),
                  key=lambda placed: placed[:2])


def _folded(ordered: list[Placed], wanted: int) -> list[Placed]:
    """The first `wanted` hits that are not copies of an earlier one (indexer/present/collapse.py)."""
    return fold_copies(ordered, lambda hit: unpack(hit[2].signature), lambda hit: (hit[1], hit[2].id), wanted)[0]


def merge(request: SearchRequest, results: list[SearchResult], page: list[Placed],
          drawn: dict[int, tuple[list[Hit], dict[str, list[Copy]]]]) -> SearchResult:
    """One index's answer from the shards': the page's hits as their shards drew them, each
    with its copies from every shard; totals and facet counts added up."""
    hits = []
    for _, shard, ranked in page:
        if shard not in drawn:
            continue  # its shard was lost before drawing it: the answer says so
        hit = next(h for h in drawn[shard][0] if h.id == ranked.id)
        copies = [copy for n in sorted(drawn) for copy in drawn[n][1].get(ranked.id, [])]
        hits.append(replace(hit, duplicates=copies))
    facets: dict[str, Counter[str]] = {}
    notices: list[str] = []
    for result in results:
        for name, values in result.facets.items():
            facets.setdefault(name, Counter()).update({value.value: value.count for value in values})
        notices += [notice for notice in result.notices if notice not in notices]
    counted = {name: sorted((FacetValue(value, count) for value, count in found.items()),
                            key=lambda f: (-f.count, f.value)) for name, found in facets.items()}
    if "published" in counted:
        counted["published"].sort(key=lambda f: f.value)
    suggestion = next((result.suggestion for result in results if result.suggestion), None)
    return SearchResult(query=request.q, total=sum(result.total for result in results), page=request.page,
                        per_page=request.per_page, took_ms=0.0, suggestion=suggestion, hits=hits,
                        facets=counted if results else {"source": [], "published": []}, notices=notices)
