"""Searching: a SearchRequest in, the matched and ranked articles out.

- request.py: the request every face sends (parsed and validated parameters);
- syntax.py: what a person types, read into a small tree; query.py: that tree as a Whoosh
  query, with plain notices of what was changed;
- ranking.py: how matches are scored (In_expB2) and how a long query is read;
- matches.py: the matched set, kept per reader; ordering.py: the first articles by date;
- selection.py: filters, the any-word fill and the sort put together (`select`);
- results.py: the result dataclasses the service fills and every face serialises.
"""
