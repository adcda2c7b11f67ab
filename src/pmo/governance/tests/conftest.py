"""Fixtures of the governance tests: the fence of DOMAIN.md example A (BAC 4,000, EAC 4,480 at its
status date), in program A, built through the services."""

from __future__ import annotations

import pytest

from pmo.performance.tests.conftest import build_fence
from pmo.projects.models import Project
from pmo.testing.openapi import refreshed
from pmo.testing.personas import World


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The module's shared world, re-read (each test rolls its writes back)."""
    return refreshed(shared_world)


@pytest.fixture
def fence(world: World) -> Project:
    """The fence project in program A: CPI 0.8929, EAC 4,480 against a BAC of 4,000."""
    return build_fence(world, code="GOVFENCE")
