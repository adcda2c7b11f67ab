"""Fixtures of the quality tests: the shared world with its quality objects re-read for each test."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.quality.models import ChecklistTemplate, Defect, Deliverable, QualityReview
from pmo.testing.openapi import refreshed
from pmo.testing.personas import World


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The module's shared world, re-read (each test rolls its writes back)."""
    return refreshed(shared_world)


@pytest.fixture
def q(world: World) -> Any:
    """A's quality objects as stored now (deliverable in review, acceptor = A's manager)."""

    class Objects:
        deliverable = Deliverable.objects.get(pk=world.a.obj("deliverable").pk)
        review = QualityReview.objects.get(pk=world.a.obj("review").pk)
        defect = Defect.objects.get(pk=world.a.obj("defect").pk)
        template = ChecklistTemplate.objects.get(pk=world.a.obj("checklist_template").pk)

    return Objects
