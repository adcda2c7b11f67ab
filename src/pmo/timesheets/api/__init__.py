"""REST API of timesheets."""
