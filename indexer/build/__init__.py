"""Writing the index: Articles in, a new generation or an updated one on disk.

- store.py: where an index lives (generations, the pointer to the live one, the lock);
- update.py: `reindex`, full or incremental (new, changed and deleted inputs);
- indexed.py: what an update needs to know of the indexed articles, and only that;
- merging.py: which small segments an update's commit merges (never the large ones);
- optimize.py: `optimize`, segments merged into fewer in a new generation;
- parallel.py: a full build's segments written by several processes;
- rawkeys.py: inputs unchanged since the last reindex, recognised from their raw bytes.
"""
