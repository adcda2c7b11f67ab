"""Fixtures of the projects app's tests: a project that starts on Monday 2 March 2026 (Standard
calendar), on which the hand-worked schedules of the tests are planned."""

from __future__ import annotations

import datetime as dt

import pytest

from pmo.projects.models import Project
from pmo.testing.personas import World


@pytest.fixture
def march_project(world: World) -> Project:
    """A's project directly in the portfolio (no tasks), starting Monday 2 March 2026."""
    project = world.a.project_direct
    Project.objects.filter(pk=project.pk).update(start_date=dt.date(2026, 3, 2))
    project.refresh_from_db()
    return project
