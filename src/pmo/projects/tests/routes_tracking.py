"""Permission-battery routes (see ``routes.py``)."""

from pmo.testing.registry import Route

ROUTES: list[Route] = []
