"""Turning what a person types into a Whoosh query."""

from __future__ import annotations

from whoosh import qparser
from whoosh.fields import Schema
from whoosh.query import Every, Query

SEARCHED_FIELDS = ("title", "body")


def make_parser(schema: Schema) -> qparser.QueryParser:
    """A forgiving parser: words (all required, in title or body) and "quoted phrases".

    Operator, field, wildcard, range and boost syntax are left out on purpose, so that
    AND/OR/NOT, colons, stars and brackets in typed text are ordinary characters: the
    analyzer drops the punctuation and the words still match. Nothing a person types
    can make this parser fail.
    """
    return qparser.QueryParser(
        None,
        schema,
        plugins=[qparser.PhrasePlugin(), qparser.MultifieldPlugin(SEARCHED_FIELDS)],
        group=qparser.AndGroup,
    )


def parse_query(parser: qparser.QueryParser, text: str) -> Query:
    """The query for `text`; an empty text matches every article."""
    text = text.replace("\x00", " ").strip()
    if not text:
        return Every()
    return parser.parse(text)
