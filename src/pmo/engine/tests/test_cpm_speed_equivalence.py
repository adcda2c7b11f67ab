"""The array path of ``schedule`` gives the same results as the object path (the reference).

``schedule(p, method="objects")`` is the original implementation (``pmo.engine.schedule.cpm``);
``method="arrays"`` the compiled one (``cpm_arrays``, ``cpm_results``, ``_cpm_kernels``). Random
projects exercise every feature at once: task and project calendars with exceptions (single, ranged,
recurring, working), night shifts across midnight, 24-hour and derived calendars; all constraints,
deadlines, ALAP; progress with and without a status date; manual, estimated, elapsed and inactive
tasks; nested summaries with links to and from them; lags in working, elapsed and percent terms,
leads included; scheduling from the finish; time zones; baselines. Outcomes must be equal, errors
included (same type and message), and so must the ``repr`` (types and time zones, not just values).
"""

from __future__ import annotations

import doctest
import importlib
import random
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmo.engine.schedule import cpm_arrays, fast
from pmo.engine.schedule.calendars import (
    STANDARD_DAY,
    TWENTY_FOUR_HOURS,
    Calendar,
    CalendarException,
    Recurrence,
    RecurrenceType,
)
from pmo.engine.schedule.cpm import schedule
from pmo.engine.schedule.network import ConstraintType, Lag, Link, LinkType, Project, Task

pytestmark = pytest.mark.skipif(not cpm_arrays.available(), reason="the array path needs numba")

D = 480
SIX_DAY = Calendar(
    "Six-day",
    week=(STANDARD_DAY,) * 6 + ((),),
    exceptions=(
        CalendarException(date(2024, 1, 15), date(2024, 1, 15), name="holiday"),
        CalendarException(date(2024, 2, 5), date(2024, 2, 9), name="closed week"),
        CalendarException(date(2024, 1, 20), date(2024, 1, 20), working_times=((9 * 60, 13 * 60),)),
        CalendarException(
            date(2020, 1, 1),
            date(2030, 12, 31),
            recurrence=Recurrence(RecurrenceType.YEARLY, day=25, month=12),
        ),
    ),
)
CALENDARS = {
    "Standard": Calendar(
        exceptions=(
            CalendarException(
                date(2024, 1, 1),
                date(2024, 12, 31),
                recurrence=Recurrence(RecurrenceType.WEEKLY, period=2, weekdays=frozenset({4})),
            ),
        )
    ),
    "Six-day": SIX_DAY,
    "Night": Calendar("Night", week=(((0, 6 * 60), (22 * 60, 24 * 60)),) * 5 + ((), ())),
    "24h": Calendar("24h", week=(TWENTY_FOUR_HOURS,) * 7),
    "Derived": Calendar(
        "Derived",
        week=(None,) * 5 + (((8 * 60, 12 * 60),), None),
        base=SIX_DAY,
        exceptions=(CalendarException(date(2024, 1, 22), date(2024, 1, 23)),),
    ),
}
TYPES = list(LinkType)
CONSTRAINTS = list(ConstraintType)


def _instant(rng: random.Random, base: datetime, days: tuple[int, int]) -> datetime:
    """A random instant near ``base``, at working and non-working hours alike."""
    hour = rng.choice([0, 3, 8, 9, 12, 13, 16, 17, 20, 23])
    day = base + timedelta(days=rng.randint(*days))
    return day.replace(hour=hour, minute=rng.choice([0, 0, 30]))


def _lag(rng: random.Random) -> Lag:
    kind = rng.random()
    if kind < 0.45:
        return Lag()
    if kind < 0.7:
        return Lag(rng.choice([-2 * D, -D, -90, 60, D, 3 * D]))
    if kind < 0.8:
        return Lag(rng.choice([-1440, 720, 1440, 4320]), elapsed=True)
    return Lag(percent=rng.choice([-50.0, 25.0, 50.0, 100.0, 12.5]), elapsed=rng.random() < 0.3)


def random_project(seed: int, n: int = 40, *, bad_links: bool = True) -> Project:
    """A project with every feature of the scheduler, from one seed."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, 8) + timedelta(days=rng.randint(0, 20), hours=rng.choice([0, 0, -8, 5]))
    tz = timezone(timedelta(hours=2)) if rng.random() < 0.15 else None
    uids = rng.sample(range(1, 10 * n), n)
    tasks: list[Task] = []
    ranges: list[tuple[int, int, int]] = []  # (uid, first leaf position, last leaf position)
    stack: list[tuple[int, int, int]] = []  # open summaries: (uid, position opened, children left)
    leaf = 0
    for uid in uids:
        parent = stack[-1][0] if stack else None
        if len(stack) < 2 and rng.random() < 0.15:
            tasks.append(Task(uid, f"S{uid}", parent=parent, active=rng.random() > 0.03))
            stack.append((uid, leaf, rng.randint(1, 5)))
            continue
        tasks.append(_random_task(rng, uid, parent, start))
        ranges.append((uid, leaf, leaf))
        leaf += 1
        while stack:
            s_uid, opened, left = stack.pop()
            if left > 1:
                stack.append((s_uid, opened, left - 1))
                break
            if leaf > opened:
                ranges.append((s_uid, opened, leaf - 1))
    links: list[Link] = []
    for _ in range(int(1.6 * n) if len(ranges) > 1 else 0):
        (a, _, a_last), (b, b_first, _) = rng.sample(ranges, 2)
        if a_last < b_first or (bad_links and rng.random() < 0.01):
            links.append(Link(a, b, rng.choice(TYPES), _lag(rng)))
    if bad_links and rng.random() < 0.02:
        links.append(Link(uids[0], 10 * n + 1))  # an unknown task
    from_finish = rng.random() < 0.2
    return Project(
        tasks=tuple(tasks),
        links=tuple(links),
        calendars=CALENDARS,
        calendar=rng.choice(["Standard", "Standard", "Six-day", "24h", "Missing"]),
        start=start.replace(tzinfo=tz),
        finish=(start + timedelta(days=rng.randint(20, 90))).replace(hour=17) if from_finish else None,
        schedule_from_start=not from_finish,
        status_date=_instant(rng, start, (3, 25)) if rng.random() < 0.3 else None,
        critical_slack=rng.choice([0, 0, D]),
        near_critical_slack=rng.choice([0, 5 * D, 10 * D]),
        multiple_critical_paths=rng.random() < 0.3,
    )


def _random_task(rng: random.Random, uid: int, parent: int | None, start: datetime) -> Task:
    constraint = rng.choice(CONSTRAINTS) if rng.random() < 0.3 else ConstraintType.ASAP
    dated = constraint not in (ConstraintType.ASAP, ConstraintType.ALAP)
    started = rng.random() < 0.15
    manual = rng.random() < 0.1
    actual_start = _instant(rng, start, (-3, 15)) if started else None
    return Task(
        uid,
        f"T{uid}",
        duration=rng.choice([0, 0, 60, 90, 240, D, 2 * D, 3 * D, 5 * D, 10 * D]),
        elapsed=rng.random() < 0.08,
        parent=parent,
        constraint=constraint,
        constraint_date=_instant(rng, start, (-10, 40)) if dated or rng.random() < 0.05 else None,
        deadline=_instant(rng, start, (5, 60)) if rng.random() < 0.1 else None,
        calendar=rng.choice(list(CALENDARS)) if rng.random() < 0.3 else None,
        actual_start=actual_start,
        actual_finish=(
            actual_start + timedelta(days=rng.randint(0, 6), hours=rng.choice([0, 4]))
            if actual_start is not None and rng.random() < 0.5
            else None
        ),
        percent_complete=rng.choice([0.0, 25.0, 50.0, 99.0]) if started else 0.0,
        remaining_duration=rng.choice([0, 120, D]) if started and rng.random() < 0.3 else None,
        manual=manual,
        estimated=rng.random() < 0.3,
        manual_start=_instant(rng, start, (0, 20)) if manual and rng.random() < 0.8 else None,
        manual_finish=_instant(rng, start, (20, 30)) if manual and rng.random() < 0.5 else None,
        active=rng.random() > 0.03,
        baseline_start=_instant(rng, start, (-5, 30)) if rng.random() < 0.2 else None,
        baseline_finish=_instant(rng, start, (0, 40)) if rng.random() < 0.15 else None,
        baseline_duration=rng.choice([D, 2 * D]) if rng.random() < 0.15 else None,
    )


def outcome(project: Project, method: str) -> tuple[str, object]:
    """The result's ``repr`` (values, types, time zones), or the error's type and message."""
    try:
        return ("ok", repr(schedule(project, method=method)))
    except Exception as exc:  # any difference, errors included, is what we test
        return (type(exc).__name__, str(exc))


def assert_same(project: Project) -> tuple[str, object]:
    reference = outcome(project, "objects")
    assert outcome(project, "arrays") == reference
    return reference


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 60))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_projects_agree(seed: int, n: int) -> None:
    """Given a random project with every feature, when both paths schedule it, they agree."""
    assert_same(random_project(seed, n))


@pytest.mark.parametrize("seed", range(40))
def test_fixed_seeds_agree_and_mostly_schedule(seed: int) -> None:
    """Given fixed seeds (larger projects), the paths agree, and most projects are schedulable."""
    kind, _ = assert_same(random_project(seed, 150, bad_links=seed % 4 == 0))
    if seed % 4:
        assert kind == "ok"


def test_errors_agree() -> None:
    """Given cycles, unknown tasks, repeated uids and undated constraints, the errors are equal."""
    tasks = (Task(1, "A", D), Task(2, "B", D), Task(3, "C", D, parent=4), Task(4, "S"))
    cases = [
        Project(tasks=tasks, links=(Link(1, 2), Link(2, 3), Link(4, 1))),  # a cycle through a summary
        Project(tasks=tasks, links=(Link(1, 99),)),
        Project(tasks=(*tasks, Task(1, "again"))),
        Project(tasks=(Task(1, "A", constraint=ConstraintType.MSO),)),
    ]
    for project in cases:
        kind, message = assert_same(project)
        assert kind in ("CycleError", "NetworkError"), message


def test_far_dates_widen_the_horizon_alike() -> None:
    """Given a baseline a century back (outside the first horizon), both widen it and agree."""
    start = datetime(2024, 1, 1, 8)
    far = Project(
        tasks=(Task(1, "A", D, baseline_start=datetime(1930, 1, 1, 8)), Task(2, "B", D)),
        links=(Link(1, 2),),
        start=start,
    )
    kind, _ = assert_same(far)
    assert kind == "ok"
    farther = Project(tasks=(Task(1, "A", D, baseline_start=datetime(1000, 1, 1, 8)),), start=start)
    assert assert_same(farther)[0] == "HorizonError"


@pytest.mark.parametrize("seed", range(10))
def test_narrow_windows_widen_and_agree(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Given calendar windows that start too narrow, the kernels widen them and still agree."""
    monkeypatch.setattr(cpm_arrays, "WINDOW_MARGIN_DAYS", 0)
    monkeypatch.setattr(cpm_arrays, "WINDOW_LENGTH_FACTOR", 0.0)
    assert_same(random_project(1000 + seed, 80, bad_links=False))


def test_auto_follows_the_accelerator(monkeypatch: pytest.MonkeyPatch) -> None:
    """Given PMO_ENGINE_ACCELERATOR=off (the fallback), auto runs the object path and arrays refuses."""
    project = random_project(7, 30, bad_links=False)
    expected = outcome(project, "objects")
    monkeypatch.setattr(fast, "_force_fallback", True)
    assert outcome(project, "auto") == expected
    with pytest.raises(ValueError, match="arrays"):
        schedule(project, method="arrays")
    with pytest.raises(ValueError, match="method"):
        schedule(project, method="fast")


def test_results_hold_plain_python_values() -> None:
    """Given the array path's result, its numbers are ints and bools, not numpy scalars."""
    result = schedule(random_project(3, 40, bad_links=False), method="arrays")
    for task in result.tasks:
        assert type(task.total_slack) is int and type(task.free_slack) is int and type(task.duration) is int
        assert type(task.critical) is bool and type(task.near_critical) is bool
        assert all(type(uid) is int for uid in task.driving_predecessors)
    assert all(type(uid) is int for path in result.critical_paths for uid in path)


@pytest.mark.parametrize("name", ["cpm_input", "cpm_results"])
def test_docstring_examples_of_the_array_path(name: str) -> None:
    """Given the new modules' docstring examples, they run and hold."""
    module = importlib.import_module(f"pmo.engine.schedule.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
