"""The audit trail: field-level before/after, the actor, and the same transaction as the change."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

import pytest
from django.core.exceptions import ValidationError

from pmo.core import services as core_services
from pmo.core.audit import diff, json_value, latest_change, snapshot
from pmo.core.choices import AuditAction
from pmo.core.context import request_id_var
from pmo.core.models import AuditRecord
from pmo.core.selectors import history_of
from pmo.projects.services import project_create, project_delete, project_move, project_update

pytestmark = pytest.mark.django_db


def test_json_value_converts_every_kind_of_field_value(world) -> None:
    """Dates, decimals, UUIDs and models become JSON-safe; plain values pass through."""
    uid = uuid.uuid4()
    assert json_value(dt.date(2026, 3, 1)) == "2026-03-01"
    assert json_value(dt.datetime(2026, 3, 1, 12, 30, tzinfo=dt.UTC)) == "2026-03-01T12:30:00+00:00"
    assert json_value(decimal.Decimal("1.50")) == "1.50"
    assert json_value(uid) == str(uid)
    assert json_value(world.users["manager"]) == "Mona Manager"
    assert json_value([1, dt.date(2026, 1, 1)]) == [1, "2026-01-01"]
    assert json_value({"a": decimal.Decimal("2")}) == {"a": "2"}
    assert json_value(None) is None and json_value(True) is True


def test_diff_lists_only_changed_fields() -> None:
    """``diff`` keeps the fields whose value changed, as [before, after]."""
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {"b": [2, 3], "c": [None, 4]}
    assert diff({"a": 1}, {"a": 1}) == {}


def test_create_is_audited_with_actor_and_every_field(world) -> None:
    """Given a manager, when they create a project, then one 'create' record holds each field's value."""
    manager = world.users["manager"]
    project = project_create(
        actor=manager, parent=world.a.program.scope, code="AUD-1", name="Audited", state="planning"
    )
    records = list(history_of(project))
    assert len(records) == 1
    record = records[0]
    assert record.action == AuditAction.CREATE
    assert record.actor == manager
    assert record.scope == project.scope
    assert record.object_uid == project.uid
    assert record.changes["code"] == [None, "AUD-1"]
    assert record.changes["state"] == [None, "planning"]
    assert "version" not in record.changes and "scope" not in record.changes


def test_update_records_field_level_before_and_after(world) -> None:
    """When a manager renames a project and moves its finish date, the record says from what to what."""
    manager = world.users["manager"]
    project = world.a.project
    updated = project_update(
        actor=manager,
        project=project,
        data={"name": "Renamed", "finish_date": dt.date(2026, 6, 30), "state": project.state},
        expected_version=project.version,
    )
    record = latest_change(updated)
    assert record is not None
    assert record.action == AuditAction.UPDATE
    assert record.actor == manager
    assert record.changes == {
        "finish_date": [project.finish_date.isoformat(), "2026-06-30"],
        "name": [project.name, "Renamed"],
    }
    assert updated.version == project.version + 1


def test_update_that_changes_nothing_writes_nothing(world) -> None:
    """An update with the current values neither bumps the version nor writes a record."""
    project = world.a.project
    before = AuditRecord.objects.count()
    same = project_update(
        actor=world.users["manager"], project=project, data={"name": project.name}, expected_version=None
    )
    assert same.version == project.version
    assert AuditRecord.objects.count() == before


def test_request_id_is_kept_in_the_record(world) -> None:
    """The id of the request being served is stored with the record."""
    token = request_id_var.set("req-123")
    try:
        project_update(
            actor=world.users["manager"], project=world.a.project, data={"name": "X"}, expected_version=None
        )
    finally:
        request_id_var.reset(token)
    assert latest_change(world.a.project).request_id == "req-123"


def test_failed_validation_leaves_no_audit_row_and_no_change(world) -> None:
    """When the finish date is before the start, the write fails and nothing is recorded."""
    project = world.a.project
    before = AuditRecord.objects.count()
    with pytest.raises(ValidationError) as error:
        project_update(
            actor=world.users["manager"],
            project=project,
            data={"finish_date": dt.date(2000, 1, 1)},
            expected_version=project.version,
        )
    assert "finish_date" in error.value.message_dict
    assert AuditRecord.objects.count() == before
    project.refresh_from_db()
    assert project.finish_date != dt.date(2000, 1, 1)


def test_failure_after_the_audit_write_rolls_both_back(world, monkeypatch) -> None:
    """The audit record and the change share one transaction: a crash after both undoes both."""
    real_audit_log = core_services.audit_log

    def audit_then_crash(**kwargs):
        real_audit_log(**kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(core_services, "audit_log", audit_then_crash)
    project = world.a.project
    before = AuditRecord.objects.count()
    with pytest.raises(RuntimeError):
        project_update(
            actor=world.users["manager"], project=project, data={"name": "Lost"}, expected_version=None
        )
    assert AuditRecord.objects.count() == before
    project.refresh_from_db()
    assert project.name != "Lost"


def test_move_is_audited_with_labels_and_note(world) -> None:
    """A move records the old and new parents as readable labels, and the user's note."""
    manager = world.users["manager"]
    project = world.a.project
    project.assignments.all().delete()  # assignments keep a project in its portfolio's pool
    old_program = str(world.a.program)
    moved = project_move(
        actor=manager,
        project=project,
        new_parent=world.a.subportfolio.scope,
        expected_version=project.version,
        note="re-organisation",
    )
    record = latest_change(moved)
    assert record.action == AuditAction.MOVE
    assert record.note == "re-organisation"
    assert record.changes["program"] == [old_program, None]
    assert record.changes["portfolio"] == [str(world.a.portfolio), str(world.a.subportfolio)]


def test_delete_is_audited_with_the_last_values(world) -> None:
    """Deleting keeps a record of the values the object had, attached to the parent scope."""
    project = world.a.project_direct
    values = snapshot(project)
    project_delete(actor=world.users["manager"], project=project, expected_version=project.version)
    record = AuditRecord.objects.filter(object_uid=project.uid, action=AuditAction.DELETE).get()
    assert record.changes["name"] == [values["name"], None]
    assert record.scope == world.a.portfolio.scope
    assert record.actor == world.users["manager"]


def test_history_is_newest_first(world) -> None:
    """``history_of`` lists an object's records newest first."""
    project = world.a.project
    for name in ("One", "Two"):
        project = project_update(
            actor=world.users["manager"], project=project, data={"name": name}, expected_version=None
        )
    actions = [(r.action, r.changes.get("name", [None, None])[1]) for r in history_of(project)]
    assert actions[:2] == [(AuditAction.UPDATE, "Two"), (AuditAction.UPDATE, "One")]
    assert actions[-1][0] == AuditAction.CREATE
