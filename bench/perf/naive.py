"""The naive Whoosh peer: what a first attempt looks like, for the benchmark to beat.

One writer, the stock StemmingAnalyzer, add_document per article, one commit; a new
searcher per request, stock highlighting (re-tokenizing each hit) and groupedby facets.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index, sorting
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser
from whoosh.query import Term


def schema() -> Schema:
    stem = StemmingAnalyzer()
    return Schema(
        id=ID(unique=True, stored=True), title=TEXT(analyzer=stem, stored=True),
        body=TEXT(analyzer=stem, stored=True), source=ID(stored=True),
        published=DATETIME(stored=True), month=ID(stored=True), url=STORED(),
    )


def build(jsonl: Path, folder: Path) -> int:
    """Index every line of `jsonl` into a new index in `folder`; the number of articles."""
    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), schema())
    writer = ix.writer()
    count = 0
    with open(jsonl, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            date = record.get("date")
            writer.add_document(
                id=str(record["id"]), title=record.get("title") or "", body=record.get("body") or "",
                source=record.get("source") or "", url=record.get("url"),
                published=datetime.fromisoformat(date) if date else None, month=(date or "")[:7],
            )
            count += 1
    writer.commit()
    return count


_FACETS = {"source": sorting.FieldFacet("source"), "month": sorting.FieldFacet("month")}


def search_page(folder: Path, q: str, source: str | None, newest: bool) -> dict[str, Any]:
    """The search page the naive way."""
    ix = index.open_dir(str(folder))
    with ix.searcher() as searcher:
        query = MultifieldParser(["title", "body"], ix.schema).parse(q)
        results = searcher.search(
            query, limit=10, filter=Term("source", source) if source else None,
            sortedby="published" if newest else None, reverse=newest, groupedby=_FACETS, terms=True,
        )
        hits = [
            {"id": hit["id"], "title": hit["title"], "highlights": hit.highlights("body", top=3)}
            for hit in results
        ]
        return {
            "total": len(results), "hits": hits,
            "source": {k: len(v) for k, v in results.groups("source").items()},
            "month": {k: len(v) for k, v in results.groups("month").items()},
        }
