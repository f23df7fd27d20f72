"""Reading the tasks of a read plan, and accounting for what each gave, in input order.

A task is read where its articles are used (a worker process writing a segment, or this
one); what the report needs of it, its count of articles and its rejections, comes back
to the reindexing process, which takes the tasks' reads in input order in a `Ledger`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus import Article, InputFile, Rejected, read_input
from corpus.readers import jsonl
from indexer.build import rawkeys


@dataclass
class TaskRead:
    """What reading one task gave besides its articles: how many, and what was left out."""

    articles: int = 0
    skipped: list[Rejected] = field(default_factory=list)  # records (lines) left out
    error: str | None = None  # the reason the whole input was rejected


def read_task(task: rawkeys.Task) -> tuple[list[Article], TaskRead]:
    """The articles of a task, and the account of reading it."""
    if isinstance(task, Rejected):
        return [], TaskRead()  # nothing to read: the reason goes to the report
    if isinstance(task, jsonl.Part):
        articles, skipped = jsonl.read_part(task)
        return articles, TaskRead(len(articles), skipped)
    outcome = read_input(task)
    return outcome.articles, TaskRead(len(outcome.articles), outcome.skipped, outcome.error)


class Ledger:
    """The report's rejections from the tasks' reads, taken in the tasks' order: bad
    records, unreadable inputs, and exports of which no line gave an article."""

    def __init__(self, todo: rawkeys.ReadPlan, rejected: list[Rejected]) -> None:
        self._todo = todo
        self._rejected = rejected
        self._open: _OpenInput | None = None

    def take(self, task: rawkeys.Task, read: TaskRead) -> None:
        if isinstance(task, jsonl.Part) and self._open and self._open.input.path == task.input.path:
            self._open.take(read)
            return
        self.close()
        if isinstance(task, Rejected):
            self._rejected.append(task)
        elif isinstance(task, jsonl.Part):
            self._open = _OpenInput(task.input)
            self._open.take(read)
        else:
            if read.error:
                self._rejected.append(Rejected(str(task.path), read.error))
            self._rejected.extend(read.skipped)

    def close(self) -> None:
        """The export being read is done: without a single article it is rejected, unless
        its other records are indexed and unchanged (then only the lines read failed)."""
        state, self._open = self._open, None
        if state is None:
            return
        if not state.read and not _has_kept(state.input, self._todo):
            outcome = jsonl.outcome(state.input, [([], state.skipped)])
            self._rejected.append(Rejected(str(outcome.path), outcome.error or "no article records"))
        self._rejected.extend(state.skipped)


@dataclass
class _OpenInput:
    """A JSON Lines export whose parts are being read: how many articles, which bad lines."""

    input: InputFile
    read: int = 0
    skipped: list[Rejected] = field(default_factory=list)

    def take(self, read: TaskRead) -> None:
        self.read += read.articles
        self.skipped.extend(read.skipped)


def _has_kept(input: InputFile, todo: rawkeys.ReadPlan) -> bool:
    prefix = f"{input.path}#"
    return any(path.startswith(prefix) for path in todo.kept.values())
