"""More like this: articles that share an article's most distinctive words."""

from __future__ import annotations

from whoosh.searching import Searcher

from indexer.search.results import Similar

KEY_TERMS = 15  # distinctive words taken from the article; more is slower, not much better


def similar_to(searcher: Searcher, docnum: int, limit: int, exclude: set[str] = frozenset()) -> list[Similar]:
    """Up to `limit` articles most like article `docnum`, best first, without the ids in
    `exclude` (its copies, listed apart)."""
    stored = searcher.stored_fields(docnum)
    text = f"{stored.get('title', '')}\n\n{stored.get('body', '')}"
    if not text.strip():
        return []
    # Key terms are weighed against the whole collection (Bo1), so the words this
    # article uses unusually often lead, not the words every article uses.
    results = searcher.more_like(docnum, "body", text=text, top=limit + len(exclude), numterms=KEY_TERMS)
    found = []
    for hit in results:
        fields = hit.fields()
        if fields["id"] in exclude:
            continue
        found.append(Similar(
            id=fields["id"],
            title=fields.get("title", ""),
            source=fields.get("source") or None,
            published=fields.get("published_text"),
            score=round(hit.score, 4),
        ))
        if len(found) == limit:
            break
    return found
