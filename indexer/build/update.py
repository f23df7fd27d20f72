"""Building and updating an index from inputs: full rebuilds and incremental reindexing."""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from whoosh.index import Index

from corpus import Article, InputFile, InputOutcome, Rejected, discover, read_input
from corpus.readers import jsonl
from indexer.build import rawkeys
from indexer.build.parallel import write_new_index
from indexer.build.store import IndexStore
from indexer.schema.documents import to_document
from indexer.schema.fields import build_schema
from indexer.schema.spelling import SpellingWords
from indexer.whooshext.segments import TermWriter, news_codec

# A JSON Lines export longer than this is read in parts of this many lines, in parallel.
LINES_PER_PART = 1000
# Fewer records than this left to read are read in this process: starting workers and
# handing articles back would cost more than it saves.
PARALLEL_RECORDS = 500
# Fewer articles than this to write make a small segment, written uncompressed (_update).
SMALL_CHANGE = 500

# Wraps the stream of read inputs, e.g. click.progressbar(items, length=n).
Progress = Callable[[Iterable[Any], int], AbstractContextManager[Iterable[Any]]]


@dataclass
class ReindexReport:
    """What a reindex did, for the summary the CLI prints."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    articles: int = 0  # in the index afterwards
    full: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def reindex(
    index_dir: Path | str,
    paths: Sequence[str | os.PathLike[str]],
    *,
    full: bool = False,
    workers: int = 1,
    progress: Progress | None = None,
    wait: bool = False,
) -> ReindexReport:
    """Bring the index in line with the inputs under `paths`.

    Incremental by default: new and changed articles are written, unchanged ones skipped,
    and articles whose input under `paths` is gone are deleted (articles from other
    folders stay). With `full`, or when there is no index yet, a new generation is built
    from `paths` alone and replaces the live one at once. With `workers` > 1, inputs are
    read and cleaned in that many processes (a big JSON Lines export in parts), and a
    full build is also analysed and written by that many processes.
    Raises ReindexBusy when another process is writing the same index, unless `wait`, when
    it waits for that one to finish.
    """
    store = IndexStore(index_dir)
    found = discover(paths)
    report = ReindexReport(rejected=list(found.rejected))
    with store.writing(wait=wait):
        rebuild = full or store.live_generation() is None
        ix = None if rebuild else store.open()
        indexed = _indexed(ix) if ix is not None else {}
        # Records whose raw bytes are unchanged are not read again (indexer/build/rawkeys.py).
        known = {path: (article_id, key) for article_id, (_, path, key) in indexed.items() if key}
        todo = rawkeys.plan(found.inputs, known, LINES_PER_PART)
        articles = _read_all(todo, report, workers, progress or _no_progress)
        if ix is None:
            _rebuild(store, articles, report, workers, todo.keys)
        else:
            scope = [str(root) for root in found.roots]
            unread = {r.path for r in report.rejected}
            _update(ix, indexed, articles, todo, scope, unread, report)
    return report


def _no_progress(items: Iterable[Any], _length: int) -> AbstractContextManager[Iterable[Any]]:
    return nullcontext(items)


def _read_all(
    todo: rawkeys.ReadPlan, report: ReindexReport, workers: int, progress: Progress
) -> dict[str, Article]:
    """Read and clean what is left to read, in input order; the first article with a given
    id wins. Parts of a big export spread over the workers; a small change is read here,
    without starting processes."""
    articles: dict[str, Article] = {}
    tasks = todo.tasks
    parallel = workers > 1 and len(tasks) > 1 and todo.records >= PARALLEL_RECORDS
    with ExitStack() as stack:
        if parallel:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            # Chunks amortise the inter-process hand-off; small enough to keep both busy.
            chunk = max(1, min(64, len(tasks) // (workers * 8)))
            results: Iterable[Any] = pool.map(_read_task, tasks, chunksize=chunk)
        else:
            results = map(_read_task, tasks)
        parts: list[tuple[list[Article], list[Rejected]]] = []
        # The progress bar advances as results arrive, not as tasks are handed out.
        with progress(zip(tasks, results), len(tasks)) as done:
            for n, (task, result) in enumerate(done):
                if not isinstance(task, jsonl.Part):
                    _collect(result, articles, report)
                    continue
                parts.append(result)
                following = tasks[n + 1] if n + 1 < len(tasks) else None
                if not (isinstance(following, jsonl.Part) and following.input is task.input):
                    outcome = jsonl.outcome(task.input, parts)
                    if outcome.error and _has_kept(task.input, todo):
                        # Its other records are indexed and unchanged: only these lines failed.
                        outcome = dataclasses.replace(outcome, error=None)
                    _collect(outcome, articles, report)
                    parts = []
    return articles


def _has_kept(input: InputFile, todo: rawkeys.ReadPlan) -> bool:
    prefix = f"{input.path}#"
    return any(path.startswith(prefix) for path in todo.kept.values())


def _read_task(task: InputFile | jsonl.Part) -> Any:
    return jsonl.read_part(task) if isinstance(task, jsonl.Part) else read_input(task)


def _collect(outcome: InputOutcome, articles: dict[str, Article], report: ReindexReport) -> None:
    if outcome.error:
        report.rejected.append(Rejected(str(outcome.path), outcome.error))
    report.rejected.extend(outcome.skipped)
    for article in outcome.articles:
        if article.id in articles:
            first = articles[article.id].path
            report.rejected.append(Rejected(article.path, f"same URL as {first}"))
        else:
            articles[article.id] = article


def _indexed(ix: Index) -> dict[str, tuple[str, str, bytes]]:
    """id -> (fingerprint, path, raw key) of every indexed article, read from columns, not
    bodies, segment by segment: a segment written before raw keys has none (b"")."""
    found = {}
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            ids = leaf.column_reader("id")
            prints = leaf.column_reader("fingerprint")
            paths = leaf.column_reader("path")
            has_keys = rawkeys.FIELD in leaf.schema and leaf.has_column(rawkeys.FIELD)
            keys = leaf.column_reader(rawkeys.FIELD) if has_keys else None
            for n in leaf.all_doc_ids():
                key = keys[n] if keys is not None else b""
                found[_text(ids[n])] = (_text(prints[n]), _text(paths[n]), key if isinstance(key, bytes) else b"")
    return found


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _update(
    ix: Index, indexed: dict[str, tuple[str, str, bytes]], articles: dict[str, Article],
    todo: rawkeys.ReadPlan, scope: list[str], unread: set[str], report: ReindexReport,
) -> None:
    spelling = SpellingWords()
    # A small change is written uncompressed: compressing its postings took a tenth of a
    # small incremental reindex to save a few hundred kB, and Whoosh merges small
    # segments together as they accumulate (a bigger change writes them compressed).
    small = len(articles) < SMALL_CHANGE
    writer = TermWriter(ix, codec=news_codec(0) if small else news_codec())
    try:
        _add_new_fields(writer, ix)
        for article_id, article in articles.items():
            old = indexed.get(article_id)
            if old is None:
                writer.add_document(**to_document(article, todo.keys.get(article.path, b"")))
                spelling.add(article.body)
                report.added += 1
            elif old[0] != article.fingerprint:
                writer.update_document(**to_document(article, todo.keys.get(article.path, b"")))
                spelling.add(article.body)
                report.updated += 1
            else:
                report.unchanged += 1
        report.unchanged += sum(1 for article_id in todo.kept if article_id not in articles)
        for article_id, (_, path, _) in indexed.items():
            # An input (or one record of it) that could not be read keeps its old articles.
            source_file = _input_of(path)
            gone = article_id not in articles and article_id not in todo.kept
            if gone and path not in unread and source_file not in unread and _within(source_file, scope):
                writer.delete_by_term("id", article_id)
                report.deleted += 1
        # Before the commit, so no reader sees an article whose words are not offered yet.
        spelling.save(ix.storage, merge=True)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    report.articles = ix.doc_count()


def _add_new_fields(writer: Any, ix: Index) -> None:
    """An index made by an older newsdesk gains the fields added since; its unchanged
    articles get their values at their next change or a --full rebuild."""
    for name, fieldtype in build_schema().items():
        if name not in ix.schema:
            writer.add_field(name, fieldtype)


def _rebuild(
    store: IndexStore, articles: dict[str, Article], report: ReindexReport, workers: int,
    keys: dict[str, bytes],
) -> None:
    report.full = True
    live = store.live_generation()
    indexed = _indexed(store.open()) if live else {}
    folder, ix = store.create_generation()
    try:
        # With several workers, each writes its own segment (kept as is, not merged: a
        # final merge would run in one process), so a build on n cores has n segments.
        # Our own writer lock keeps other reindexes out meanwhile.
        spelling = write_new_index(ix, list(articles.values()), keys, workers)
        spelling.save(ix.storage, merge=False)
        count = ix.doc_count()
        if count != len(articles):
            raise RuntimeError(f"new index holds {count} articles, expected {len(articles)}")
    except BaseException:
        store.discard(folder)
        raise
    store.publish(folder)
    for article_id, article in articles.items():
        old = indexed.get(article_id)
        if old is None:
            report.added += 1
        elif old[0] != article.fingerprint:
            report.updated += 1
        else:
            report.unchanged += 1
    report.deleted = sum(1 for article_id in indexed if article_id not in articles)
    report.articles = count


def _input_of(path: str) -> str:
    """The input file of an article's path: "export.jsonl#12" is line 12 of export.jsonl."""
    return path.split("#", 1)[0]


def _within(path: str, roots: list[str]) -> bool:
    """Whether an input path lies in (or is) one of the roots given to this reindex."""
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)
