"""Leveling counts a resource's pool calendar: no work on the days its week gives 0 minutes, less
on shorter days, combined with holidays and time off as the capacity heat map counts them.

The plan (``conftest.plan``): Ada (max units 100%) on "Build" (priority 700) and "Test" (300),
two 3-day tasks that both start on Monday 2 March 2026; time 0 is that Monday 08:00 and a day of
the Standard calendar is 480 working minutes, 08:00 to 17:00.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from pmo.core.errors import DomainRuleError
from pmo.engine.leveling import LevelingProblem, validate
from pmo.leveling.adapters import build_plan, projects_in
from pmo.leveling.models import LevelingRun
from pmo.leveling.services import leveling_apply, leveling_preview
from pmo.leveling.tests.conftest import Plan
from pmo.projects.models import Task
from pmo.projects.services import task_update
from pmo.resources.models import Assignment, PoolCalendar, TimeOff
from pmo.resources.selectors import resource_capacity_minutes
from pmo.resources.services import (
    assignment_delete,
    assignment_update,
    calendar_create,
    calendar_update,
    holiday_create,
    resource_calendar_set,
    time_off_create,
    time_off_delete,
)

pytestmark = pytest.mark.django_db

FOUR_DAYS = [480, 480, 480, 480, 0, 0, 0]
HALF_TIME = [240, 240, 240, 240, 240, 0, 0]


def follow(plan: Plan, name: str, week: list[int]) -> None:
    """Make Ada work by a new pool calendar ``name`` of ``week``."""
    pool = plan.world.a.portfolio.scope
    calendar = calendar_create(actor=plan.manager, pool=pool, name=name, week_minutes=week)
    resource_calendar_set(actor=plan.manager, resource=plan.ada, calendar=calendar, expected_version=None)


def set_units(plan: Plan, task: Task, units: str) -> None:
    """Ada's units on ``task``."""
    assignment = Assignment.objects.get(task=task, resource=plan.ada)
    assignment_update(
        actor=plan.manager, assignment=assignment, data={"units": Decimal(units)}, expected_version=None
    )


def levelled(plan: Plan) -> tuple[LevelingRun, LevelingProblem]:
    """A preview of the plan and the problem it levelled; the proposed starts break no rule."""
    problem = build_plan(projects_in(plan.project.scope)).problem
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)
    starts = {t.key: t.release for t in problem.tasks}
    for change in run.changes:
        starts[change["task"]] += change["delay_minutes"]
    assert validate(problem, starts) == []
    return run, problem


def moves(run: LevelingRun) -> dict[str, tuple[str, str]]:
    """Proposed (start, finish) of each moved task, by name."""
    return {c["name"]: (c["new_start"][:16], c["new_finish"][:16]) for c in run.changes}


def ada_steps(plan: Plan, count: int) -> tuple[tuple[int, int], ...]:
    """The first ``count`` capacity steps of Ada in the levelled problem."""
    (ada,) = build_plan(projects_in(plan.project.scope)).problem.resources
    return ada.changes[:count]


def test_a_four_day_week_keeps_the_resource_off_fridays(plan: Plan) -> None:
    # Given Ada working Monday to Thursday
    follow(plan, "Four days", FOUR_DAYS)

    # When levelled
    run, problem = levelled(plan)

    # Then her capacity is zero every Friday (6 March: 4 days after time 0, then weekly)
    (ada,) = problem.resources
    assert ada.changes[:4] == ((4 * 480, 0), (5 * 480, 100), (9 * 480, 0), (10 * 480, 100))
    # And Build keeps Monday to Wednesday, while Test cannot run Thursday, Friday and Monday: it
    # waits for Monday 9 March and runs to Wednesday; no task of hers works on a Friday
    assert moves(run) == {"Test": ("2026-03-09T08:00", "2026-03-11T17:00")}
    build = Task.objects.get(pk=plan.build.pk)
    worked = [(timezone.localtime(build.start).date(), timezone.localtime(build.finish).date())]
    worked += [(dt.date.fromisoformat(s[:10]), dt.date.fromisoformat(f[:10])) for s, f in moves(run).values()]
    assert worked[0] == (dt.date(2026, 3, 2), dt.date(2026, 3, 4))
    for first, last in worked:
        assert all((first + dt.timedelta(days=n)).weekday() != 4 for n in range((last - first).days + 1))


def test_without_the_calendar_the_same_plan_uses_the_friday(plan: Plan) -> None:
    # Given Ada on the pool's standard week (no calendar)
    # When levelled
    run, problem = levelled(plan)

    # Then she has no capacity step before the pool's holidays, and Test runs Thursday to Monday
    (ada,) = problem.resources
    assert all(at > 30 * 480 for at, _ in ada.changes)
    assert moves(run) == {"Test": ("2026-03-05T08:00", "2026-03-09T17:00")}


def test_a_half_time_calendar_refuses_a_full_time_task_by_name(plan: Plan, fingerprint: Any) -> None:
    # Given Ada half time (4 h a day), full time on Build and half time on Test
    follow(plan, "Half time", HALF_TIME)
    set_units(plan, plan.test, "0.5")
    before = fingerprint()

    # When levelled, then Build is refused: it never fits in her half days; nothing is written
    with pytest.raises(DomainRuleError) as refused:
        leveling_preview(actor=plan.manager, scope=plan.project.scope)
    assert str(refused.value.message) == (
        "Task 'Build' needs 100% of Ada LVL-1, who works 50% at most on any day by the calendar "
        "'Half time': lower the assignment's units or change the resource's calendar."
    )
    assert refused.value.field == "scope"
    assert fingerprint() == before


def test_a_half_time_calendar_halves_the_capacity(plan: Plan) -> None:
    # Given Ada half time, on Build and Test at 50% each (100% together: fine for a full-time Ada)
    follow(plan, "Half time", HALF_TIME)
    set_units(plan, plan.build, "0.5")
    set_units(plan, plan.test, "0.5")

    # When levelled
    run, problem = levelled(plan)

    # Then she has 50% from time 0 on (one step down, up at the end of the horizon; lower on
    # the pool's holidays), and Test waits for Build
    (ada,) = problem.resources
    assert ada.changes[0] == (0, 50)
    assert {cap for _, cap in ada.changes[1:-1]} <= {0, 50}
    assert ada.changes[-1][1] == 100
    assert moves(run) == {"Test": ("2026-03-05T08:00", "2026-03-09T17:00")}


def test_a_half_time_task_of_a_full_time_person_does_not_move(plan: Plan) -> None:
    # Given the same 50% + 50% without the calendar
    set_units(plan, plan.build, "0.5")
    set_units(plan, plan.test, "0.5")

    # When levelled, then nothing moves
    run, _ = levelled(plan)
    assert run.changes == []


def test_a_task_longer_than_the_calendar_allows_in_a_row_is_refused_by_name(plan: Plan) -> None:
    # Given Ada working Monday to Thursday and Build lasting five days
    follow(plan, "Four days", FOUR_DAYS)
    task_update(
        actor=plan.manager, task=plan.build, data={"duration_minutes": 5 * 480}, expected_version=None
    )

    # When levelled, then Build is refused: leveling delays tasks, it never stretches them
    with pytest.raises(
        DomainRuleError,
        match="'Build' needs 100% of Ada LVL-1 for 40 working hours in a row, "
        "but the calendar 'Four days' gives Ada LVL-1 that much for 32 working hours",
    ):
        leveling_preview(actor=plan.manager, scope=plan.project.scope)


def test_a_task_waits_for_the_first_working_day_of_the_week_and_says_why(plan: Plan) -> None:
    # Given Ada working Tuesday to Friday, on Build only
    follow(plan, "Tuesday to Friday", [0, 480, 480, 480, 480, 0, 0])
    test = Assignment.objects.get(task=plan.test, resource=plan.ada)
    assignment_delete(actor=plan.manager, assignment=test, expected_version=None)

    # When levelled
    run, _ = levelled(plan)

    # Then Build starts on Tuesday, and the reason names her week among the causes
    assert moves(run) == {"Build": ("2026-03-03T08:00", "2026-03-05T17:00")}
    assert run.changes[0]["reason"] == (
        "Delayed 8 working hours: Ada LVL-1 was over-allocated at 2026-03-02 08:00 "
        "(needs 100%, 0% free, its working week, time off or holiday)."
    )


def test_a_calendar_with_full_days_adds_no_step(plan: Plan) -> None:
    # Given Ada on a calendar of 8 h (or more) every weekday
    follow(plan, "Long days", [480, 600, 480, 480, 480, 0, 0])

    # When the problem is built, then she has no step before the pool's holidays
    assert all(at > 30 * 480 for at, _ in ada_steps(plan, 100))


def test_time_off_comes_off_the_calendar_day_as_in_the_heat_map(plan: Plan) -> None:
    # Given Ada half time (on both tasks at 50%), 2 hours off on Tuesday 3 March and all of
    # Wednesday 4 March off
    follow(plan, "Half time", HALF_TIME)
    set_units(plan, plan.build, "0.5")
    set_units(plan, plan.test, "0.5")
    time_off_create(
        actor=plan.manager,
        resource=plan.ada,
        start=dt.date(2026, 3, 3),
        end=dt.date(2026, 3, 3),
        minutes_per_day=120,
    )
    time_off_create(actor=plan.manager, resource=plan.ada, start=dt.date(2026, 3, 4), end=dt.date(2026, 3, 4))

    # When the problem is built
    steps = ada_steps(plan, 4)

    # Then she has 50% on Monday, 25% on Tuesday (2 of 8 hours), nothing on Wednesday, 50% again
    assert steps == ((0, 50), (480, 25), (960, 0), (1440, 50))
    # And the working minutes of that week agree with the capacity heat map's
    week = [50, 25, 0, 50, 50]
    heat_map = resource_capacity_minutes([plan.ada.pk], dt.date(2026, 3, 2), dt.date(2026, 3, 8), "week")
    assert heat_map[plan.ada.pk] == [sum(480 * share // 100 for share in week)] == [840]


def _edit_the_week(plan: Plan) -> None:
    calendar = PoolCalendar.objects.get(resources=plan.ada)
    calendar_update(
        actor=plan.manager, calendar=calendar, data={"week_minutes": HALF_TIME}, expected_version=None
    )


def _add_time_off(plan: Plan) -> None:
    time_off_create(actor=plan.manager, resource=plan.ada, start=dt.date(2026, 3, 3), end=dt.date(2026, 3, 3))


def _add_a_holiday(plan: Plan) -> None:
    holiday_create(
        actor=plan.manager, pool=plan.world.a.portfolio.scope, name="Closed", start=dt.date(2026, 3, 4)
    )


def _drop_the_time_off(plan: Plan) -> None:
    (off,) = TimeOff.objects.filter(resource=plan.ada, reason="dentist")
    time_off_delete(actor=plan.manager, time_off=off, expected_version=None)


@pytest.mark.parametrize("edit", [_edit_the_week, _add_time_off, _add_a_holiday, _drop_the_time_off])
def test_a_preview_is_stale_once_the_resource_availability_changes(
    plan: Plan, fingerprint: Any, edit: Any
) -> None:
    # Given Ada on a four-day week with a day of time off later in March, and a preview
    follow(plan, "Four days", FOUR_DAYS)
    time_off_create(
        actor=plan.manager,
        resource=plan.ada,
        start=dt.date(2026, 3, 23),
        end=dt.date(2026, 3, 23),
        reason="dentist",
    )
    run = leveling_preview(actor=plan.manager, scope=plan.project.scope)

    # When what leveling read of her availability changes
    edit(plan)
    before = fingerprint()

    # Then applying the preview is refused by the project's name, and nothing changes
    with pytest.raises(DomainRuleError, match="The plan of LVL-1 Leveling demo changed") as refused:
        leveling_apply(actor=plan.manager, run=run)
    assert refused.value.field == "version"
    assert fingerprint() == before
