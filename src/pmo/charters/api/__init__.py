"""REST API of charters."""
