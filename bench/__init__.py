"""Benchmarks: extraction quality, ranking quality and speed, each run on data given by path.

Run one with `python -m bench NAME DATA_PATH [options]` from a checkout; `python -m bench` lists
them. Each prints a table comparing newsdesk with its peers measured in the same run.
"""
