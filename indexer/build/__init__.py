"""Building the index."""
