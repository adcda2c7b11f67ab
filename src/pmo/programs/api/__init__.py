"""REST API of programs."""
