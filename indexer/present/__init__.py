"""Presenting a page of results: what is shown beside each hit and around the page.

- passages.py: sentences around the matched words, escaped, with <mark> only;
- facets.py: articles per outlet and per month for the matched set;
- collapse.py: copies of one story folded into the best-ranked one;
- similar.py: more like this; suggest.py: did-you-mean;
- coverage.py: matches per period and outlet; terms.py: distinctive words, from the words a
  sample of the matches writes (written.py);
- first.py: who reported first; story.py: one article's copies and their word changes.
"""
