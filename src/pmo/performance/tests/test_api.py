"""The earned-value API: roll-ups, earning rules with If-Match, refusals by field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pmo.performance.models import EarningRule
from pmo.projects.models import Project, Task
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def test_the_program_roll_up_sums_its_projects(fence: Project, world: World, api_client) -> None:
    body = (
        api_client("viewer")
        .get(reverse("api:program-ev-earned-value", kwargs={"uid": world.a.program.uid}))
        .json()
    )
    codes = [p["code"] for p in body["projects"]]
    assert fence.code in codes
    total_ac = sum(float(p["figures"]["ac"]) for p in body["projects"])
    assert float(body["figures"]["ac"]) == pytest.approx(total_ac)
    ev = sum(float(p["figures"]["ev"]) for p in body["projects"])
    assert body["figures"]["cpi"] == pytest.approx(round(ev / total_ac, 4))


def test_another_portfolio_answers_404(world: World, api_client) -> None:
    response = api_client("viewer").get(
        reverse("api:portfolio-ev-earned-value", kwargs={"uid": world.b.portfolio.uid})
    )
    assert response.status_code == 404


def test_a_manager_creates_changes_and_deletes_a_rule(fence: Project, api_client) -> None:
    client = api_client("manager")
    side4 = Task.objects.get(project=fence, name="Side 4")
    created = client.post(
        reverse("api:earning-rule-list"), {"task": str(side4.uid), "method": "50/50"}, format="json"
    )
    assert created.status_code == 201, created.content
    detail = reverse("api:earning-rule-detail", kwargs={"uid": created.json()["uid"]})
    steps = [{"name": "Posts", "weight": 1, "achieved": "2026-01-08"}, {"name": "Rails", "weight": 3}]
    changed = client.put(
        detail, {"method": "milestones", "milestones": steps}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["milestones"][0] == {"name": "Posts", "weight": 1.0, "achieved": "2026-01-08"}
    deleted = client.delete(detail, HTTP_IF_MATCH=changed["ETag"])
    assert deleted.status_code == 204
    assert not EarningRule.objects.filter(task=side4).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"method": "80/20"}, "method"),
        ({"method": "milestones", "milestones": [{"name": "A", "weight": -1}]}, "milestones"),
        ({"method": "milestones", "milestones": []}, "milestones"),
    ],
)
def test_bad_rules_are_refused_by_field_and_change_nothing(fence: Project, api_client, body, field) -> None:
    side4 = Task.objects.get(project=fence, name="Side 4")
    before = db_fingerprint()
    response = api_client("manager").post(
        reverse("api:earning-rule-list"), {"task": str(side4.uid), **body}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in response.content.decode()
    assert_fingerprint_unchanged(before)
