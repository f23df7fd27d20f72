"""The SQLite FTS5 peer (Python's sqlite3): bm25 ranking, snippet(), GROUP BY counts."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

_COLUMNS = "id UNINDEXED, title, body, source UNINDEXED, published UNINDEXED, month UNINDEXED"


def build(jsonl: Path, database: Path) -> int:
    """Index every line of `jsonl` (gzip-compressed when its name ends in .gz) into a new FTS5
    table; the number of articles."""
    database.unlink(missing_ok=True)
    con = sqlite3.connect(database)
    con.execute(f"CREATE VIRTUAL TABLE articles USING fts5({_COLUMNS}, tokenize='porter unicode61')")

    def rows():
        with (gzip.open if jsonl.suffix == ".gz" else open)(jsonl, "rt", encoding="utf-8") as handle:
            for line in handle:
                r = json.loads(line)
                date = r.get("date") or ""
                yield r["id"], r.get("title") or "", r.get("body") or "", r.get("source") or "", date, date[:7]

    with con:
        con.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", rows())
    count = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    return count


def fts_query(q: str) -> str:
    """Words ANDed, quoted phrases kept: the FTS5 form of what a person types."""
    if q.startswith('"'):
        return q
    return " AND ".join(f'"{w}"' for w in q.split())


class Fts5Pages:
    """Search pages from one open connection (a reused connection, as any server would)."""

    def __init__(self, database: Path) -> None:
        self.con = sqlite3.connect(database, check_same_thread=False)

    def search_page(self, q: str, source: str | None, newest: bool) -> dict[str, Any]:
        match = fts_query(q)
        where = "articles MATCH ?" + (" AND source = ?" if source else "")
        args = (match, source) if source else (match,)
        order = "published DESC" if newest else "bm25(articles, 0, 2.0, 1.0)"
        # FTS5 gives one snippet per column; a wide one stands in for three passages. The top 10
        # are chosen first: SQLite would otherwise make a snippet for every match before sorting.
        top = f"SELECT rowid FROM articles WHERE {where} ORDER BY {order} LIMIT 10"
        hits = self.con.execute(
            f"SELECT id, title, snippet(articles, 2, '<mark>', '</mark>', ' … ', 64) "
            f"FROM articles WHERE articles MATCH ? AND rowid IN ({top}) ORDER BY {order}", (match, *args),
        ).fetchall()
        total = self.con.execute(f"SELECT count(*) FROM articles WHERE {where}", args).fetchone()[0]
        source_counts = self.con.execute(
            f"SELECT source, count(*) FROM articles WHERE {where} GROUP BY source", args).fetchall()
        month_counts = self.con.execute(
            f"SELECT month, count(*) FROM articles WHERE {where} GROUP BY month", args).fetchall()
        return {"total": total, "hits": hits, "source": dict(source_counts), "month": dict(month_counts)}
