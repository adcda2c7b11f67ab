"""Costs: the project budget (BAC lines by category and month, approved into numbered baselines),
fixed costs on tasks, cost entries (invoices, expenses) in the project currency or a known foreign
one, the planned cost of each task and the time-phased planned-value curve."""
