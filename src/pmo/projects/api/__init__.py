"""REST API of projects."""
