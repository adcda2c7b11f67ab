"""Services of leveling: preview, apply, discard, undo; priorities, "do not level", refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pmo.core.errors import DomainRuleError
from pmo.core.models import AuditRecord
from pmo.engine.leveling import validate
from pmo.leveling.adapters import build_plan, projects_in
from pmo.leveling.choices import RunStatus
from pmo.leveling.services import leveling_apply, leveling_discard, leveling_preview, leveling_undo
from pmo.leveling.tests.conftest import Plan, make_plan
from pmo.projects.models import Task
from pmo.projects.services import task_update

pytestmark = pytest.mark.django_db


def local(value: dt.datetime | None) -> str:
    """A stored datetime as local wall-clock text."""
    assert value is not None
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def test_one_person_on_two_overlapping_tasks_is_levelled_and_explained(plan: Plan) -> None:
    # Given Ada full time on Build and Test, both starting Monday 2 March
    problem = build_plan(projects_in(plan.project.scope)).problem
    before = {t.key: t.release for t in problem.tasks}
    assert any(v.kind == "capacity" for v in validate(problem, before))

    # When the manager levels the project
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)

    # Then the lower-priority Test waits three working days for Build, and says why
    assert run.status == RunStatus.PREVIEWED
    assert [c["name"] for c in run.changes] == ["Test"]
    change = run.changes[0]
    assert change["delay_minutes"] == 3 * 480
    assert change["new_start"].startswith("2026-03-05T08:00")
    assert change["conflict"]["resource"] == "Ada LVL-1"
    assert change["conflict"]["holders"] == ["Build"]
    assert "Ada LVL-1 was over-allocated" in change["reason"] and "'Build'" in change["reason"]
    # And the proposed starts break no rule of the independent validator
    starts = dict(before)
    starts[plan.test.pk] = before[plan.test.pk] + change["delay_minutes"]
    assert validate(problem, starts) == []
    # And the preview changed nothing in the plan
    plan.test.refresh_from_db()
    assert plan.test.constraint_type == "ASAP"
    finishes = run.summary["projects"][0]
    assert finishes["finish_after"] > finishes["finish_before"]


def test_priority_decides_who_moves(world: object) -> None:
    # Given Test with the higher priority this time
    plan = make_plan(world, priority=900)  # type: ignore[arg-type]

    # When levelled
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)

    # Then Build waits
    assert [c["name"] for c in run.changes] == ["Build"]


def test_do_not_level_is_respected(world: object) -> None:
    # Given Test (the lower priority) marked "do not level"
    plan = make_plan(world, level_exempt=True)  # type: ignore[arg-type]

    # When levelled
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)

    # Then Build moves instead; Test keeps its start
    assert [c["name"] for c in run.changes] == ["Build"]
    assert plan.test.pk not in {c["task"] for c in run.changes}


def test_apply_writes_constraints_audited_and_undo_restores(plan: Plan) -> None:
    # Given a preview
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)

    # When applied
    run = leveling_apply(actor=plan.manager, run=run, expected_version=run.version)

    # Then Test starts no earlier than Thursday and the schedule moved it; the change is audited
    test = Task.objects.get(pk=plan.test.pk)
    assert run.status == RunStatus.APPLIED
    assert test.constraint_type == "SNET"
    assert local(test.start) == "2026-03-05 08:00"
    assert AuditRecord.objects.filter(object_uid=test.uid, note="leveling").exists()
    problem = build_plan(projects_in(plan.project.scope)).problem
    assert validate(problem, {t.key: t.release for t in problem.tasks}) == []

    # When undone
    run = leveling_undo(actor=plan.manager, run=run, expected_version=run.version)

    # Then Test has its old constraint and start back
    test.refresh_from_db()
    assert run.status == RunStatus.UNDONE
    assert (test.constraint_type, test.constraint_date) == ("ASAP", None)
    assert local(test.start) == "2026-03-02 08:00"


def test_discard_drops_the_preview(plan: Plan) -> None:
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)

    run = leveling_discard(actor=plan.manager, run=run, expected_version=run.version)

    assert run.status == RunStatus.DISCARDED
    with pytest.raises(DomainRuleError, match="only a previewed run can be applied"):
        leveling_apply(actor=plan.manager, run=run)


def test_apply_refuses_a_stale_preview_by_name(plan: Plan, fingerprint: object) -> None:
    # Given a preview, then an edit of the plan
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)
    task_update(actor=plan.manager, task=plan.build, data={"duration_minutes": 960}, expected_version=None)
    before = fingerprint()  # type: ignore[operator]

    # When applying, then it is refused by the project's name and nothing changes
    with pytest.raises(DomainRuleError, match="The plan of LVL-1 Leveling demo changed") as refused:
        leveling_apply(actor=plan.manager, run=run)
    assert refused.value.field == "version"
    assert fingerprint() == before  # type: ignore[operator]


def test_undo_refuses_when_a_task_changed_since(plan: Plan, fingerprint: object) -> None:
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)
    run = leveling_apply(actor=plan.manager, run=run)
    test = Task.objects.get(pk=plan.test.pk)
    task_update(actor=plan.manager, task=test, data={"name": "Test all"}, expected_version=None)
    before = fingerprint()  # type: ignore[operator]

    with pytest.raises(DomainRuleError, match="'Test' of LVL-1 Leveling demo changed after"):
        leveling_undo(actor=plan.manager, run=run)
    assert fingerprint() == before  # type: ignore[operator]


@pytest.mark.parametrize("persona", ["viewer", "contributor"])
def test_only_managers_level(plan: Plan, persona: str, fingerprint: object) -> None:
    before = fingerprint()  # type: ignore[operator]

    with pytest.raises(PermissionDenied):
        leveling_preview(actor=plan.world.users[persona], scope=plan.project.scope)
    assert fingerprint() == before  # type: ignore[operator]


def test_bad_settings_name_the_field(plan: Plan, fingerprint: object) -> None:
    before = fingerprint()  # type: ignore[operator]

    with pytest.raises(DomainRuleError) as refused:
        leveling_preview(actor=plan.manager, scope=plan.project.scope, mode="optimize", time_limit=999)
    assert refused.value.field == "time_limit"
    with pytest.raises(DomainRuleError) as refused:
        leveling_preview(actor=plan.manager, scope=plan.project.scope, mode="fast")
    assert refused.value.field == "mode"
    assert fingerprint() == before  # type: ignore[operator]


def test_a_task_needing_more_than_the_resource_has_is_refused_by_name(plan: Plan) -> None:
    from decimal import Decimal

    from pmo.resources.models import Assignment
    from pmo.resources.services import assignment_update

    assignment = Assignment.objects.get(task=plan.test)
    assignment_update(
        actor=plan.manager, assignment=assignment, data={"units": Decimal("2")}, expected_version=None
    )

    with pytest.raises(DomainRuleError, match="'Test' needs 200% of Ada LVL-1"):
        leveling_preview(actor=plan.manager, scope=plan.project.scope)


def test_improving_mode_levels_the_program_or_portfolio(plan: Plan) -> None:
    # When the whole portfolio is levelled for a second with CP-SAT
    run = leveling_preview(
        actor=plan.manager, scope=plan.world.a.portfolio.scope, mode="optimize", time_limit=1
    )

    # Then Test still waits for Build (same answer), with both projects' finishes reported
    assert "Test" in [c["name"] for c in run.changes]
    assert len(run.summary["projects"]) >= 2


def test_part_day_time_off_lowers_the_capacity_of_that_day(plan: Plan) -> None:
    from pmo.resources.services import time_off_create

    # Given Ada off half of Monday 2 March (4 of her 8 hours): 50% of her that day
    time_off_create(
        actor=plan.manager,
        resource=plan.ada,
        start=dt.date(2026, 3, 2),
        end=dt.date(2026, 3, 2),
        minutes_per_day=240,
    )
    problem = build_plan(projects_in(plan.project.scope)).problem
    (ada,) = problem.resources
    assert ada.changes[:2] == ((0, 50), (480, 100))  # (later: the pool's holidays)

    # When levelled
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)

    # Then Build (full time) cannot start on Monday and starts on Tuesday; Test follows it
    moved = {c["name"]: c for c in run.changes}
    assert moved["Build"]["new_start"].startswith("2026-03-03T08:00")
    assert "time off or holiday" in moved["Build"]["reason"]
    assert moved["Test"]["new_start"].startswith("2026-03-06T08:00")
    starts = {t.key: t.release for t in problem.tasks}
    for change in run.changes:
        starts[change["task"]] += change["delay_minutes"]
    assert validate(problem, starts) == []


def test_time_off_lowers_the_capacity(plan: Plan) -> None:
    from pmo.resources.services import time_off_create

    # Given Ada off from Monday 2 to Wednesday 4 March
    time_off_create(actor=plan.manager, resource=plan.ada, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 4))

    # When levelled
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)

    # Then Build starts on Thursday (time off), Test after it; the reason says so
    moved = {c["name"]: c for c in run.changes}
    assert moved["Build"]["new_start"].startswith("2026-03-05T08:00")
    assert "time off or holiday" in moved["Build"]["reason"]
    assert moved["Test"]["new_start"].startswith("2026-03-10T08:00")
    problem = build_plan(projects_in(plan.project.scope)).problem
    starts = {t.key: t.release for t in problem.tasks}
    for change in run.changes:
        starts[change["task"]] += change["delay_minutes"]
    assert validate(problem, starts) == []
