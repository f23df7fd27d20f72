"""Commands that follow a story rather than list articles: `newsdesk coverage` (attention
over time), `newsdesk compare` (searches side by side), `newsdesk terms` (distinctive
words), `newsdesk first` (who reported first) and `newsdesk story` (one story's copies and
what each changed), each a thin adapter over one method of the search service, like
/api/coverage, /api/compare, /api/terms, /api/first and /api/stories/<id>."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any, Callable

import click

from indexer import SearchRequest, SearchService
from indexer.present.coverage import (
    INTERVALS,
    MAX_QUERIES,
    MAX_TOP,
    SPLITS,
    Comparison,
    Coverage,
    CoverageOptions,
)
from indexer.present.first import FirstReports
from indexer.present.framing import OUTLETS
from indexer.present.story import Segment, Story
from indexer.present.terms import DEFAULT_TOP as TERMS_DEFAULT_TOP
from indexer.present.terms import MAX_TOP as TERMS_MAX_TOP
from indexer.present.terms import SPLITS as TERMS_SPLITS
from indexer.present.terms import DistinctiveWords, TermsOptions
from webapp.cli import terminal


@click.command("coverage")
@click.argument("query")
@click.option("--source", "sources", multiple=True, metavar="S", help="Only this outlet (repeatable).")
@click.option("--since", metavar="DATE", help="Published on or after: 2025, 2025-07 or 2025-07-17.")
@click.option("--until", metavar="DATE", help="Published on or before (same forms).")
@click.option("--interval", metavar="|".join(INTERVALS),
              help="Period counted [default: chosen from the matches' span].")
@click.option("--by", metavar="|".join(SPLITS), help="Split by outlet, or not [default: source].")
@click.option("--top", metavar="N", help=f"Outlets shown apart, the rest as others (1-{MAX_TOP}) [default: 10].")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/coverage JSON document.")
@click.pass_context
def coverage_command(
    ctx: click.Context, query: str, sources: tuple[str, ...], since: str | None, until: str | None,
    interval: str | None, by: str | None, top: str | None, as_json: bool,
) -> None:
    """How many articles matched QUERY per day, week, month or year, against every article
    indexed in the period (the share shows attention, not crawling), split by outlet.
    Articles without a date are counted apart.

    Example: newsdesk coverage Kursk --by source --interval week
    """
    params = {"q": query, "source": list(sources), "since": since, "until": until}
    request = SearchRequest.from_params({k: v for k, v in params.items() if v is not None})
    options = CoverageOptions.from_params({"interval": interval or "", "by": by or "", "top": top or ""})
    index_dir: Path = ctx.obj
    found = SearchService(index_dir).coverage(request, options)
    _echo(found, as_json, coverage_text)


def coverage_text(coverage: Coverage) -> str:
    """A table: one row per period (matching, indexed, share, then each outlet), the undated last."""
    if not coverage.matching:
        return "No articles match."
    names = [s.name for s in coverage.series]
    header = ["period", "matching", "indexed", "share", *names]
    rows = [[b.start if coverage.interval != "week" else f"week {b.start}", str(b.matching), str(b.total),
             f"{b.ratio:.1%}", *(str(s.counts[n]) for s in coverage.series)]
            for n, b in enumerate(coverage.buckets)]
    if coverage.undated:
        rows.append(["no date", str(coverage.undated), "", "",
                     *(str(s.matching - sum(s.counts)) for s in coverage.series)])
    lines = _table(header, rows)
    noun = "article matches" if coverage.matching == 1 else "articles match"
    undated = f", {coverage.undated} of them without a date" if coverage.undated else ""
    lines.append(f"{coverage.matching} {noun}{undated}; counted by {coverage.interval}.")
    return "\n".join(lines)


@click.command("compare")
@click.argument("queries", nargs=-1, required=True, metavar="QUERY...")
@click.option("--source", "sources", multiple=True, metavar="S", help="Only this outlet (repeatable).")
@click.option("--since", metavar="DATE", help="Published on or after: 2025, 2025-07 or 2025-07-17.")
@click.option("--until", metavar="DATE", help="Published on or before (same forms).")
@click.option("--interval", metavar="|".join(INTERVALS),
              help="Period counted [default: chosen from the matches' span].")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/compare JSON document.")
@click.pass_context
def compare_command(
    ctx: click.Context, queries: tuple[str, ...], sources: tuple[str, ...], since: str | None,
    until: str | None, interval: str | None, as_json: bool,
) -> None:
    """Up to five searches side by side: each one's matches per period, and their share
    of the articles indexed in the period.

    Example: newsdesk compare Kursk Laos --interval month
    """
    if len(queries) > MAX_QUERIES:
        raise click.ClickException(f"compare takes at most {MAX_QUERIES} queries; {len(queries)} were given")
    shared = {"source": list(sources), "since": since, "until": until}
    shared = {k: v for k, v in shared.items() if v is not None}
    requests = [SearchRequest.from_params({**shared, "q": q}) for q in queries]
    chosen = CoverageOptions.from_params({"interval": interval or ""}).interval
    index_dir: Path = ctx.obj
    found = SearchService(index_dir).compare(requests, chosen)
    _echo(found, as_json, comparison_text)


def comparison_text(comparison: Comparison) -> str:
    """A table: one row per period (indexed, then each query's count and share)."""
    header = ["period", "indexed", *(line.query or "(all)" for line in comparison.lines)]
    rows = [[p.start, str(p.total), *(f"{line.counts[n]} ({line.ratios[n]:.1%})" for line in comparison.lines)]
            for n, p in enumerate(comparison.periods)]
    rows.append(["no date", "", *(str(line.undated) for line in comparison.lines)])
    lines = _table(header, rows)
    lines.append(f"counted by {comparison.interval}.")
    return "\n".join(lines)


@click.command("terms")
@click.argument("query")
@click.option("--source", "sources", multiple=True, metavar="S", help="Only this outlet (repeatable).")
@click.option("--since", metavar="DATE", help="Published on or after: 2025, 2025-07 or 2025-07-17.")
@click.option("--until", metavar="DATE", help="Published on or before (same forms).")
@click.option("--top", metavar="N", help=f"How many words (1-{TERMS_MAX_TOP}) [default: {TERMS_DEFAULT_TOP}].")
@click.option("--by", metavar="|".join(TERMS_SPLITS),
              help=f"source: also each of the {OUTLETS} leading outlets' words against the others' [default: none].")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/terms JSON document.")
@click.pass_context
def terms_command(
    ctx: click.Context, query: str, sources: tuple[str, ...], since: str | None, until: str | None,
    top: str | None, by: str | None, as_json: bool,
) -> None:
    """The distinctive words of QUERY's matches: those they hold more often than the rest of
    the index (log-likelihood G²), most significant first, with how many matching and how
    many indexed articles hold each. An empty QUERY with --source tells an outlet's words;
    --by source compares framing: the words each outlet with the most matches writes more
    often than the other outlets do.

    Example: newsdesk terms Kursk --top 10 --by source
    """
    params = {"q": query, "source": list(sources), "since": since, "until": until}
    request = SearchRequest.from_params({k: v for k, v in params.items() if v is not None})
    options = TermsOptions.from_params({"top": top or "", "by": by or ""})
    index_dir: Path = ctx.obj
    _echo(SearchService(index_dir).terms(request, options), as_json, terms_text)


def terms_text(found: DistinctiveWords) -> str:
    """A table: one row per word (articles holding it among the matches and in the index)."""
    rows = [[w.word, str(w.matching), f"{w.matching / found.matching:.1%}", str(w.indexed),
             f"{w.indexed / found.indexed:.1%}", f"{w.score:.1f}"] for w in found.words]
    lines = _table(["word", "matching", "share", "indexed", "share", "G²"], rows) if rows else []
    sampled = 0 < found.sampled < found.matching
    sample = f"; the words were found in a random {found.sampled:,} of them" if sampled else ""
    lines.append(f"{found.matching:,} of {found.indexed:,} indexed articles match{sample}.")
    for outlet in found.outlets:
        rows = [[w.word, str(w.matching), f"{w.matching / outlet.sampled:.1%}", str(w.others),
                 f"{w.others / outlet.compared:.1%}", f"{w.score:.1f}"] for w in outlet.words]
        lines += ["", f"{outlet.source}: {outlet.sampled:,} of its {outlet.matching:,} matching articles read, "
                      f"against {outlet.compared:,} of the other outlets'"]
        lines += _table(["word", "outlet", "share", "others", "share", "G²"], rows) if rows else [
            "no word stands out against the other outlets."]
    return "\n".join(lines)


def _echo(found: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    """The answer's JSON document, or its notices (on stderr) and `text(found)`."""
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False))
        return
    for notice in found.notices:
        click.echo(terminal.notice_line(notice), err=True)
    click.echo(text(found))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Aligned lines: the first column to the left, the others to the right."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    return ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
            .rstrip() for row in (header, *rows)]


@click.command("first")
@click.argument("query", required=False, default="")
@click.option("--story", metavar="ID", help="One article's near-duplicate copies (itself included) instead.")
@click.option("--source", "sources", multiple=True, metavar="S", help="Only this outlet (repeatable).")
@click.option("--since", metavar="DATE", help="Published on or after: 2025, 2025-07 or 2025-07-17.")
@click.option("--until", metavar="DATE", help="Published on or before (same forms).")
@click.option("--limit", metavar="N", help="Outlets per page [default: 10].")
@click.option("--page", metavar="N", help="Page of outlets [default: 1].")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/first JSON document.")
@click.pass_context
def first_command(
    ctx: click.Context, query: str, story: str | None, sources: tuple[str, ...], since: str | None,
    until: str | None, limit: str | None, page: str | None, as_json: bool,
) -> None:
    """Who reported first: each outlet's earliest article matching QUERY (or, with --story,
    each copy of one article), outlets in time order with the lag after the first. A time of
    day is used where the input gave one, else the date alone, and each row says which;
    articles without a date are counted apart.

    Example: newsdesk first Kursk --since 2025-07
    """
    params = {"q": query, "source": list(sources), "since": since, "until": until, "per_page": limit,
              "page": page}
    request = SearchRequest.from_params({k: v for k, v in params.items() if v is not None})
    index_dir: Path = ctx.obj
    found = SearchService(index_dir).first(request, story.strip() if story and story.strip() else None)
    if found is None:
        raise click.ClickException(f"no article with id {story!r}")
    _echo(found, as_json, first_text)


def first_text(first: FirstReports) -> str:
    """A table: one row per outlet, earliest first (lag, when, time or date only, articles, headline)."""
    if not first.outlets:
        return "No matching article has a date." if first.matching else "No articles match."
    if not first.reports:
        return f"Page {first.page} is past the last of the {first.outlets} outlets."
    rows = [[r.source or "(no outlet)", r.lag, r.at.replace("T", " ")[:16], r.precision, str(r.articles)]
            for r in first.reports]
    table = _table(["outlet", "after first", "published (UTC)", "known", "articles"], rows)
    # The headline last, left-aligned, after the aligned columns.
    lines = [f"{line:{len(table[0])}}  {title}" for line, title in zip(table, ["headline", *(
        r.title for r in first.reports)])]
    shown = (first.page - 1) * first.per_page
    undated = f"; {first.undated} without a date" if first.undated else ""
    lines.append(f"outlets {shown + 1}-{shown + len(rows)} of {first.outlets} with a dated article; "
                 f"{first.matching} matching article{'s' if first.matching != 1 else ''}{undated}.")
    return "\n".join(lines)


@click.command("story")
@click.argument("article_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/stories/ID JSON document.")
@click.pass_context
def story_command(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """One story: article ID and its copies under other outlets (those a search folds
    into "N similar"), earliest first, then what each copy changed against the earliest
    in its headline and first paragraph, [-removed-] and {+added+} words marked.

    Example: newsdesk story 44aa401739f52d2b
    """
    index_dir: Path = ctx.obj
    found = SearchService(index_dir).story(article_id.strip())
    if found is None:
        raise click.ClickException(f"no article with id {article_id!r}")
    _echo(found, as_json, story_text)


def story_text(story: Story) -> str:
    """A table of the copies, earliest first, then each copy's changes against the earliest."""
    rows = [[c.source or "(no outlet)", c.lag or "", (c.at or "no date").replace("T", " ")[:16],
             c.precision or "no date", c.id] for c in story.copies]
    table = _table(["outlet", "after earliest", "published (UTC)", "known", "id"], rows)
    lines = [f"{line:{len(table[0])}}  {title}" for line, title in zip(table, ["headline", *(
        c.title for c in story.copies)])]
    outlets = f"{story.outlets} outlet{'s' if story.outlets != 1 else ''}"
    lines.append(f"{story.articles} article{'s' if story.articles != 1 else ''} under {outlets}.")
    for copy in story.copies if story.articles > 1 else ():
        lines += ["", f"{copy.source or '(no outlet)'} ({copy.id})" + (f", {copy.lag}" if copy.lag else "")]
        if copy.id == story.earliest:
            base = "the earliest copy" if copy.at else "the article asked about"
            lines.append(f"  {base}: the others are compared with it.")
        elif not copy.changed:
            lines.append("  the same headline and first paragraph as the earliest copy.")
            continue
        for name, segments in (("headline", copy.title_changes), ("first paragraph", copy.first_paragraph_changes)):
            lines += textwrap.wrap(word_diff(segments), 100, initial_indent=f"  {name}: ",
                                   subsequent_indent="    ", break_on_hyphens=False) or [f"  {name}: (none)"]
    return "\n".join(lines)


def word_diff(segments: list[Segment]) -> str:
    """Runs of words as wdiff writes them: [-removed-] and {+added+}."""
    marks = {"same": "{}", "deleted": "[-{}-]", "inserted": "{{+{}+}}"}
    return " ".join(marks[part.kind].format(part.text) for part in segments)
