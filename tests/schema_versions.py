"""Indexing as an older schema version wrote articles, for tests of old indexes."""

from contextlib import contextmanager

import pytest

from indexer.schema import documents
from indexer.schema.fields import build_schema
from indexer.schema.languages import InLanguage

_CURRENT = documents.to_document


def body_alone(article, rawkey=b""):
    """An article's document as schema version 1 wrote it: the body without its headline
    (analysed in the article's language, as every text now is)."""
    doc = _CURRENT(article, rawkey)
    doc["body"] = InLanguage((doc.pop("_stored_body"),), doc["body"].language)
    return doc


@contextmanager
def indexing_version_1(patcher: pytest.MonkeyPatch):
    """Within: every build writes version 1's documents (the version itself is recorded by
    the store: create the generation with version=1, or remove its VERSION)."""
    with patcher.context() as patched:
        for module in ("indexer.schema.documents", "indexer.build.update", "indexer.build.parallel"):
            patched.setattr(f"{module}.to_document", body_alone)
        yield body_alone


@contextmanager
def indexing_version_2(patcher: pytest.MonkeyPatch):
    """Within: every new index is created as schema version 2 wrote it, every article
    analysed as English (record the version by writing 2 to the generation's VERSION)."""
    with patcher.context() as patched:
        patched.setattr("indexer.build.store.build_schema", lambda version=None: build_schema(2))
        yield


@contextmanager
def indexing_version_3(patcher: pytest.MonkeyPatch):
    """Within: every new index is created as schema version 3 wrote it, without the files of
    each article's terms (record the version by writing 3 to the generation's VERSION)."""
    with patcher.context() as patched:
        patched.setattr("indexer.build.store.build_schema", lambda version=None: build_schema(3))
        yield
