"""The words a few articles write, counted per index term as arrays: how many of the articles
hold each term in the body, and how many write it in each form ("troops", "Troops", "troop").

Distinctive words (terms.py) read a sample of a search's articles again, since the index
keeps no list of an article's words. An article's distinct words are numbered as they come
(a dictionary lookup each, done by `map`, not by a Python loop); each distinct word is then
analysed once, as the index analyses it, and the (article, term) pairs are counted with numpy.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from indexer.schema.analysis import WORD_PATTERN
from indexer.whooshext.arrays import distinct

_WORD = re.compile(WORD_PATTERN)
_HYPHENS = re.compile("[-\u2010\u2011]")  # as indexer/schema/analysis.py splits a name


@dataclass(frozen=True)
class Written:
    """The index terms of some articles' bodies and the words written for them."""

    terms: list[str]
    held: np.ndarray  # per term: the articles holding it
    held_by: np.ndarray  # per group of articles, per term: the group's articles holding it
    forms: list[str]  # every word as written
    writing: np.ndarray  # per form: the articles writing it
    whole: np.ndarray  # per form: the number of its term (a hyphenated name's whole), -1 for none
    parts: dict[int, list[tuple[int, str]]]  # per hyphenated form: its parts' terms, each as written

    def surfaces(self, wanted: set[str]) -> dict[str, str]:
        """Each wanted term as most of the articles write it; a tie goes to the lower case
        ("troops" before "Troops"). A name's part is written as in the name."""
        number = {term: n for n, term in enumerate(self.terms) if term in wanted}
        found: dict[str, dict[str, int]] = {}
        for form in np.flatnonzero(np.isin(self.whole, list(number.values()))).tolist():
            spelt = found.setdefault(self.terms[self.whole[form]], {})
            spelt[self.forms[form]] = spelt.get(self.forms[form], 0) + int(self.writing[form])
        for form, parts in self.parts.items():
            for term, part in parts:
                if self.terms[term] in number:
                    spelt = found.setdefault(self.terms[term], {})
                    spelt[part] = spelt.get(part, 0) + int(self.writing[form])
        return {term: min(spelt.items(), key=lambda item: (-item[1], not item[0].islower(), item[0]))[0]
                for term, spelt in found.items()}


def read_words(searcher: Searcher, docs: np.ndarray, groups: np.ndarray | None = None) -> Written:
    """The body words of the articles `docs` (document numbers of the searcher's reader),
    counted per group too when `groups` gives each article's group number (0, 1, ...)."""
    numbers: dict[str, int] = {}
    fresh = itertools.count()
    per_article = []
    for docnum in docs.tolist():
        words = set(_WORD.findall(searcher.stored_fields(docnum).get("body") or ""))
        # A word seen before keeps its number; a new one takes the next (some are skipped).
        per_article.append(np.fromiter(map(numbers.setdefault, words, fresh), np.int64, len(words)))
    forms = list(numbers)
    place = np.zeros(next(fresh), np.int64)
    place[np.fromiter(numbers.values(), np.int64, len(forms))] = np.arange(len(forms))
    occurrences = place[np.concatenate(per_article)] if per_article else np.zeros(0, np.int64)
    article = np.repeat(np.arange(len(per_article)), [len(words) for words in per_article])

    analyzer = searcher.schema["body"].analyzer
    term_number: dict[str, int] = {}
    whole = np.full(len(forms), -1, np.int64)
    parts: dict[int, list[tuple[int, str]]] = {}
    for form, word in enumerate(forms):
        terms = analyzer.word_terms(word)
        if not terms:
            continue  # a stop word
        whole[form] = term_number.setdefault(terms[-1], len(term_number))
        if len(terms) > 1:
            written = [part for part in _HYPHENS.split(word) if part]
            written = written if len(written) == len(terms) - 1 else list(terms[:-1])
            parts[form] = [(term_number.setdefault(t, len(term_number)), w) for t, w in zip(terms, written)]
    count = len(term_number)
    terms = whole[occurrences]
    keys = [article[terms >= 0] * count + terms[terms >= 0]]
    for at in np.flatnonzero(np.isin(occurrences, list(parts))).tolist():
        keys.append(np.array([article[at] * count + term for term, _ in parts[int(occurrences[at])]], np.int64))
    pairs = distinct(np.concatenate(keys)) if count else np.zeros(0, np.int64)
    groups = np.zeros(len(per_article), np.int64) if groups is None else groups
    width = int(groups.max()) + 1 if len(groups) else 1
    held_by = np.bincount(groups[pairs // max(count, 1)] * count + pairs % max(count, 1), minlength=width * count)
    return Written(
        terms=list(term_number),
        held=held_by.reshape(width, count).sum(axis=0),
        held_by=held_by.reshape(width, count),
        forms=forms,
        writing=np.bincount(occurrences, minlength=len(forms)),
        whole=whole,
        parts=parts,
    )
