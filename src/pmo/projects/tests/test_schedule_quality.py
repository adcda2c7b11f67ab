"""Schedule quality (DCMA 14 points) on projects built through the services: a clean project passes
every check, and one variant per check fails it with exactly the offending tasks (or links).

The clean network (Standard calendar, project start Monday 2026-03-02, baseline 0 saved first,
then status date Tuesday 3 March and "update as scheduled"):

    row 1 Start  0d                 Mon 2 08:00          complete
    row 2 Dig    2d   1FS           Mon 2 – Tue 3        complete
    row 3 Pour   3d   2FS           Wed 4 – Fri 6
    row 4 Cure   2d   3FS           Mon 9 – Tue 10
    row 5 End    0d   4FS           Tue 10 17:00

Every task has a resource. DCMA counts Pour and Cure (incomplete, not milestones) and the links
3FS→4 and 4FS→5 and 2FS→3 (successor incomplete). Dig was due by the status date and finished
on time, so missed tasks is 0 % and BEI 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from pmo.engine.dcma import Check
from pmo.interchange.text import parse_predecessors
from pmo.projects.models import Project, Task
from pmo.projects.schedule_quality import QualityReport, schedule_quality
from pmo.projects.services import task_create, task_update
from pmo.projects.services.baselines import baseline_save
from pmo.projects.services.progress import project_status_date_set, project_update_as_scheduled
from pmo.projects.tests.helpers import DAY, at
from pmo.resources.services.assignments import assignment_create
from pmo.resources.services.resources import resource_create
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db

NETWORK = (("Start", 0, None), ("Dig", 2, "1"), ("Pour", 3, "2"), ("Cure", 2, "3"), ("End", 0, "4"))


def build(world: World, project: Project, *, resourced: tuple[str, ...] = ("Dig", "Pour", "Cure")) -> Project:
    """The clean project of the module docstring (resources on ``resourced``)."""
    admin = world.users["pmo_admin"]
    for name, days, preds in NETWORK:
        task_create(
            actor=admin,
            project=project,
            name=name,
            duration_minutes=days * DAY,
            predecessors=parse_predecessors(preds) if preds else None,
        )
    baseline_save(actor=admin, project=project, number=0)
    project_status_date_set(actor=admin, project=project, status_date=dt.date(2026, 3, 3))
    project_update_as_scheduled(actor=admin, project=project)
    crew = resource_create(actor=admin, pool=project.portfolio.scope, name="Crew")
    for name in resourced:
        assignment_create(actor=admin, project=project, task=task(project, name), resource=crew)
    project.refresh_from_db()
    return project


def task(project: Project, name: str) -> Task:
    return Task.objects.get(project=project, name=name)


def update(world: World, project: Project, name: str, preds: str | None = None, **data: object) -> None:
    """Change a task through the service (``preds`` as typed in the grid)."""
    row = task(project, name)
    task_update(
        actor=world.users["pmo_admin"],
        task=row,
        data=data,
        expected_version=row.version,
        predecessors=parse_predecessors(preds) if preds is not None else None,
    )


def add(world: World, project: Project, name: str, days: int, preds: str | None = None) -> None:
    task_create(
        actor=world.users["pmo_admin"],
        project=project,
        name=name,
        duration_minutes=days * DAY,
        predecessors=parse_predecessors(preds) if preds else None,
    )


def offenders(report: QualityReport, check: Check) -> list[str]:
    row = next(r for r in report.checks if r.result.check is check)
    return [t.name for t in row.tasks]


def failed(report: QualityReport) -> set[Check]:
    return {r.result.check for r in report.checks if r.result.passed is False}


def test_clean_project_passes_every_check(world: World, march_project: Project) -> None:
    report = schedule_quality(build(world, march_project))
    assert [r.result.number for r in report.checks] == list(range(1, 15))
    assert [r.status for r in report.checks] == ["pass"] * 14
    assert report.passed == 14 and report.failed == 0 and report.task_count == 5
    assert all(not r.tasks and not r.links for r in report.checks)
    cp = report.checks[11]
    assert cp.note == "delayed Pour (row 3) by 600 days; End (row 5) moved 600 days"  # rows, not ids


def test_resources_unassessed_without_any_assignment(world: World, march_project: Project) -> None:
    report = schedule_quality(build(world, march_project, resourced=()))
    row = report.checks[9]
    assert row.status == "n/a" and not report.resources_assessed and failed(report) == set()
    assert row.note.startswith("No resource is assigned")


def _no_logic(world: World, project: Project) -> None:
    add(world, project, "Loose", 1)  # row 6, no links


def _lead(world: World, project: Project) -> None:
    update(world, project, "Cure", "3FS-1d")


def _lag(world: World, project: Project) -> None:
    update(world, project, "Cure", "3FS+1d")


def _start_to_start(world: World, project: Project) -> None:
    update(world, project, "Cure", "3SS")


def _hard_constraint(world: World, project: Project) -> None:
    update(world, project, "Cure", constraint_type="MSO", constraint_date=at(9))


def _negative_float(world: World, project: Project) -> None:
    update(world, project, "Cure", deadline=at(9, 17))  # finishes Tue 10 17:00: a day late


def _long_parallel(world: World, project: Project) -> None:
    # Permit (50 d) runs beside Pour and Cure into End: they get 45 days of float; Permit is long.
    add(world, project, "Permit", 50, "2")
    update(world, project, "End", "4,6")


def _invalid_dates(world: World, project: Project) -> None:
    # Back the status date up to Monday: Dig's actual finish (Tue 3 17:00) is now after it.
    project_status_date_set(actor=world.users["pmo_admin"], project=project, status_date=dt.date(2026, 3, 2))


def _missed(world: World, project: Project) -> None:
    # Status date Friday 6 without new progress: Pour was due (baseline Fri 6 17:00) and is not done.
    project_status_date_set(actor=world.users["pmo_admin"], project=project, status_date=dt.date(2026, 3, 6))


def _pinned_finish(world: World, project: Project) -> None:
    update(world, project, "End", constraint_type="MFO", constraint_date=at(10, 17))


def _slipped(world: World, project: Project) -> None:
    update(world, project, "Pour", duration_minutes=6 * DAY)  # End 3 days after its baseline finish


VARIANTS: list[tuple[str, Callable[[World, Project], None], Check, list[str], list[tuple[str, str]]]] = [
    ("missing logic", _no_logic, Check.LOGIC, ["Loose"], []),
    ("lead", _lead, Check.LEADS, ["Cure"], [("Pour", "Cure")]),
    ("lag", _lag, Check.LAGS, ["Cure"], [("Pour", "Cure")]),
    ("SS link", _start_to_start, Check.RELATIONSHIP_TYPES, ["Cure"], [("Pour", "Cure")]),
    ("MSO", _hard_constraint, Check.HARD_CONSTRAINTS, ["Cure"], []),
    ("high float", _long_parallel, Check.HIGH_FLOAT, ["Pour", "Cure"], []),
    ("deadline missed", _negative_float, Check.NEGATIVE_FLOAT, ["Pour", "Cure"], []),
    ("high duration", _long_parallel, Check.HIGH_DURATION, ["Permit"], []),
    ("actual after status", _invalid_dates, Check.INVALID_DATES, ["Dig"], []),
    ("missed task", _missed, Check.MISSED_TASKS, ["Pour"], []),
    ("pinned finish", _pinned_finish, Check.CRITICAL_PATH_TEST, ["Pour"], []),
    ("slip past baseline", _slipped, Check.CPLI, ["Pour", "Cure", "End"], []),
    ("behind baseline", _missed, Check.BEI, ["Pour"], []),
]


@pytest.mark.parametrize(
    ("change", "check", "tasks", "links"),
    [pytest.param(*v[1:], id=v[0]) for v in VARIANTS],
)
def test_variant_fails_its_check_with_exact_offenders(
    world: World,
    march_project: Project,
    change: Callable[[World, Project], None],
    check: Check,
    tasks: list[str],
    links: list[tuple[str, str]],
) -> None:
    project = build(world, march_project)
    change(world, project)
    project.refresh_from_db()
    report = schedule_quality(project)
    row = next(r for r in report.checks if r.result.check is check)
    assert row.status == "fail", row
    assert offenders(report, check) == tasks
    assert [(a.name, b.name) for a, b in row.links] == links
    assert all(t.url.endswith(f"#t-{t.uid}") for t in row.tasks)


def test_missing_resource_is_named(world: World, march_project: Project) -> None:
    report = schedule_quality(build(world, march_project, resourced=("Pour",)))
    assert failed(report) == {Check.RESOURCES}
    assert offenders(report, Check.RESOURCES) == ["Cure"]


def test_empty_project_has_nothing_to_assess(march_project: Project) -> None:
    report = schedule_quality(march_project)
    assert report.empty and report.checks == () and report.failed == 0
