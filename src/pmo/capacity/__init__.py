"""Capacity against demand: the heat map of the resource pools, its drill-down, export and what-if."""
