"""Project-wide pytest configuration: shared fixtures live in pmo.testing."""

import os

# Live-server tests (browser walk, concurrency) listen on the loopback address only.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

pytest_plugins = ["pmo.testing.fixtures"]
