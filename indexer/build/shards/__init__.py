"""An index cut into shards: several complete Whoosh indexes under one generation.

- layout.py: which shard an article goes to (from its id), where each shard lives, and the
  sharded generation opened as one index (every shard's segments in one reader);
- cluster.py: the shards' segments written on a Dask cluster's workers.
"""
