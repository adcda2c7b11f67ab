"""Fixtures of the reporting tests: the shared world re-read for each test."""

from __future__ import annotations

import pytest

from pmo.testing.openapi import refreshed
from pmo.testing.personas import World


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The module's shared world, re-read (each test rolls its writes back)."""
    return refreshed(shared_world)
