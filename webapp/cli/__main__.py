"""`python -m webapp.cli`: the `newsdesk` command, as the console script runs it."""

from webapp.cli.commands import main

main()
