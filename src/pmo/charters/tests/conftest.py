"""Fixtures of the charter tests: the shared world with its charter re-read for each test."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.charters.models import Charter
from pmo.testing.openapi import refreshed
from pmo.testing.personas import World


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The module's shared world, re-read (each test rolls its writes back)."""
    return refreshed(shared_world)


@pytest.fixture
def charter(world: World) -> Charter:
    """A's charter, as stored now: submitted, sponsor = A's manager persona."""
    return Charter.objects.get(pk=world.a.obj("charter").pk)


@pytest.fixture
def users(world: World) -> Any:
    """The personas by name."""
    return world.users
