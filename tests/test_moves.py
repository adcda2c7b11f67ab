"""Moves across scopes (SECURITY.md A6): both ends are checked, and the audit row records the move."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pmo.core.audit import latest_change
from pmo.core.choices import AuditAction
from pmo.projects.models import Project
from pmo.testing.fingerprint import db_fingerprint, fingerprint_diff

pytestmark = pytest.mark.django_db


def _move(client, project: Project, body: dict) -> object:
    url = reverse("api:project-move", kwargs={"uid": project.uid})
    return client.post(url, body, format="json", HTTP_IF_MATCH=project.etag)


@pytest.mark.parametrize("target", ["program", "portfolio"])
def test_manager_of_a_cannot_move_into_b(world, api_client, target) -> None:
    """A's manager moving an A project under B's program or portfolio: refused, nothing written."""
    before = db_fingerprint()
    destination = world.b.program if target == "program" else world.b.portfolio
    response = _move(api_client("manager"), world.a.project, {target: str(destination.uid)})
    assert response.status_code in (400, 403, 404)
    assert not fingerprint_diff(before, db_fingerprint())


def test_manager_of_a_cannot_move_a_b_project_out(world, api_client) -> None:
    """A B project is invisible to A's manager: 404, even towards A."""
    before = db_fingerprint()
    response = _move(api_client("manager"), world.b.project, {"portfolio": str(world.a.portfolio.uid)})
    assert response.status_code == 404
    assert not fingerprint_diff(before, db_fingerprint())


def test_web_move_form_offers_and_accepts_only_managed_destinations(world, persona_client) -> None:
    """The move page lists A's places only; posting B's program is a 400 naming the field."""
    client = persona_client("manager")
    url = reverse("projects:move", kwargs={"uid": world.a.project.uid})
    page = client.get(url).content.decode()
    assert str(world.b.program.uid) not in page and world.b.program.name not in page
    before = db_fingerprint()
    response = client.post(
        url, {"destination": str(world.b.program.uid), "version": world.a.project.version, "note": "x"}
    )
    assert response.status_code == 400
    assert 'href="#id_destination"' in response.content.decode() or "destination" in response.content.decode()
    assert not fingerprint_diff(before, db_fingerprint())


def test_admin_moves_across_portfolios_and_the_audit_row_says_so(world, api_client) -> None:
    """Allowed on both ends (PMO admin): the project lands in B and its history records the move.
    (Its resource assignments, which draw on A's pool, are removed first: a project with
    assignments stays in its portfolio, see pmo/resources/tests/test_pool_boundaries.py.)"""
    world.a.project.assignments.all().delete()
    response = _move(
        api_client("pmo_admin"), world.a.project, {"program": str(world.b.program.uid), "note": "merger"}
    )
    assert response.status_code == 200
    project = Project.objects.get(pk=world.a.project.pk)
    assert project.program == world.b.program and project.portfolio == world.b.portfolio
    record = latest_change(project)
    assert record.action == AuditAction.MOVE and record.note == "merger"
    assert record.actor == world.users["pmo_admin"]
