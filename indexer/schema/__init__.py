"""The index's vocabulary."""
