"""Cleaning flattened page text."""
