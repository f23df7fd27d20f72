"""Search results, articles and index stats as text for a terminal: what the CLI prints."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Sequence

from click import echo, style

from corpus import Article
from corpus.skips import LABELS
from indexer import ArticleView, Copy, IndexStore, OptimizeReport, ReindexReport, SearchResult, Stats

# What an index of an older schema version does until it is rebuilt (Stats.outdated).
REBUILT_NEXT = "searched as it was written until the next `newsdesk reindex` rebuilds it in full"
_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


def notice_line(notice: str) -> str:
    """A notice about the query (a word ignored, a filter relaxed), for stderr."""
    return style(f"Note: {notice}", fg="cyan")


def result_text(result: SearchResult) -> str:
    """One page of hits, numbered across pages, and a closing line with the total."""
    lines: list[str] = []
    first = (result.page - 1) * result.per_page
    for number, hit in enumerate(result.hits, start=first + 1):
        lines.append(style(f"{number}. {hit.title or '(no title)'}", bold=True))
        facts = [hit.source or "unknown source", hit.published or "undated", hit.id]
        lines.append("   " + " | ".join(facts))
        lines.extend("   " + terminal_passage(passage) for passage in hit.highlights)
        if hit.duplicates:
            lines.append(f"   Also published as: {copies_line(hit.duplicates)}")
        lines.append("")
    if result.total == 0:
        line = "No articles match."
    else:
        shown = f"{first + 1}-{first + len(result.hits)}" if result.hits else "none"
        noun = "article matches" if result.total == 1 else "articles match"
        line = f"{result.total} {noun}; showing {shown} (page {result.page} of {result.pages})."
    # No article held every word, so some hits may hold only the others (the any-word fill).
    if result.suggestion:
        line += f" Did you mean: {result.suggestion}"
    lines.append(line)
    return "\n".join(lines)


def copies_line(copies: Sequence[Copy]) -> str:
    """Where else a hit's text was published: each copy's outlet and id."""
    return "; ".join(f"{c.source or 'unknown source'} ({c.id})" for c in copies)


def terminal_passage(passage: str) -> str:
    """An HTML-safe passage with <mark> as terminal highlighting, entities as characters."""
    parts = _MARK.split(passage)
    # split() alternates plain text and marked text.
    return "".join(
        style(html.unescape(part), fg="yellow", bold=True) if n % 2 else html.unescape(part)
        for n, part in enumerate(parts)
    )


def view_text(view: ArticleView) -> str:
    """A whole article, then copies of it under other outlets and similar articles."""
    lines = [article_text(view.article)]
    if view.duplicates:
        lines += ["", style("Copies under other outlets", bold=True)]
        for copy in view.duplicates:
            lines.append(f"  {copy.title or '(no title)'} | {copy.source or 'unknown source'} | {copy.id}")
    if view.similar:
        lines += ["", style("Similar articles", bold=True)]
        for similar in view.similar:
            facts = [similar.source or "unknown source", similar.published or "undated", similar.id]
            lines.append(f"  {similar.title or '(no title)'} | {' | '.join(facts)}")
    return "\n".join(lines)


def article_text(article: Article, path: str | None = None) -> str:
    """The headline, the metadata it has (and the input's path, when given), then the body."""
    lines = [style(article.title or "(no title)", bold=True)]
    published = article.published.isoformat() if article.published else None
    for label, value in (
        ("path", path),
        ("source", article.source),
        ("published", published),
        ("crawled", article.crawled.isoformat() if article.crawled else None),
        ("author", article.author),
        ("url", article.url),
        ("language", article.language),
        ("id", article.id),
    ):
        if value:
            lines.append(f"{label + ':':<11}{value}")
    lines += ["", article.body]
    return "\n".join(lines)


def removed_line(line: str) -> str:
    """A line that cleaning dropped, as a diff shows a deletion."""
    return style(f"- {line}", fg="red")


def say_rebuild(index_dir: Path, full: bool) -> None:
    """On stderr, before a reindex starts, one line when it will rebuild the index in full
    because the index is of an older schema version (it takes a full build's time)."""
    outdated = None if full else IndexStore(index_dir).outdated()
    if outdated:
        echo(f"Rebuilding in full: {outdated}.", err=True)


def reindex_summary(report: ReindexReport, index_dir: Path) -> str:
    """One line on what a reindex did and how many articles the index now holds; the
    inputs skipped are counted by kind: "rejected 2 (not text 1, too large 1)"."""
    return (
        f"added {report.added}, updated {report.updated}, deleted {report.deleted}, "
        f"unchanged {report.unchanged}, rejected {len(report.rejected)}{skipped_kinds(report)}; "
        f"{report.articles} articles in {index_dir}"
    )


def skipped_kinds(report: ReindexReport) -> str:
    kinds = report.summary().skipped
    if not kinds:
        return ""
    return " (" + ", ".join(f"{LABELS.get(kind, kind)} {count}" for kind, count in kinds.items()) + ")"


def optimize_summary(report: OptimizeReport, index_dir: Path) -> str:
    """One line on what an optimize did."""
    held = f"{report.articles} articles in {index_dir}"
    if report.segments_after == report.segments_before and not report.deleted_dropped:
        return f"nothing to merge ({_count(report.segments_before, 'segment')}); {held}"
    return (
        f"merged {_count(report.segments_before, 'segment')} into {report.segments_after}, "
        f"dropped {_count(report.deleted_dropped, 'deleted article')}; {held}"
    )


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def stats_text(stats: Stats) -> str:
    """What the index holds, one labelled line per fact."""
    if stats.first_published:
        dates = f"{stats.first_published} to {stats.last_published}"
    else:
        dates = "no dated articles"
    return "\n".join(
        f"{label + ':':<12}{value}"
        for label, value in (
            ("articles", stats.articles),
            ("sources", stats.sources),
            ("published", dates),
            ("index size", human_size(stats.index_bytes)),
            ("index", stats.index_path),
            *((("reindexed", last_reindex_text(stats)),) if stats.last_reindex else ()),
            *((("outdated", f"{stats.outdated}; {REBUILT_NEXT}"),) if stats.outdated else ()),
        )
    )


def last_reindex_text(stats: Stats) -> str:
    """ "2026-12-05 20:26 UTC, added 4, ...; rejected: not text 1, too large 1"."""
    last = stats.last_reindex
    assert last is not None
    skipped = ", ".join(f"{LABELS.get(kind, kind)} {count}" for kind, count in last.skipped.items())
    return (f"{last.finished[:16].replace('T', ' ')} UTC, added {last.added}, updated {last.updated}, "
            f"deleted {last.deleted}, unchanged {last.unchanged}" + (f"; rejected: {skipped}" if skipped else ""))


def human_size(size: float) -> str:
    """A byte count in bytes, KB, MB or GB (powers of 1024), as a reader would write it."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")
