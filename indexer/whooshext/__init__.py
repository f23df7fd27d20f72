"""Whoosh internals."""
