"""The `newsdesk` command line: thin click adapters over corpus, indexer and the web server."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from time import monotonic
from typing import Any, Callable, Iterator, Sequence

import click

from corpus import ingest, samples_path
from indexer import (
    DEFAULT_INDEX_DIR,
    BadRequest,
    IndexMissing,
    IndexWriteFailed,
    ReindexBusy,
    SearchRequest,
    SearchService,
    ShardsRefused,
    optimize,
    reindex,
)
from indexer.build.shards.layout import MAX_SHARDS
from indexer.build.summary import skipped_record
from indexer.build.workers import cpu_count
from webapp.cli import terminal

# BadRequest.param -> the CLI option that carries it, so messages name what the user typed.
_OPTION_OF = {
    "since": "--since",
    "until": "--until",
    "sort": "--sort",
    "page": "--page",
    "per_page": "--limit",
    "source": "--source",
    "recency": "--recency",
    "duplicates": "--all-copies",
}


class _Group(click.Group):
    """Turns the user's mistakes raised by the packages into one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BadRequest as error:
            raise click.ClickException(_cli_message(error)) from None
        except (IndexMissing, ReindexBusy, IndexWriteFailed, ShardsRefused) as error:
            raise click.ClickException(str(error)) from None
        except BrokenPipeError:
            raise  # output piped into `head`: click exits quietly
        except OSError as error:  # an unreadable or unwritable index folder, a full disk
            where = f": {error.filename}" if error.filename else ""
            raise click.ClickException(f"{error.strerror or error}{where}") from None


def _cli_message(error: BadRequest) -> str:
    option = _OPTION_OF.get(error.param)
    if option and error.message.startswith(error.param + " "):
        return option + error.message[len(error.param) :]
    return error.message


@click.group(cls=_Group)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="NEWSDESK_INDEX",
    default=DEFAULT_INDEX_DIR,
    show_default=True,
    show_envvar=True,
    help="Folder of the search index.",
)
@click.pass_context
def cli(ctx: click.Context, index_dir: Path) -> None:
    """newsdesk: full-text search over scraped news articles.

    Build an index with `reindex`, then search it with `search`, or in a browser with `serve`.

    Example: newsdesk reindex ~/articles && newsdesk search '"Kursk region"'
    """
    ctx.obj = index_dir


def _service(ctx: click.Context) -> SearchService:
    return SearchService(ctx.obj)


def _require_paths(paths: Sequence[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise click.ClickException(f"no such file or folder: {path}")


@cli.command("reindex")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--full", is_flag=True, help="Rebuild from these inputs alone instead of updating.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Processes reading inputs and writing a full build [default: one per CPU].")
@click.option("--wait", is_flag=True, help="If another reindex is running, wait for it instead of stopping.")
@click.option("--shards", type=click.IntRange(min=1, max=MAX_SHARDS), help="Write the index as N shards, each "
              "article in the one its id gives [default: as the index is].")
@click.option("--cluster", metavar="ADDRESS", help="Read and write on the Dask cluster whose scheduler is at "
              "ADDRESS (tcp://HOST:8786), sharing the index folder. Needs: pip install 'newsdesk[cluster]'.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write one JSON line per skipped input (path, kind, reason) to this file.")
@click.pass_context
def reindex_command(
    ctx: click.Context, paths: tuple[Path, ...], workers: int | None, report_file: Path | None, **options: Any
) -> None:
    """Ingest files and folders and update the index (default: the bundled samples).

    Incremental: new and changed articles are written, unchanged ones skipped, and
    articles whose input is gone from the given folders are deleted. Inputs that cannot
    be read are listed with the reason on stderr; the rest is indexed. The summary counts
    them by kind, and is kept with the index for the web page and /api/stats.

    Example: newsdesk reindex ~/scraped/2025-07 --workers 2
    """
    inputs = list(paths) or [samples_path()]
    _require_paths(inputs)
    run_reindex(ctx.obj, inputs, workers=workers or cpu_count(), report_file=report_file, **options)


def run_reindex(index_dir: Path, inputs: list[Path], *, workers: int = 1, report_file: Path | None = None,
             **options: Any) -> None:  # options: reindex's full, wait, shards, cluster
    progress = _progress_bar if sys.stderr.isatty() else None
    terminal.say_rebuild(index_dir, full=bool(options.get("full")))
    report = reindex(index_dir, inputs, workers=workers, progress=progress, **options)
    click.echo(terminal.reindex_summary(report, index_dir))
    for rejected in report.rejected:
        click.echo(f"rejected {rejected.path}: {rejected.reason}", err=True)
    if report_file is not None:
        with report_file.open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(skipped_record(r), ensure_ascii=False) + "\n" for r in report.rejected)


@contextmanager
def _progress_bar(size: int) -> Iterator[Callable[[int, int], None]]:
    """A bar over the inputs' bytes, with the articles read so far and their rate."""
    started = monotonic()
    with click.progressbar(length=max(size, 1), label="Indexing", file=sys.stderr,
                           item_show_func=lambda text: text) as bar:

        def advance(done: int, articles: int) -> None:
            rate = articles / max(monotonic() - started, 1e-3)
            bar.update(done, f"{articles:,} articles, {rate:,.0f}/s")

        yield advance


@cli.command("optimize")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes merging segments [default: one per CPU].",
)
@click.option("--wait", is_flag=True, help="If a reindex is running, wait for it instead of stopping.")
@click.option("--cluster", metavar="ADDRESS", help="Merge on the Dask cluster whose scheduler is at ADDRESS "
              "(tcp://HOST:8786), sharing the index folder. Needs: pip install 'newsdesk[cluster]'.")
@click.pass_context
def optimize_command(ctx: click.Context, workers: int | None, wait: bool, cluster: str | None) -> None:
    """Merge the index's segments into fewer, leaving deleted articles out.

    Updates never merge large segments, so an index grown by many updates holds many;
    searches are quicker over fewer. The merged index is written beside the live one,
    which keeps serving, and replaces it at once when complete. Takes about what a full
    reindex takes to write the index, without reading the inputs again. A sharded index
    has each shard's segments merged.

    Example: newsdesk --index /srv/newsdesk/index optimize
    """
    report = optimize(ctx.obj, workers=workers or cpu_count(), wait=wait, cluster=cluster)
    click.echo(terminal.optimize_summary(report, ctx.obj))


@cli.command("search")
@click.argument("query")
@click.option("--source", "sources", multiple=True, metavar="S", help="Only this outlet (repeatable).")
@click.option("--since", metavar="DATE", help="Published on or after: 2025, 2025-07 or 2025-07-17.")
@click.option("--until", metavar="DATE", help="Published on or before (same forms).")
@click.option("--sort", metavar="relevance|newest|oldest", help="Order of hits [default: relevance].")
@click.option("--limit", metavar="N", help="Hits per page [default: 10].")
@click.option("--page", metavar="N", help="Page of hits [default: 1].")
@click.option("--recency", is_flag=True, help="Rank newer articles higher (relevance sort).")
@click.option("--all-copies", is_flag=True,
              help="List every copy of a syndicated story as its own hit instead of folding them.")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/search JSON document.")
@click.pass_context
def search_command(
    ctx: click.Context,
    query: str,
    sources: tuple[str, ...],
    since: str | None,
    until: str | None,
    sort: str | None,
    limit: str | None,
    page: str | None,
    recency: bool,
    all_copies: bool,
    as_json: bool,
) -> None:
    """Search the index with the query language of the search page.

    Every word must match; "quoted words" match as a phrase; OR, -word, (brackets),
    prefix*, fuzzy~, title:, source:, author:, since:, until: and date: work as described
    in docs/query-syntax.md. An empty QUERY ('') lists every article, newest first,
    within the filters.

    Example: newsdesk search '"Kursk region" -Laos since:2025-07' --source Kontur
    """
    params: dict[str, str | list[str]] = {"q": query, "source": list(sources)}
    for name, value in (("since", since), ("until", until), ("sort", sort),
                        ("per_page", limit), ("page", page)):
        if value is not None:
            params[name] = value
    if recency:
        params["recency"] = "1"
    if all_copies:
        params["duplicates"] = "show"
    # The same parsing and validation as the JSON endpoint's query string.
    request = SearchRequest.from_params(params)
    result = _service(ctx).search(request)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        for notice in result.notices:
            click.echo(terminal.notice_line(notice), err=True)
        click.echo(terminal.result_text(result))


@cli.command("show")
@click.argument("article_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/articles/ID JSON document.")
@click.pass_context
def show_command(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """Print one article, whole, by the id that `search` shows, then similar articles
    and copies of the same text under other outlets.

    Example: newsdesk show 3f1c2a9b0d4e5f60
    """
    view = _service(ctx).article_view(article_id)
    if view is None:
        raise click.ClickException(f"no article with id {article_id!r}; `newsdesk search` shows ids")
    if as_json:
        click.echo(json.dumps(view.to_dict(), ensure_ascii=False))
        return
    click.echo(terminal.view_text(view))


@cli.command("clean")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article (JSON Lines).")
@click.option("--diff", is_flag=True, help="Also show the lines cleaning removed, prefixed '- '.")
@click.pass_context
def clean_command(ctx: click.Context, paths: tuple[Path, ...], as_json: bool, diff: bool) -> None:
    """Show what the ingester makes of files or folders, without indexing them.

    Prints each article's metadata and clean text. Inputs that cannot be read are listed
    with the reason on stderr, and the exit code is then 1.

    Example: newsdesk clean page.txt --diff
    """
    rejected = 0
    for outcome in ingest(list(paths)):
        for skipped in outcome.skipped:
            rejected += 1
            click.echo(f"rejected {skipped.path}: {skipped.reason}", err=True)
        if outcome.error:
            rejected += 1
            click.echo(f"rejected {outcome.path}: {outcome.error}", err=True)
            continue
        for number, article in enumerate(outcome.articles):
            removed = outcome.removed_by_article[number] if outcome.removed_by_article else outcome.removed
            if as_json:
                record: dict[str, Any] = {"path": str(outcome.path)}
                record.update((k, v) for k, v in article.to_dict().items() if k != "path")
                if diff:
                    record["removed"] = list(removed)
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                click.echo(terminal.article_text(article, path=str(outcome.path)))
                if diff:
                    click.echo()
                    for line in removed:
                        click.echo(terminal.removed_line(line))
                click.echo()
    if rejected:
        ctx.exit(1)


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/stats JSON document.")
@click.pass_context
def stats_command(ctx: click.Context, as_json: bool) -> None:
    """Show what the index holds: articles, sources, date range, size on disk.

    Example: newsdesk --index /srv/newsdesk/index stats
    """
    stats = _service(ctx).stats()
    if as_json:
        click.echo(json.dumps(stats.to_dict(), ensure_ascii=False))
        return
    click.echo(terminal.stats_text(stats))


def main() -> None:
    """The `newsdesk` console script."""
    cli(prog_name="newsdesk")

