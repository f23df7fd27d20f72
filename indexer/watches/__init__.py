"""Saved searches: a query and its filters kept under a name, and what is new for each.

- saved.py: a saved search, a match found for it, and their errors;
- store.py: the SQLite file beside the index's generations that keeps them (versioned
  migrations, one transaction per write);
- watching.py: saving, listing and removing, and finding the articles added since a saved
  search last looked, from the segments it has not looked at.
"""
