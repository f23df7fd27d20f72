"""Everything that relies on Whoosh internals, fenced here (the pinned whoosh3 version).

Each module's docstring lists the private names it uses, with the Whoosh version, and
tests/test_layers.py fails when a module outside this package touches one or when the
installed Whoosh no longer has a listed name.

- segments.py: writing a segment, an article's words a field at a time; termpool.py: its
  postings gathered per term in memory (no external sort);
- mapped.py: compound segments read in place from one memory map;
- columns.py: a segment's bytes column as one numpy matrix over that map;
- readers.py: posting lists decoding a block's document numbers alone;
- within.py: ranking only among articles known to match; phrases.py: exact phrases from
  positions alone;
- scoring.py: the In_expB2 scorer; highlighter.py: offsets read for the shown hits only;
  corrector.py: did-you-mean candidates from the words file.
"""
