"""The REST API of change requests."""
