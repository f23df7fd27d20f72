"""Distinctive words per outlet, to compare framing: the words each of a search's leading
outlets writes more often than the other leading outlets do, in their matching articles.

Against the whole index (terms.py), each outlet's words for a story would be the story's
own, the same for all. Against the other outlets covering the same search, what is left is
how each tells it ("undocumented" in one, "illegal" in another). The OUTLETS outlets with the
most matches are read once (each its matching articles, or a random sample), and
each is scored with G² against the articles read of the others. Both sides are read, so no
background count comes from the term dictionary, and a word counts as in terms.py: held by at
least MIN_ARTICLES of the outlet's articles read, more often than by the others'.
"""

from __future__ import annotations

import numpy as np
from whoosh.searching import Searcher

from indexer.present.facets import facet_counts
from indexer.present.terms import MIN_ARTICLES, OutletWord, OutletWords, TermsOptions, g2, is_word, sample_of
from indexer.present.written import held_words, read_words
from indexer.search.docsets import DocSet
from indexer.search.matches import column_codes

OUTLETS = 5  # the outlets compared: those with the most matches


def outlet_words(
    searcher: Searcher, matched: DocSet, query_terms: set[str], options: TermsOptions,
) -> tuple[list[OutletWords], list[str]]:
    """Each leading outlet of `matched` with its `options.top` words against the other
    leading outlets', leaving out `query_terms`; and what to tell the reader."""
    top, per_outlet = options.top, options.outlet_sample
    leading = facet_counts(searcher, matched, "source")[:OUTLETS]
    if len(leading) < 2:
        found = "no outlet" if not leading else f"one outlet ({leading[0].value})"
        return [], [f"The matching articles come from {found}: there is no other outlet to compare "
                    "its words with."]
    values, codes = column_codes(searcher, "source")
    number = {value: n for n, value in enumerate(values)}
    docs = matched.array
    reads = [sample_of(docs[codes[docs] == number[outlet.value]], per_outlet) for outlet in leading]
    read = np.concatenate(reads)
    order = np.argsort(read, kind="stable")  # stored fields are read in index order
    groups = np.repeat(np.arange(len(reads)), [len(r) for r in reads])
    written = held_words(searcher, read[order], groups[order]) or read_words(searcher, read[order], groups[order])
    # Only a term of MIN_ARTICLES of some outlet's articles can be one of its words.
    some = np.flatnonzero(written.held_by.max(axis=0, initial=0) >= MIN_ARTICLES)
    held_by = written.held_by[:, some]
    sizes = np.array([len(r) for r in reads], np.float64)
    everyone = held_by.sum(axis=0)
    named: dict[int, str] = {}

    def word_of(at: int) -> str | None:
        """The term at `at` of `some`, named (a lookup each, so only when it may be shown);
        None when it cannot be one of the words."""
        if at not in named:
            named[at] = written.terms_of(some[at: at + 1])[0]
        term = named[at]
        return term if is_word(term) and term not in query_terms else None

    chosen: list[list[tuple[str, int, int, float]]] = []
    for n in range(len(reads)):
        inside = held_by[n].astype(np.float64)
        outside = (everyone - held_by[n]).astype(np.float64)
        rest = sizes.sum() - sizes[n]
        keep = np.flatnonzero((inside >= MIN_ARTICLES) & (inside / sizes[n] > outside / rest))
        scores = g2(inside[keep], sizes[n], outside[keep], rest)
        best: list[tuple[float, str, int]] = []  # the best words, ties at the last included
        for at in np.argsort(-scores, kind="stable").tolist():
            if len(best) >= top and scores[at] < best[top - 1][0]:
                break
            term = word_of(int(keep[at]))
            if term is not None:
                best.append((float(scores[at]), term, int(keep[at])))
        best.sort(key=lambda item: (-item[0], item[1]))
        chosen.append([(term, int(inside[t]), int(outside[t]), score) for score, term, t in best[:top]])
    surface = written.surfaces({term for words in chosen for term, *_ in words})
    outlets = [
        OutletWords(outlet.value, outlet.count, len(reads[n]), int(sizes.sum() - sizes[n]),
                    [OutletWord(surface.get(term, term), term, a, c, round(score, 2)) for term, a, c, score in words])
        for n, (outlet, words) in enumerate(zip(leading, chosen))
    ]
    notices = []
    if any(len(r) < outlet.count for r, outlet in zip(reads, leading)):
        notices.append(f"Each outlet's words were counted in a random sample of {per_outlet} of its "
                       "matching articles.")
    return outlets, notices
