"""A scale corpus: a million news-like articles made reproducibly from a real news corpus.

`python -m bench scale-corpus ALLSIDES_FILE OUT --articles N` writes it (corpus.py, from the
real corpus read by source.py, with coined names from names.py and wire copies from wire.py);
stats.py compares its term statistics with the real corpus's (heaps.py: the vocabulary
curve and its fit); unseen.py draws queries of the perf benchmark's kinds that were never tuned on.
"""
