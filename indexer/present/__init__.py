"""Presenting results."""
