"""Whoosh's highlighter, finding offsets only for the hits a page shows.

A field whose postings keep character offsets (Whoosh's Characters format, indexes built
before indexer/schema/postings.py's NewsPositions) has them read from its postings; any
other field whose analyzer has `occurrences` (NewsAnalyzer) has the hit's stored text
analysed again for the matched words only, which for one page's hits costs less than keeping
every offset in the index.

Relies on whoosh3 3.54.0 internals:
- `Highlighter._load_chars`, `Highlighter.can_load_chars` and `Results._char_cache`: where
  the highlighter decides whether it can load each result's character offsets per field
  (instead of analysing the text in its own way), loads and keeps them;
- `Formatter._text`: the hook the formatter passes the text between matches through.
"""

from __future__ import annotations

from typing import Any, Iterable

from whoosh import highlight


class EscapingFormatter(highlight.Formatter):
    """A formatter whose text between matches goes through `escape_text` (Whoosh passes it
    through its private `_text` hook, which has no public name)."""

    def escape_text(self, text: str) -> str:
        return text

    def _text(self, text: str) -> str:
        return self.escape_text(text)


class _Offsets(dict):
    """docnum -> matched word -> its (position, startchar, endchar) list in one field: what
    Whoosh's highlighter keeps per results. Read for the wanted articles in one pass over
    each word's postings (or from their stored text); any other article of the results is
    read when first asked for."""

    def __init__(self, results: Any, fieldname: str, words: Iterable[str], to_bytes: Any,
                 wanted: Iterable[int]) -> None:
        super().__init__()
        self._reader = results.searcher.reader()
        self._fieldname = fieldname
        self._words = [(word, to_bytes(word)) for word in words]
        self._wanted = frozenset(word for word, _ in self._words)  # the terms an analyzer places
        self._termdocs = results.termdocs
        field = results.searcher.schema[fieldname]
        self._analyzer = None if field.supports("characters") else field.analyzer
        self._read(sorted(wanted))

    def __missing__(self, docnum: int) -> dict[str, Any]:
        self._read([docnum])
        return self[docnum]

    def _read(self, docnums: list[int]) -> None:
        if self._analyzer is not None:
            self._analyse(docnums)
            return
        for docnum in docnums:
            self[docnum] = {}
        for word, btext in self._words:
            holding = set(self._termdocs.get((self._fieldname, btext), ()))
            wanted = [d for d in docnums if d in holding]
            if not wanted:
                continue
            # The reader's postings, not the searcher's: those set up a ranking scorer
            # (statistics from every segment) that reading offsets has no use for.
            matcher = self._reader.postings(self._fieldname, btext)
            for docnum in wanted:
                matcher.skip_to(docnum)
                self[docnum][word] = matcher.value_as("characters")

    def _analyse(self, docnums: list[int]) -> None:
        for docnum in docnums:
            stored = self._reader.stored_fields(docnum)
            analyzer = self._analyzer
            if hasattr(analyzer, "in_language"):  # analysed in the article's language
                analyzer = analyzer.in_language(stored.get("language"))
            found = analyzer.occurrences(stored.get(self._fieldname) or "", only=self._wanted)
            # A word the hit matched is in its text; [] rather than a KeyError if not.
            self[docnum] = {word: found.get(word, []) for word in self._wanted}


class PageHighlighter(highlight.Highlighter):
    """Whoosh's highlighter reading stored offsets only for the hits shown: a page folding
    copies ranks more articles than it shows, and Whoosh reads offsets for all of them."""

    wanted: set[int] | None = None  # the page's document numbers, when known

    def can_load_chars(self, results: Any, fieldname: str) -> bool:
        if super().can_load_chars(results, fieldname):
            return True
        field = results.searcher.schema[fieldname]
        return (not self.always_retokenize and results.has_matched_terms()
                and not self.fragmenter.must_retokenize() and hasattr(field.analyzer, "occurrences"))

    def _load_chars(self, results: Any, fieldname: str, texts: Iterable[str], to_bytes: Any) -> None:
        wanted = self.wanted if self.wanted is not None else (docnum for _, docnum in results.top_n)
        results._char_cache[fieldname] = _Offsets(results, fieldname, texts, to_bytes, wanted)
