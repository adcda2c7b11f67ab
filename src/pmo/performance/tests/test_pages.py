"""The Earned value section and the roll-up pages: figures, the S-curve data, earning-rule form."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from pmo.performance.models import EarningRule
from pmo.projects.models import Project, Task
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def _chart(page: str) -> dict:
    marker = '<script id="ev-chart-data" type="application/json">'
    start = page.index(marker) + len(marker)
    return json.loads(page[start : page.index("</script>", start)])


def test_a_viewer_sees_the_figures_and_the_s_curve_without_the_form(fence: Project, persona_client) -> None:
    page = (
        persona_client("viewer")
        .get(reverse("performance:project", kwargs={"uid": fence.uid}))
        .content.decode()
    )

    assert "4480.00 EUR" in page and "2800.00 EUR" in page
    chart = _chart(page)
    names = [trace["name"] for trace in chart["data"]]
    assert names[:3] == ["Planned value (PV)", "Earned value (EV)", "Actual cost (AC)"]
    assert chart["data"][3]["y"] == [2800.0, 4480.0]  # the forecast runs from AC to EAC
    assert "Set method" not in page


def test_a_manager_sets_a_method_and_ev_changes(fence: Project, persona_client) -> None:
    client = persona_client("manager")
    side3 = Task.objects.get(project=fence, name="Side 3")
    response = client.post(
        reverse("performance:rule_set", kwargs={"uid": fence.uid}),
        {"task": str(side3.uid), "method": "0/100", "milestones": ""},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2000.00 EUR" in page  # EV without the half-done side
    assert EarningRule.objects.get(task=side3).method == "0/100"


def test_weighted_milestones_without_weights_are_refused_by_name(fence: Project, persona_client) -> None:
    side3 = Task.objects.get(project=fence, name="Side 3")
    before = db_fingerprint()
    response = persona_client("manager").post(
        reverse("performance:rule_set", kwargs={"uid": fence.uid}),
        {"task": str(side3.uid), "method": "milestones", "milestones": "Posts: 0"},
    )
    assert response.status_code == 400
    assert "total weight above zero" in response.content.decode()
    assert_fingerprint_unchanged(before)


def test_a_contributor_may_not_set_a_method(fence: Project, persona_client) -> None:
    side3 = Task.objects.get(project=fence, name="Side 3")
    response = persona_client("contributor").post(
        reverse("performance:rule_set", kwargs={"uid": fence.uid}),
        {"task": str(side3.uid), "method": "0/100"},
    )
    assert response.status_code == 403


def test_program_and_portfolio_pages_list_their_projects(
    fence: Project, world: World, persona_client
) -> None:
    client = persona_client("viewer")
    for name, uid in (("program", world.a.program.uid), ("portfolio", world.a.portfolio.uid)):
        page = client.get(reverse(f"performance:{name}", kwargs={"uid": uid})).content.decode()
        assert fence.code in page and "4480.00" in page
        assert 'id="ev-chart-data"' in page


def test_the_api_gives_the_project_figures_and_curve(fence: Project, api_client) -> None:
    body = api_client("viewer").get(reverse("api:project-ev-earned-value", kwargs={"uid": fence.uid})).json()
    assert body["figures"]["eac"] == "4480.00" and body["figures"]["cpi"] == 0.8929
    assert body["series"]["pv"] == [3000.0, 4000.0]
