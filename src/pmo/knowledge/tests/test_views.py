"""Lessons pages: the section (with the prompt on a closed project), the form (bad input, stale
version), delete, and the search page across projects (htmx results, scope)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.knowledge.models import Lesson
from pmo.knowledge.services import lesson_update
from pmo.projects.models import Project
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def url(name: str, project: Any, **kwargs: Any) -> str:
    return reverse(f"knowledge:{name}", kwargs={"uid": project.uid, **kwargs})


def form_data(**fields: Any) -> dict[str, Any]:
    return {
        "title": "Vendor onboarding",
        "kind": "to_improve",
        "category": "procurement",
        "what_happened": "Accounts took a month.",
        "tags": "vendor, Onboarding",
    } | fields


def test_section_lists_lessons_and_actions_follow_the_role(world: World) -> None:
    lesson = world.a.obj("lesson")
    viewer_page = client_for(world, "viewer").get(url("lessons", world.a.project)).content.decode()
    assert lesson.title in viewer_page and "Record a lesson" not in viewer_page
    contributor_page = client_for(world, "contributor").get(url("lessons", world.a.project)).content.decode()
    assert url("lesson_create", world.a.project) in contributor_page
    assert url("lesson_delete", world.a.project, lesson_uid=lesson.uid) not in contributor_page
    manager_page = client_for(world, "manager").get(url("lessons", world.a.project)).content.decode()
    assert url("lesson_delete", world.a.project, lesson_uid=lesson.uid) in manager_page


@pytest.mark.parametrize(("state", "prompted"), [("completed", True), ("cancelled", True), ("active", False)])
def test_closed_project_without_lessons_prompts(world: World, state: str, prompted: bool) -> None:
    project = world.a.project_direct
    Project.objects.filter(pk=project.pk).update(state=state)
    page = client_for(world, "contributor").get(url("lessons", project)).content.decode()
    assert ("data-lessons-prompt" in page) is prompted
    closed_with_lesson = client_for(world, "contributor").get(url("lessons", world.a.project))
    assert "data-lessons-prompt" not in closed_with_lesson.content.decode()


def test_contributor_records_a_lesson_through_the_form(world: World) -> None:
    response = client_for(world, "contributor").post(url("lesson_create", world.a.project), form_data())
    assert response.status_code == 302 and response["Location"] == url("lessons", world.a.project)
    lesson = Lesson.objects.get(title="Vendor onboarding")
    assert lesson.tags == ["vendor", "onboarding"] and lesson.project == world.a.project


def test_bad_input_is_shown_at_its_field(world: World) -> None:
    response = client_for(world, "contributor").post(
        url("lesson_create", world.a.project), form_data(tags="fine, <bad>")
    )
    assert response.status_code == 400
    assert "may only hold letters" in response.content.decode()
    assert not Lesson.objects.filter(title="Vendor onboarding").exists()


def test_stale_edit_answers_409_and_keeps_the_input(world: World) -> None:
    lesson = Lesson.objects.get(pk=world.a.obj("lesson").pk)
    read_version = lesson.version
    lesson_update(
        actor=world.users["manager"],
        lesson=lesson,
        data={"title": "Changed meanwhile"},
        expected_version=None,
    )
    response = client_for(world, "contributor").post(
        url("lesson_edit", world.a.project, lesson_uid=lesson.uid),
        form_data(version=read_version, title="My edit"),
    )
    assert response.status_code == 409
    assert "My edit" in response.content.decode()
    assert Lesson.objects.get(pk=lesson.pk).title == "Changed meanwhile"


def test_manager_deletes_a_lesson(world: World) -> None:
    lesson = world.a.obj("lesson")
    response = client_for(world, "manager").post(
        url("lesson_delete", world.a.project, lesson_uid=lesson.uid), {"version": lesson.version}
    )
    assert response.status_code == 302
    assert not Lesson.objects.filter(pk=lesson.pk).exists()


def test_search_page_shows_project_code_and_snippet_within_scope(world: World) -> None:
    client = client_for(world, "viewer")
    search = reverse("knowledge:search")
    page = client.get(search, {"q": "supplier"}).content.decode()
    assert world.a.project.code in page and "<mark>supplier</mark>" in page.lower()
    assert world.b.project.code not in page
    assert not any(canary in page for canary in world.b.canaries)
    fragment = client.get(search, {"q": "supplier", "category": "cost"}, headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert body.lstrip().startswith('<div id="lesson-results">') and "No lessons match" in body
    assert client.get(search, {"category": "nonsense"}).status_code == 400


def test_overview_prompt_tag_follows_state_lessons_and_role(world: World) -> None:
    from django.template import Context, Template

    tag = Template("{% load lessons %}{% lessons_prompt project %}")
    project = Project.objects.get(pk=world.a.project_direct.pk)

    def render(persona: str) -> str:
        return tag.render(Context({"project": project, "user": world.users[persona]}))

    assert "data-lessons-prompt" not in render("contributor")
    project.state = "completed"
    assert "Record a lesson" in render("contributor")
    assert "data-lessons-prompt" in render("viewer") and "Record a lesson" not in render("viewer")
    with_lesson = Project.objects.get(pk=world.a.project.pk)
    with_lesson.state = "completed"
    assert "data-lessons-prompt" not in tag.render(
        Context({"project": with_lesson, "user": world.users["viewer"]})
    )
