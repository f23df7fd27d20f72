"""Reading raw articles and turning them into clean Article records."""

from corpus.article import Article, article_id, fingerprint_of
from corpus.discovery import discover
from corpus.ingestion import ingest, read_input
from corpus.inputs import Discovery, InputFile, InputOutcome, Rejected
from corpus.resources import samples_path

__all__ = [
    "Article",
    "Discovery",
    "InputFile",
    "InputOutcome",
    "Rejected",
    "article_id",
    "discover",
    "fingerprint_of",
    "ingest",
    "read_input",
    "samples_path",
]
