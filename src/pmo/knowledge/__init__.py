"""Lessons learned: a register per project, searchable across every project the user may see."""
