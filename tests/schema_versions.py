"""Indexing as an older schema version wrote articles, for tests of old indexes."""

from contextlib import contextmanager

import pytest

from indexer.schema import documents
from indexer.schema.fields import build_schema

_CURRENT = documents.to_document


def body_alone(article, rawkey=b""):
    """An article's document as schema version 1 wrote it: the body without its headline."""
    doc = _CURRENT(article, rawkey)
    doc["body"] = doc.pop("_stored_body")
    return doc


@contextmanager
def indexing_version_1(patcher: pytest.MonkeyPatch):
    """Within: every build writes version 1's documents (the version itself is recorded by
    the store: create the generation with version=1, or remove its VERSION)."""
    with patcher.context() as patched:
        for module in ("indexer.schema.documents", "indexer.build.update", "indexer.build.parallel"):
            patched.setattr(f"{module}.to_document", body_alone)
        yield body_alone


def without_held_terms():
    """The schema as version 2 made it: no file of each article's terms per segment."""
    schema = build_schema()
    schema.remove("body_held")
    return schema


@contextmanager
def indexing_version_2(patcher: pytest.MonkeyPatch):
    """Within: every index is created as schema version 2 created it (segments without the
    files of their articles' terms)."""
    with patcher.context() as patched:
        patched.setattr("indexer.build.store.build_schema", without_held_terms)
        patched.setattr("indexer.build.update.build_schema", without_held_terms)
        yield
