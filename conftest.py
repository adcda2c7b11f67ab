"""Project-wide pytest configuration: shared fixtures live in pmo.testing."""

pytest_plugins = ["pmo.testing.fixtures"]
