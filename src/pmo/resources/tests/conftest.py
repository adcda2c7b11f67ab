"""Fixtures of the resources tests: the shared world with its resources re-read for each test."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.resources.models import Assignment, Resource
from pmo.testing.openapi import refreshed
from pmo.testing.personas import World


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The module's shared world, re-read (each test rolls its writes back)."""
    return refreshed(shared_world)


@pytest.fixture
def r(world: World) -> Any:
    """A's resources objects as stored now: ``resource`` (assigned), ``spare``, ``assignment``."""

    class Objects:
        resource = Resource.objects.get(pk=world.a.obj("resource").pk)
        spare = Resource.objects.get(pk=world.a.obj("spare_resource").pk)
        assignment = Assignment.objects.select_related("project__scope").get(pk=world.a.obj("assignment").pk)
        pool = world.a.portfolio.scope

    return Objects
