"""Lesson services: roles, audit, validation (naming the field, writing nothing), stale versions,
and the search index following every write."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.selectors import history_of
from pmo.knowledge.models import Lesson
from pmo.knowledge.selectors import lessons_search
from pmo.knowledge.services import lesson_create, lesson_delete, lesson_update
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def record(world: World, persona: str = "contributor", **fields: Any) -> Lesson:
    values = {"title": "Late vendor", "what_happened": "The vendor shipped late."} | fields
    return lesson_create(actor=world.users[persona], project=world.a.project, **values)


def titles(world: World, query: str, persona: str = "viewer") -> list[str]:
    return [hit.lesson.title for hit in lessons_search(world.users[persona], query)]


def test_contributor_records_a_lesson_audited_with_clean_tags(world: World) -> None:
    lesson = record(world, tags=[" Vendor ", "vendor", "Go-Live"], category="procurement")
    assert lesson.tags == ["vendor", "go-live"]
    assert lesson.created_by == world.users["contributor"]
    assert lesson.scope == world.a.project.scope
    created = history_of(lesson).get()
    assert created.action == "create" and created.changes["title"] == [None, "Late vendor"]


def test_viewer_cannot_record_and_nothing_is_written(world: World) -> None:
    before = db_fingerprint()
    with pytest.raises(PermissionDenied):
        record(world, "viewer")
    assert_fingerprint_unchanged(before)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"tags": ["ok", "<script>"]}, "tags"),
        ({"tags": [f"t{i}" for i in range(13)]}, "tags"),
        ({"tags": ["x" * 41]}, "tags"),
        ({"category": "gossip"}, "category"),
        ({"kind": "meh"}, "kind"),
        ({"what_happened": "   "}, "what_happened"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, fields: dict[str, Any], field: str
) -> None:
    before = db_fingerprint()
    with pytest.raises(ValidationError) as error:
        record(world, **fields)
    assert field in error.value.message_dict
    assert_fingerprint_unchanged(before)


def test_update_is_audited_reindexed_and_checks_the_version(world: World) -> None:
    lesson = record(world, recommendation="Order early")
    assert titles(world, "zebra") == []
    updated = lesson_update(
        actor=world.users["contributor"],
        lesson=lesson,
        data={"recommendation": "Ask the zebra team first"},
        expected_version=lesson.version,
    )
    assert updated.version == lesson.version + 1
    assert history_of(updated).first().changes == {  # type: ignore[union-attr]
        "recommendation": ["Order early", "Ask the zebra team first"]
    }
    assert titles(world, "zebra") == ["Late vendor"]
    assert titles(world, "early") == []
    with pytest.raises(StaleVersionError):
        lesson_update(
            actor=world.users["contributor"],
            lesson=updated,
            data={"title": "x"},
            expected_version=lesson.version,
        )
    with pytest.raises(DomainRuleError) as refused:
        lesson_update(
            actor=world.users["contributor"], lesson=updated, data={"project": None}, expected_version=None
        )
    assert refused.value.field == "project"


def test_only_managers_delete_and_the_lesson_leaves_the_index(world: World) -> None:
    lesson = record(world, title="Quokka incident")
    with pytest.raises(PermissionDenied):
        lesson_delete(actor=world.users["contributor"], lesson=lesson, expected_version=lesson.version)
    assert titles(world, "quokka") == ["Quokka incident"]
    lesson_delete(actor=world.users["manager"], lesson=lesson, expected_version=lesson.version)
    assert not Lesson.objects.filter(pk=lesson.pk).exists()
    assert titles(world, "quokka") == []
    assert history_of(lesson).first().action == "delete"  # type: ignore[union-attr]
