"""The `newsdesk` command line: click commands over corpus, indexer and the web server.

- commands.py: the click group and its commands, each a thin adapter: parse, call one
  function of corpus or indexer, print;
- terminal.py: results, articles, stats and reindex summaries as text for a terminal.
"""

from webapp.cli.commands import cli, main

__all__ = ["cli", "main"]
