"""Helpers of the leveling benchmark (``bench/leveling_bench.py``)."""
