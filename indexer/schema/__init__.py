"""The index's vocabulary, shared by building and searching.

- fields.py: the Whoosh schema, a comment per field on why it is stored, indexed or a column;
- analysis.py: how words of articles and queries become terms (accents, apostrophes,
  hyphenated names, stemming); postings.py: the positions and offsets a word's posting keeps;
- documents.py: Article <-> Whoosh document;
- neardup.py: near-duplicate signatures (written at index time, compared at search time);
- spelling.py: the words did-you-mean may offer (written by a build, read by searches);
- held.py: each article's distinct terms per segment, for distinctive words (written with
  the postings, read by searches).
"""
