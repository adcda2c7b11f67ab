"""Timesheets: weekly time logged on tasks, submitted, approved or returned by project managers."""
