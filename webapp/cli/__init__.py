"""The `newsdesk` command line: click commands over corpus, indexer and the web server.

- commands.py: the click group and its commands, each a thin adapter: parse, call one
  function of corpus or indexer, print;
- terminal.py: results, articles, stats and reindex summaries as text for a terminal;
- stories.py: commands that follow a story (coverage over time, compare, distinctive words,
  who reported first, one story's copies), with their text;
- watches.py: `watch add|list|remove|run`, saved searches and what is new for them;
- serving.py: `serve`, the web server, over local shards or a Dask cluster.
"""

from webapp.cli.commands import cli, main
from webapp.cli.serving import serve_command
from webapp.cli.stories import compare_command, coverage_command, first_command, story_command, terms_command
from webapp.cli.watches import watch_group

cli.add_command(coverage_command)
cli.add_command(compare_command)
cli.add_command(terms_command)
cli.add_command(first_command)
cli.add_command(story_command)
cli.add_command(watch_group)
cli.add_command(serve_command)

__all__ = ["cli", "main"]
