"""`newsdesk watch`: saved searches from the command line, and `watch run` for cron, over
the search service's saved searches like /api/watches."""

from __future__ import annotations

import json

import click

from indexer import BadRequest, IndexMissing, SearchRequest, SearchService
from indexer.watches.saved import Match, UnknownWatch, Watch, WatchError, WatchStatus
from indexer.watches.store import WatchExists
from indexer.watches.watching import News

# `watch run`'s exit statuses, for cron and scripts.
FOUND, NOTHING_NEW, FAILED = 0, 1, 2


class _Failed(click.ClickException):
    """An error of `watch run`: said on stderr, exit status 2 (1 means nothing new)."""

    exit_code = FAILED


@click.group("watch")
def watch_group() -> None:
    """Saved searches: save a search under a name, then print what is new for it.

    Each saved search also has an Atom feed at /feeds/NAME.atom while `serve` runs.

    Example: newsdesk watch add kursk '"Kursk region"' && newsdesk watch run
    """


@watch_group.command("add")
@click.argument("name")
@click.argument("query")
@click.option("--source", "sources", multiple=True, metavar="S", help="Only this outlet (repeatable).")
@click.option("--since", metavar="DATE", help="Published on or after: 2025, 2025-07 or 2025-07-17.")
@click.option("--until", metavar="DATE", help="Published on or before (same forms).")
@click.option("--json", "as_json", is_flag=True, help="Print the saved search as /api/watches/NAME does.")
@click.pass_context
def add_command(ctx: click.Context, name: str, query: str, sources: tuple[str, ...], since: str | None,
                until: str | None, as_json: bool) -> None:
    """Save QUERY (with its filters) as NAME: 1 to 64 lowercase letters, digits, '-' or '_'.

    What it matches now is known; `watch run` prints only articles added later.

    Example: newsdesk watch add laos 'Laos Russia' --source Kontur
    """
    params = {"q": query, "source": list(sources), "since": since, "until": until}
    request = SearchRequest.from_params({k: v for k, v in params.items() if v is not None})
    with _said():
        status = SearchService(ctx.obj).watches().add(name, request)
    if as_json:
        click.echo(json.dumps(status.to_dict(), ensure_ascii=False))
    else:
        click.echo(f"Saved {name!r}: {_search_text(status.watch)}")


@watch_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/watches JSON document.")
@click.pass_context
def list_command(ctx: click.Context, as_json: bool) -> None:
    """List the saved searches, each with its number of matches `watch run` has not printed.

    Example: newsdesk watch list
    """
    with _said():
        statuses = SearchService(ctx.obj).watches().statuses()
    if as_json:
        click.echo(json.dumps({"watches": [s.to_dict() for s in statuses]}, ensure_ascii=False))
    elif not statuses:
        click.echo("No saved searches; save one with `newsdesk watch add NAME QUERY`.")
    else:
        click.echo("\n".join(_status_line(status) for status in statuses))


@watch_group.command("remove")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help='Print {"removed": NAME}.')
@click.pass_context
def remove_command(ctx: click.Context, name: str, as_json: bool) -> None:
    """Remove the saved search NAME and what it found.

    Example: newsdesk watch remove laos
    """
    with _said():
        SearchService(ctx.obj).watches().remove(name)
    click.echo(json.dumps({"removed": name}) if as_json else f"Removed {name!r}.")


@watch_group.command("run")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per new match (JSON Lines).")
@click.pass_context
def run_command(ctx: click.Context, names: tuple[str, ...], as_json: bool) -> None:
    """Print the matches of every saved search (or those named) that are new since the last
    run: articles a reindex added or changed that the search matches.

    Exit status: 0 when something is new, 1 when nothing is, 2 on an error; so cron mails
    only news, e.g. `newsdesk watch run || true`.

    Example: newsdesk watch run --json
    """
    try:
        watches = SearchService(ctx.obj).watches()
        news = watches.run(list(names))
    except (WatchError, UnknownWatch, IndexMissing, BadRequest, OSError) as error:
        raise _Failed(_message(error)) from None
    for one in news:
        for match in one.matches:
            if as_json:
                click.echo(json.dumps({"watch": one.watch.name, **match.to_dict()}, ensure_ascii=False))
        if not as_json and one.matches:
            click.echo(_news_text(one))
    try:
        watches.printed(news)  # only once printed: a run that died prints them again
    except WatchError as error:
        raise _Failed(_message(error)) from None
    ctx.exit(FOUND if any(one.matches for one in news) else NOTHING_NEW)


class _said:
    """The saved searches' errors as one line and exit status 1, like the other commands'."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, _trace: object) -> None:
        if isinstance(error, (WatchError, UnknownWatch, WatchExists)):
            raise click.ClickException(_message(error)) from None


def _message(error: BaseException) -> str:
    return error.message if isinstance(error, BadRequest) else str(error)


def _search_text(watch: Watch) -> str:
    filters = [f"source {s}" for s in watch.sources]
    filters += [f"{key} {value}" for key in ("since", "until") if (value := getattr(watch, key))]
    return (watch.q or "(every article)") + (f" [{'; '.join(filters)}]" if filters else "")


def _status_line(status: WatchStatus) -> str:
    new = f"{status.new} new"
    return f"{status.watch.name}  {new:>8}  {_search_text(status.watch)}"


def _news_text(news: News) -> str:
    lines = [f"{news.watch.name}: {len(news.matches)} new ({_search_text(news.watch)})"]
    lines += [_match_text(match) for match in news.matches]
    return "\n".join(lines)


def _match_text(match: Match) -> str:
    said = ", ".join(part for part in (match.source, match.published) if part)
    return f"  {match.title or '(untitled)'}" + (f" — {said}" if said else "") + \
        f"\n    {match.url or 'newsdesk show ' + match.id}"
