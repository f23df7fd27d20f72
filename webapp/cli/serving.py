"""`newsdesk serve`: the search page and the JSON API under gunicorn, over the index on this
machine or, with --cluster, over its shards searched on a Dask cluster's workers."""

from __future__ import annotations

from pathlib import Path

import click

from corpus import samples_path
from indexer import IndexMissing, IndexStore, IndexUnreadable
from indexer.build.shards.cluster import connect
from indexer.build.shards.layout import ShardedIndex
from indexer.preload import MEMORY_SHARE, preload
from indexer.scatter import SHARD_SECONDS
from webapp.cli.commands import run_reindex


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes.")
@click.option("--write-token", metavar="TOKEN", envvar="NEWSDESK_WRITE_TOKEN", show_envvar=True,
              help="Lets whoever gives it save and remove searches [default: none, read-only].")
@click.option("--require-all-shards", is_flag=True, help="Refuse to start when a shard of a sharded index "
              "cannot be read [default: serve the others, every answer saying it is partial].")
@click.option("--cluster", metavar="ADDRESS", help="Search each shard on a worker of the Dask cluster whose "
              "scheduler is at ADDRESS (tcp://HOST:8786), sharing the index folder. Needs: pip install "
              "'newsdesk[cluster]'.")
@click.option("--shard-timeout", type=click.FloatRange(min=0.1), default=SHARD_SECONDS, show_default=True,
              metavar="SECONDS", help="With --cluster: a shard not answering within this is left out of the "
              "answer, which says so.")
@click.option("--preload/--no-preload", default=None, help="Read the index into memory before serving, and "
              f"each new one before it goes live, so that first searches need not wait for the disk [default: "
              f"when it takes at most {MEMORY_SHARE:.0%} of the memory available].")
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int, workers: int, write_token: str | None,
                  require_all_shards: bool, cluster: str | None, shard_timeout: float, preload: bool | None) -> None:
    """Serve the search page and the JSON API with gunicorn, a production server.

    When there is no index yet, one is built from the bundled samples first.
    Without a write token the server is read-only: saving and removing searches
    answer 403. A shard of a sharded index that cannot be read is named, and left out:
    answers say how many shards answered.

    Example: newsdesk serve --host 0.0.0.0 --port 8080 --workers 4

    Example: newsdesk serve --cluster tcp://10.0.0.5:8786
    """
    from webapp import server  # gunicorn is only needed here

    problem = server.unusable_address(host, port)
    if problem is not None:
        raise click.ClickException(problem)
    if cluster:  # one line now, before anything is built, rather than an error on every search
        connect(cluster, "this server").close()
    try:
        IndexStore(ctx.obj).require_live_generation()
        _check_shards(ctx.obj, require_all_shards)
    except IndexUnreadable as damaged:
        # Never overwrite a damaged index with the samples: the user's own data may be one
        # reindex away. Serve, and let /healthz and every page say what is wrong.
        if require_all_shards:
            raise click.ClickException(f"{damaged} (--require-all-shards)") from None
        click.echo(f"Warning: {damaged}", err=True)
    except IndexMissing:
        click.echo(f"No index at {ctx.obj}; building one from the bundled samples.", err=True)
        run_reindex(ctx.obj, [samples_path()])
    settings = {"CLUSTER": cluster, "SHARD_SECONDS": shard_timeout} if cluster else _preloaded(ctx.obj, preload)
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"newsdesk is serving {ctx.obj} at http://{shown_host}:{port}/ (Ctrl-C stops it)")
    server.run(ctx.obj, host, port, workers, write_token, settings)


def _preloaded(index_dir: Path, wanted: bool | None) -> dict[str, object]:
    """Read the live generation into memory once, here, rather than in every worker; the
    app's settings that say so (its workers read the generations that replace it)."""
    try:
        folder = IndexStore(index_dir).live_generation() if wanted is not False else None
    except IndexUnreadable:  # said above; served as it is
        folder = None
    if folder is None:
        return {"PRELOAD": wanted}
    done = preload(folder, force=bool(wanted))
    click.echo(done.describe() + ("." if done.skipped else " (--no-preload skips this)."), err=True)
    return {"PRELOAD": wanted, "PRELOADED": str(folder)}


def _check_shards(index_dir: Path, require_all: bool) -> None:
    """Say which shards cannot be read; with `require_all`, refuse to serve without them."""
    store = IndexStore(index_dir)
    ix = store.open(partial=True)
    if not isinstance(ix, ShardedIndex):
        return
    try:
        ix.reader().close()  # a damaged segment shows when its shard's segments are read
    except Exception as error:
        raise store.unreadable(error) from None
    for reason in (ix.failed[number] for number in sorted(ix.failed)):
        if require_all:
            raise click.ClickException(f"{reason}; not serving a partial index (--require-all-shards)")
        click.echo(f"Warning: {reason}; serving the other {ix.total - len(ix.failed)} of {ix.total} shards, "
                   "every answer marked partial", err=True)
