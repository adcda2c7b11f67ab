"""Pytest fixtures shared by every app's tests (personas, API clients, fingerprints)."""
