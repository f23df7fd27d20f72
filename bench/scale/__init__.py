"""A scale corpus: a million news-like articles made reproducibly from a real news corpus.

`python -m bench scale-corpus ALLSIDES_FILE OUT --articles N` (cli.py) writes it:

  source.py      the real corpus as material: templates, paragraphs with name slots (text.py),
                 related articles (topics.py), the real vocabulary curve (heaps.py)
  corpus.py      the generator: articles from templates, renamed as vocabulary.py's target
                 asks with its coined names, wire copies (wire.py), written as
                 JSON Lines (article.py)
  stats.py       tables of the synthetic corpus beside the real one, measured by measure.py
  unseen.py      queries of the perf mix's kinds that the tuning never saw

`python -m bench scale ALLSIDES_FILE --articles N` (run/) builds and searches newsdesk on it.
"""
