"""The Whoosh schema: one place that says what each field is for and why it is stored."""

from __future__ import annotations

from whoosh import columns
from whoosh.analysis import Analyzer, CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from indexer.schema.analysis import news_analyzer
from indexer.schema.english import WORD_PATTERN
from indexer.schema.held import HeldTerms
from indexer.schema.pairs import word_pairs
from indexer.schema.postings import NewsPositions

# What an index's terms mean: raised whenever a change to the schema or to what a document
# indexes means an index written before it must be rebuilt to search as the code expects. The
# store records it per generation (indexer/build/store.py): an older index keeps serving as it
# was written, says so, and the next reindex rebuilds it whole instead of adding segments of
# another kind to it. Each version with what it changed, in words for that message.
SCHEMA_VERSION = 5
SCHEMA_CHANGES = {
    1: "the first recorded",
    2: "headlines indexed with the text",
    3: "each article analysed in its own language",
    4: "each article's words kept for distinctive words",
    5: "an untitled article's opening words searched as its headline",
}


def build_schema(version: int | None = None) -> Schema:
    """The schema every newsdesk index is created with (of an older schema `version`: for
    an optimize, which merges an older index as it was written)."""
    version = SCHEMA_VERSION if version is None else version
    # From version 3 titles and bodies are analysed in their article's language
    # (indexer/schema/languages.py); before, all as English.
    news = news_analyzer(multilingual=version >= 3)
    schema = Schema(
        # Unique key for updates and /articles/<id>; stored so a hit can name itself. Like path
        # and fingerprint it is also a column, so reindex can compare without loading bodies.
        id=ID(unique=True, stored=True, sortable=True),
        # Searched and shown. The title weighs more: a word in the headline says more about
        # what an article is about than the same word in paragraph twelve. The body field
        # indexes the headline too (indexer/schema/documents.py), so it scores every word.
        title=_news_text(TEXT(analyzer=news, stored=True, field_boost=2.0, multitoken_query="phrase")),
        # Indexed as the body then the headline, positions apart (postings.py) so no phrase
        # spans them; stored as the body alone, which passages are cut from.
        # No spelling=True: did-you-mean reads its words from one file (indexer/schema/spelling.py)
        # instead of a second posting for every word of every body.
        body=_news_text(TEXT(analyzer=news, stored=True, multitoken_query="phrase")),
        # Pairs of common words side by side in the body, derived from its positions when a
        # segment is written (indexer/schema/pairs.py): a phrase of two common words is one list.
        body_pairs=word_pairs("body", news),
        # The outlet's display name as one exact term: filtered and counted, never analysed.
        source=ID(stored=True, sortable=True),
        # For date ranges and date sorting (a column); the display form is published_text.
        published=DATETIME(sortable=True),
        # The date as the input gave it (date or datetime, ISO 8601), shown back unchanged.
        published_text=STORED(),
        # When a crawler fetched the page (ISO 8601), for WARC input: shown, never searched.
        crawled=STORED(),
        # "2025-07" for the volume-over-time facet; empty when the date is unknown.
        month=ID(sortable=True),
        # "1" or "0": date sorts put undated articles last either way (a missing column
        # value would otherwise sort as the latest date).
        dated=ID(sortable=True),
        # "1" when the input gave a time of day with the date, "0" for a date alone, empty when
        # undated: who reported first (indexer/present/first.py) orders and labels by it.
        timed=ID(sortable=True),
        author=TEXT(analyzer=name_analyzer(), stored=True),
        url=STORED(),
        # The article's language (ISO 639-1, empty when unknown): which analysis its title and
        # body had, and a facet and filter (a column, counted like `source`).
        language=ID(stored=True, sortable=True),
        # The input file; reindex deletes articles whose input is gone, by this path.
        path=ID(stored=True, sortable=True),
        # Content hash: unchanged inputs are skipped on incremental reindex.
        fingerprint=ID(stored=True, sortable=True),
        # Near-duplicate detection (indexer/schema/neardup.py): the body's MinHash signature as a
        # column, read for every ranked hit when copies are folded together, and its band
        # keys as terms, so an article's likely copies are one term lookup away.
        dupsig=COLUMN(columns.VarBytesColumn()),
        dupbands=KEYWORD(scorable=False),
        # A key of the raw record the article was read from: an incremental reindex skips
        # records whose key is unchanged without cleaning them again (indexer/build/rawkeys.py).
        rawkey=COLUMN(columns.VarBytesColumn()),
    )
    if version >= 4:
        # Each article's distinct body terms, a file per segment derived from the body's
        # postings when it is written (indexer/schema/held.py): distinctive words count them
        # in a sample of a search's articles instead of analysing their bodies again.
        schema.add("body_held", HeldTerms("body"))
    return schema


def _news_text(field: TEXT) -> TEXT:
    """A news text field whose postings keep positions as packed arrays
    (indexer/schema/postings.py): phrases decode fast, highlighting re-reads the text."""
    field.format = NewsPositions(field_boost=field.format.field_boost)
    return field


def name_analyzer() -> Analyzer:
    """For author names: whole words, lowercase, accents folded, no stemming or stop words."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
