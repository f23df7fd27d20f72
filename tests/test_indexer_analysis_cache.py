"""The cached NewsAnalyzer gives exactly the tokens of the plain news filter chain."""

import json

import pytest
from real_data import TRICKY, allsides_lines

from corpus import samples_path
from indexer.schema.analysis import NewsAnalyzer, news_filter_chain


def texts() -> list[str]:
    found = [TRICKY, ""]
    found += [p.read_text("utf-8") for p in sorted(samples_path().glob("*.txt"))]
    for line in allsides_lines(3000, 100):
        record = json.loads(line)
        found += [record["title"], record["body"]]
    return found


def stream(analyzer, text, **options):
    return [
        (t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None),
         t.stopped, t.boost, getattr(t, "original", None))
        for t in analyzer(text, **options)
    ]


OPTIONS = [
    dict(positions=True, chars=True, mode="index"),
    dict(positions=True, chars=False, mode="index", start_pos=7, start_char=3),
    dict(positions=True, chars=True, mode="query"),
    dict(chars=True, mode="query", removestops=False),
    dict(positions=True, chars=True, mode="index", removestops=False, keeporiginal=True),
    dict(mode="index", no_morph=True),
    dict(positions=True, mode="query", tokenize=False),
]


@pytest.mark.parametrize("stem", [True, False])
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()))
def test_same_tokens_as_the_filter_chain(stem, options):
    cached, plain = NewsAnalyzer(stem), news_filter_chain(stem)
    for text in texts():
        # Twice: the second run answers from the cache.
        assert stream(cached, text, **options) == stream(plain, text, **options)
        assert stream(cached, text, **options) == stream(plain, text, **options)


def test_spelling_words_come_unstemmed_like_the_chain():
    text = texts()[0]
    assert [t.text for t in NewsAnalyzer()(text, no_morph=True)] == [
        t.text for t in news_filter_chain()(text, no_morph=True)
    ]
    assert NewsAnalyzer().has_morph() and not NewsAnalyzer(stem=False).has_morph()


def test_pickles_without_its_cache():
    import pickle

    analyzer = NewsAnalyzer()
    list(analyzer(texts()[0]))
    assert len(pickle.dumps(analyzer)) < 200
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy == analyzer and stream(copy, TRICKY, positions=True) == stream(analyzer, TRICKY, positions=True)


@pytest.mark.parametrize("stem", [True, False])
def test_occurrences_group_the_filter_chains_tokens_by_term(stem):
    cached, plain = NewsAnalyzer(stem), news_filter_chain(stem)
    for text in texts():
        expected: dict[str, list[tuple[int, int, int]]] = {}
        for t in plain(text, positions=True, chars=True, mode="index"):
            expected.setdefault(t.text, []).append((t.pos, t.startchar, t.endchar))
        positions = {term: [pos for pos, _, _ in found] for term, found in expected.items()}
        # Twice: the second run answers from the cache.
        assert cached.occurrences(text) == expected
        assert cached.occurrences(text) == expected
        assert cached.term_positions(text) == positions
        assert cached.term_positions(text) == positions


@pytest.mark.parametrize("stem", [True, False])
def test_occurrences_of_some_terms_are_those_of_all_terms(stem):
    """What a hit's highlighting asks for: a few terms' places, the same as among all terms'."""
    analyzer = NewsAnalyzer(stem)
    for n, text in enumerate(texts()):
        everything = NewsAnalyzer(stem).occurrences(text)
        terms = sorted(everything)
        # Words of every kind: the first (its raw position kept), parts of hyphenated names,
        # words after stop words, a term the text does not hold, and none at all.
        for wanted in [terms[:1], terms[n % 7::5], [t for t in terms if "-" not in t][-3:], ["zzyzx"], []]:
            only = frozenset(wanted)
            expected = {term: places for term, places in everything.items() if term in only}
            assert analyzer.occurrences(text, only=only) == expected
