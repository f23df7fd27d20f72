"""Writing the index: Articles in, a new generation or an updated one on disk.

- store.py: where an index lives (generations, the pointer to the live one, the lock);
- update.py: `reindex`, full or incremental (new, changed and deleted inputs);
- parallel.py: a full build's segments written by several processes;
- rawkeys.py: inputs unchanged since the last reindex, recognised from their raw bytes.
"""
