"""Project pages: status per role, forms that name the field and write nothing, stale edits,
audited moves, members and htmx fragments. The generic views they use serve every level."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from pmo.accounts.models import Membership
from pmo.core.models import AuditRecord
from pmo.projects.models import Project
from pmo.projects.services import project_update

pytestmark = pytest.mark.django_db


def url(name: str, obj: Any, **extra: Any) -> str:
    return reverse(f"projects:{name}", kwargs={"uid": obj.uid, **extra})


def form_data(obj: Any, **overrides: Any) -> dict[str, Any]:
    """The edit form as the browser would post it, unchanged unless overridden."""
    data = {
        "code": obj.code,
        "name": obj.name,
        "description": obj.description,
        "owner": obj.owner_id or "",
        "state": obj.state,
        "start_date": obj.start_date.isoformat() if obj.start_date else "",
        "finish_date": obj.finish_date.isoformat() if obj.finish_date else "",
        "version": obj.version,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("viewer", 200),
        ("contributor", 200),
        ("manager", 200),
        ("pmo_admin", 200),
        ("outsider", 404),
        ("no_role", 404),
    ],
)
@pytest.mark.parametrize("page", ["detail", "history", "members"])
def test_reading_pages_follow_scope(world, persona_client, persona, expected, page):
    # Given a project in portfolio A / When each persona opens its pages / Then scope decides
    response = persona_client(persona).get(url(page, world.a.project))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("viewer", 403), ("contributor", 403), ("manager", 200), ("pmo_admin", 200), ("outsider", 404)],
)
@pytest.mark.parametrize("page", ["edit", "move", "delete"])
def test_manager_pages_need_the_manager_role(world, persona_client, persona, expected, page):
    response = persona_client(persona).get(url(page, world.a.project))
    assert response.status_code == expected
    if expected == 403:
        assert "You do not have the role for this" in response.content.decode()


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(url("detail", world.a.project))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_out_of_scope_project_is_404_without_leaking(world, persona_client):
    response = persona_client("manager").get(url("detail", world.b.project))
    assert response.status_code == 404
    body = response.content.decode()
    assert not any(canary in body for canary in world.canaries_b)
    assert "Traceback" not in body


def test_workspace_shows_fields_and_parent(world, persona_client):
    project = world.a.project
    response = persona_client("viewer").get(url("detail", project))
    body = response.content.decode()
    assert project.name in body
    assert project.code in body
    assert reverse("programs:detail", kwargs={"uid": world.a.program.uid}) in body
    # A viewer sees no edit buttons.
    assert url("edit", project) not in body


def test_list_filters_by_state_and_searches(world, persona_client):
    client = persona_client("viewer")
    response = client.get(reverse("projects:list"), {"state": "on_hold"})
    assert response.status_code == 200
    body = response.content.decode()
    assert world.a.project_sub.code in body
    assert world.a.project.code not in body
    assert world.b.project_sub.code not in body
    response = client.get(reverse("projects:list"), {"search": world.a.project_direct.code.lower()})
    assert [obj.pk for obj, _ in response.context["rows"]] == [world.a.project_direct.pk]


def test_list_htmx_request_returns_only_the_results(world, persona_client):
    response = persona_client("viewer").get(
        reverse("projects:list"), {"ordering": "-name"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode().strip()
    assert response.status_code == 200
    assert body.startswith('<div id="results"')
    assert "<html" not in body


def test_list_rejects_an_unknown_ordering_naming_it(world, persona_client):
    response = persona_client("viewer").get(reverse("projects:list"), {"ordering": "owner__password"})
    assert response.status_code == 400
    assert "ordering" in response.context["filter_form"].errors


def test_edit_saves_through_the_service_and_audits(world, persona_client):
    project = world.a.project
    response = persona_client("manager").post(url("edit", project), form_data(project, name="Renamed portal"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "Renamed portal"
    record = AuditRecord.objects.filter(object_uid=project.uid, action="update").first()
    assert record is not None
    assert record.changes["name"][1] == "Renamed portal"
    assert record.actor == world.users["manager"]


def test_bad_input_names_the_fields_and_writes_nothing(world, persona_client, fingerprint):
    project = world.a.project
    client = persona_client("manager")
    before = fingerprint()
    data = form_data(project, code="no spaces allowed", start_date="2026-05-01", finish_date="2026-04-01")
    response = client.post(url("edit", project), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"code", "finish_date"}
    body = response.content.decode()
    assert "Please correct 2 problems" in body
    assert re.search(r'aria-describedby="[^"]*\bid_code_error\b', body)
    assert 'id="id_code_error"' in body
    assert fingerprint() == before


def test_edit_sets_the_leveling_priority_and_the_overview_shows_it(world, persona_client):
    # Given A's project at the default priority
    project = world.a.project
    client = persona_client("manager")
    assert project.priority == 500
    assert 'name="priority" value="500"' in client.get(url("edit", project)).content.decode()

    # When the manager raises it to 900
    response = client.post(url("edit", project), form_data(project, priority="900"))

    # Then it is saved through the service, audited, and shown on the overview
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.priority == 900
    record = AuditRecord.objects.get(object_uid=project.uid, action="update")
    assert record.changes["priority"] == [500, 900]
    body = persona_client("viewer").get(url("detail", project)).content.decode()
    assert re.search(r"<dt>Leveling priority</dt><dd>900</dd>", body)


def test_an_empty_priority_keeps_the_stored_one(world, persona_client):
    project = world.a.project
    project = project_update(
        actor=world.users["manager"], project=project, data={"priority": 700}, expected_version=None
    )
    response = persona_client("manager").post(url("edit", project), form_data(project, name="Renamed"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.priority) == ("Renamed", 700)


@pytest.mark.parametrize("value", ["1001", "-1", "high"])
def test_a_priority_outside_0_to_1000_names_the_field_and_writes_nothing(
    world, persona_client, fingerprint, value
):
    project = world.a.project
    before = fingerprint()
    response = persona_client("manager").post(url("edit", project), form_data(project, priority=value))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"priority"}
    body = response.content.decode()
    assert 'id="id_priority_error"' in body
    assert '<a href="#id_priority">Leveling priority: ' in body
    assert fingerprint() == before


def test_the_service_refuses_a_priority_above_1000_by_name(world, fingerprint):
    from django.core.exceptions import ValidationError

    before = fingerprint()
    with pytest.raises(ValidationError) as refused:
        project_update(
            actor=world.users["manager"],
            project=world.a.project,
            data={"priority": 1001},
            expected_version=None,
        )
    assert "priority" in refused.value.message_dict
    assert fingerprint() == before


def test_stale_edit_says_who_changed_what_and_keeps_the_input(world, persona_client):
    # Given the manager opened the form at version v, and the admin then changed the state
    project = world.a.project
    read_version = project.version
    project_update(
        actor=world.users["pmo_admin"],
        project=project,
        data={"state": "on_hold"},
        expected_version=read_version,
    )
    # When the manager submits their (now stale) edit
    client = persona_client("manager")
    response = client.post(url("edit", project), form_data(project, name="My new name", version=read_version))
    # Then nothing is overwritten and the page says who changed which field
    assert response.status_code == 409
    body = response.content.decode()
    assert "Pat Admin" in body
    assert "<strong>State</strong>" in body
    assert 'value="My new name"' in body
    project.refresh_from_db()
    assert project.name != "My new name"
    assert project.state == "on_hold"
    # And submitting again (the form now carries the current version) saves deliberately
    resubmit = response.context["form"].data.dict()
    assert resubmit["version"] == str(project.version)
    assert client.post(url("edit", project), resubmit).status_code == 302
    project.refresh_from_db()
    assert project.name == "My new name"


def test_move_offers_only_managed_places_and_is_audited(world, persona_client):
    project = world.a.project_direct
    client = persona_client("manager")
    page = client.get(url("move", project))
    offered = dict(page.context["form"].fields["destination"].choices)
    assert str(world.a.program.uid) in offered
    assert str(world.b.program.uid) not in offered
    assert str(world.a.portfolio.uid) not in offered  # its current place
    response = client.post(
        url("move", project),
        {
            "destination": str(world.a.program.uid),
            "note": "Belongs to the program",
            "version": project.version,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.program == world.a.program
    record = AuditRecord.objects.get(object_uid=project.uid, action="move")
    assert record.note == "Belongs to the program"
    assert record.changes["program"] == [None, str(world.a.program)]


def test_move_to_a_place_outside_the_scope_writes_nothing(world, persona_client, fingerprint):
    project = world.a.project_direct
    before = fingerprint()
    response = persona_client("manager").post(
        url("move", project), {"destination": str(world.b.program.uid), "version": project.version}
    )
    assert response.status_code == 400
    assert "destination" in response.context["form"].errors
    assert fingerprint() == before


def test_create_project_in_a_program(world, persona_client):
    program = world.a.program
    response = persona_client("manager").post(
        reverse("projects:create", kwargs={"uid": program.uid}),
        {"code": "NEW-1", "name": "New intake", "state": "proposed", "description": ""},
    )
    assert response.status_code == 302
    project = Project.objects.get(code="NEW-1")
    assert project.program == program
    assert project.portfolio == world.a.portfolio
    assert project.priority == 500


def test_create_with_a_priority(world, persona_client):
    client = persona_client("manager")
    create = reverse("projects:create", kwargs={"uid": world.a.program.uid})
    assert 'name="priority" value="500"' in client.get(create).content.decode()
    response = client.post(
        create, {"code": "NEW-3", "name": "Urgent", "state": "proposed", "priority": "1000"}
    )
    assert response.status_code == 302
    assert Project.objects.get(code="NEW-3").priority == 1000


def test_create_with_a_priority_above_1000_names_the_field_and_writes_nothing(
    world, persona_client, fingerprint
):
    before = fingerprint()
    response = persona_client("manager").post(
        reverse("projects:create", kwargs={"uid": world.a.program.uid}),
        {"code": "NEW-4", "name": "Too urgent", "state": "proposed", "priority": "1001"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"priority"}
    assert fingerprint() == before


@pytest.mark.parametrize(("persona", "expected"), [("viewer", 403), ("outsider", 404), ("manager", 200)])
def test_create_page_per_role(world, persona_client, persona, expected):
    response = persona_client(persona).get(reverse("projects:create", kwargs={"uid": world.a.portfolio.uid}))
    assert response.status_code == expected


def test_create_with_missing_name_names_the_field(world, persona_client, fingerprint):
    before = fingerprint()
    response = persona_client("manager").post(
        reverse("projects:create", kwargs={"uid": world.a.program.uid}),
        {"code": "NEW-2", "state": "proposed"},
    )
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert fingerprint() == before


def test_delete_needs_post_and_the_manager_role(world, persona_client):
    project = world.a.project
    assert (
        persona_client("viewer").post(url("delete", project), {"version": project.version}).status_code == 403
    )
    assert Project.objects.filter(pk=project.pk).exists()
    response = persona_client("manager").post(url("delete", project), {"version": project.version})
    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def test_history_tab_is_an_htmx_fragment_of_the_same_template(world, persona_client):
    project = world.a.project
    client = persona_client("viewer")
    fragment = client.get(url("history", project), HTTP_HX_REQUEST="true")
    body = fragment.content.decode().strip()
    assert fragment.status_code == 200
    assert body.startswith('<div id="tabs">')
    assert "<html" not in body
    assert "Created" in body
    assert "HX-Request" in fragment["Vary"]
    full = client.get(url("history", project))
    assert "<html" in full.content.decode()
    # A history-restore request (browser back button) needs the whole page.
    restore = client.get(
        url("history", project), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.content.decode()


def test_history_shows_field_level_before_and_after(world, persona_client):
    project = world.a.project
    project_update(
        actor=world.users["manager"],
        project=project,
        data={"name": "Portal v2"},
        expected_version=project.version,
    )
    body = persona_client("viewer").get(url("history", project)).content.decode()
    assert "Portal v2" in body
    assert "Mona Manager" in body


def test_members_tab_marks_inherited_roles(world, persona_client):
    response = persona_client("viewer").get(url("members", world.a.project))
    rows = response.context["member_rows"]
    manager_row = next(row for row in rows if row["who"] == world.users["manager"])
    assert manager_row["direct"] is False
    assert manager_row["source"].label == world.a.portfolio.name
    assert response.context["grant_form"] is None  # viewers cannot grant


def test_manager_grants_changes_and_revokes_a_role(world, persona_client):
    project = world.a.project
    client = persona_client("manager")
    contributor = world.users["contributor"]
    response = client.post(url("members", project), {"user": contributor.pk, "role": "viewer"})
    assert response.status_code == 302
    membership = Membership.objects.get(scope=project.scope, user=contributor)
    prefix = f"m-{membership.uid}"
    response = client.post(
        url("member_edit", project, membership_uid=membership.uid),
        {f"{prefix}-role": "manager", f"{prefix}-version": membership.version},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "manager"
    response = client.post(
        url("member_revoke", project, membership_uid=membership.uid),
        {f"{prefix}-version": membership.version},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_grant_without_person_or_team_names_the_field(world, persona_client, fingerprint):
    before = fingerprint()
    response = persona_client("manager").post(url("members", world.a.project), {"role": "viewer"})
    assert response.status_code == 400
    assert "user" in response.context["grant_form"].errors
    assert fingerprint() == before


def test_viewer_cannot_grant(world, persona_client):
    response = persona_client("viewer").post(
        url("members", world.a.project), {"user": world.users["viewer"].pk, "role": "manager"}
    )
    assert response.status_code == 403


def test_membership_of_another_scope_is_404(world, persona_client):
    # The portfolio membership exists, but not on this project: the nested id must match the scope.
    membership = world.a.membership
    response = persona_client("manager").post(
        url("member_revoke", world.a.project, membership_uid=membership.uid),
        {f"m-{membership.uid}-version": 1},
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
