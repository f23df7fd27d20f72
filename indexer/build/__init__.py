"""Writing the index: Articles in, a new generation or an updated one on disk.

- store.py: where an index lives (generations, the pointer to the live one, the lock);
- update.py: `reindex`, full or incremental (new, changed and deleted inputs);
- full.py: a full build, a new generation written in bounded memory;
- parallel.py: a full build's shares of the inputs, each read and written as one segment by
  one process;
- tally.py: a full build's counts from hashes of ids and fingerprints;
- reading.py: reading the plan's tasks, and the report's account of them;
- workers.py: work handed to worker processes a window at a time, and their progress;
- indexed.py: what an update needs to know of the indexed articles, and only that;
- merging.py: which small segments an update's commit merges (never the large ones);
- optimize.py: `optimize`, segments merged into fewer in a new generation;
- summary.py: the last reindex's summary, kept in the index folder for the page and API;
- rawkeys.py: inputs unchanged since the last reindex, recognised from their raw bytes.
"""
