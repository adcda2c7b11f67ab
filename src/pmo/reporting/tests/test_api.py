"""``/api/v1/status-reports/`` and ``/api/v1/reporting-settings/``: scoped reads, drafting, overrides
that need a comment, submission with If-Match, a second submission refused with nothing changed.

Answers are validated against ``schema/openapi.yaml`` once it documents these endpoints (the lead
regenerates it); until then the check is skipped for them.
"""

from __future__ import annotations

from typing import Any

import pytest

from pmo.reporting.models import ReportingSettings, StatusReport
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import SCHEMA_PATH, SchemaCheckedClient, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
API = "/api/v1/"
DOCUMENTED = "/api/v1/status-reports/" in SCHEMA_PATH.read_text(encoding="utf-8")


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        client = schema_client(world, persona)
        client.check_schema = DOCUMENTED
        return client

    return make


def fields(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json", response.content
    return {error["field"] for error in response.json()["errors"]}


def world_report(world: World) -> StatusReport:
    return StatusReport.objects.get(pk=world.a.obj("status_report").pk)


def test_reports_list_is_scoped(world: World, as_: Any) -> None:
    listed = as_("viewer").get(f"{API}status-reports/")
    uids = {row["uid"] for row in listed.json()["results"]}
    assert str(world.a.obj("status_report").uid) in uids
    assert str(world.b.obj("status_report").uid) not in uids
    assert as_("viewer").get(f"{API}status-reports/{world.b.obj('status_report').uid}/").status_code == 404


def test_manager_drafts_overrides_and_submits_through_the_api(world: World, as_: Any) -> None:
    client = as_("manager")
    created = client.post(
        f"{API}status-reports/", {"project": str(world.a.project_direct.uid)}, format="json"
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "draft" and data["risk_rag"] == "grey"
    url = f"{API}status-reports/{data['uid']}/"
    refused = client.patch(url, {"cost_override": "red"}, format="json", headers={"If-Match": data["etag"]})
    assert refused.status_code == 400 and fields(refused) == {"cost_comment"}
    changed = client.patch(
        url,
        {"cost_override": "red", "cost_comment": "Overrun", "decisions_needed": "Approve change"},
        format="json",
        headers={"If-Match": data["etag"]},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["cost_override"] == "red"
    assert client.post(f"{url}submit/", {}, format="json").status_code == 428
    done = client.post(f"{url}submit/", {}, format="json", headers={"If-Match": changed.json()["etag"]})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "submitted"
    assert done.json()["snapshot"]["narrative"]["decisions_needed"] == "Approve change"


def test_a_second_submission_is_refused_naming_the_status_and_nothing_changes(world: World, as_: Any) -> None:
    report = world_report(world)
    client = as_("manager")
    url = f"{API}status-reports/{report.uid}/submit/"
    first = client.post(url, {}, format="json", headers={"If-Match": report.etag})
    assert first.status_code == 200
    before = db_fingerprint()
    again = client.post(url, {}, format="json", headers={"If-Match": first.json()["etag"]})
    assert again.status_code == 400
    assert fields(again) == {"status"}
    assert "This report was already submitted on" in again.content.decode()
    assert_fingerprint_unchanged(before)


def test_drafted_fields_are_read_only(world: World, as_: Any) -> None:
    report = world_report(world)
    before = db_fingerprint()
    refused = as_("manager").patch(
        f"{API}status-reports/{report.uid}/",
        {"schedule_rag": "green", "status": "submitted"},
        format="json",
        headers={"If-Match": report.etag},
    )
    assert refused.status_code == 400
    assert {"schedule_rag", "status"} <= fields(refused)
    assert_fingerprint_unchanged(before)


def test_viewers_cannot_draft(world: World, as_: Any) -> None:
    body = {"project": str(world.a.project.uid)}
    assert as_("viewer").post(f"{API}status-reports/", body, format="json").status_code == 403


def test_settings_change_with_a_bad_rule_is_refused_by_name(world: World, as_: Any) -> None:
    settings = ReportingSettings.objects.get(project=world.a.project)
    url = f"{API}reporting-settings/{settings.uid}/"
    client = as_("manager")
    before = db_fingerprint()
    refused = client.patch(
        url,
        {"thresholds": {"schedule": {"spi_amber": 20}}},
        format="json",
        headers={"If-Match": settings.etag},
    )
    assert refused.status_code == 400
    assert fields(refused) == {"thresholds.schedule.spi_amber"}
    assert_fingerprint_unchanged(before)
    changed = client.patch(
        url, {"cadence": "fortnightly"}, format="json", headers={"If-Match": settings.etag}
    )
    assert changed.status_code == 200 and changed.json()["cadence"] == "fortnightly"
