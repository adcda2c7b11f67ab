"""Build one portfolio of programs and projects straight into the database, for the portfolio benchmark.

The default shape is issue 6's: 200 projects in 20 programs, 500 tasks each (100,000 tasks). Per
project:

- **WBS**: 50 work packages, each a summary task over 9 leaf tasks of 1-10 working days (seeded);
- **links** (finish-to-start): a chain inside each package, the first task of package ``k`` after
  the last of package ``k - 10`` (ten parallel streams, so a project lasts about a year), and now
  and then a link from a task of the previous package (about 0.9 links per task);
- **schedule**: one :func:`pmo.projects.adapters.recalculate` per project, as a service does after
  a change (fast enough: no need to write scheduled dates directly);
- **baseline 0** saved with :func:`pmo.projects.services.baselines.baseline_save` (it records each
  task's planned cost when the performance app registers its provider), compared against (0);
- **planned cost**: one assignment per leaf task (work = duration, one of the 50 pool resources,
  each with its own standard rate) and a fixed cost on every tenth leaf (accrued at start, end or
  prorated), so every leaf task has a planned cost;
- **progress** at the status date, at a pace of 0.8-1.0 per project: work is done as planned up
  to the instant ``start + pace × (status - start)``; tasks planned to finish by then are 100%
  with their planned dates as actual dates, tasks under way get the share of their duration
  elapsed (± 10 points) and an actual start;
  written with :func:`pmo.core.bulk.update_rows`, then the status date is set with the service
  :func:`~pmo.projects.services.progress.project_status_date_set` (which reschedules the work left);
- **actual costs**: one cost entry a month of work done (at most six; service) that bring the
  actual cost to the earned value times a factor of 0.9-1.2, and approved timesheets of a few
  people linked to pool resources (entries, submit, approve: services) over the last four weeks;
- **status reports** (when the reporting app is installed): drafted from the data and submitted
  (services) for the last three periods due, the last one missing in one project in five (overdue).

Projects start one to twelve months before the status date, so progress runs from a few percent
to complete. Tasks, links, assignments and fixed costs are written with :mod:`pmo.core.bulk`
(ids allocated ahead, ``COPY`` on PostgreSQL); everything else goes through the services.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

GROUP = 10  # one summary task and nine leaf tasks per work package
STREAMS = 10  # package k follows package k - STREAMS
STATUS_DATE = dt.date(2026, 10, 30)  # a Friday
FIRST_START = dt.date(2025, 11, 3)  # a Monday, about a year before the status date
ACCRUALS = ("start", "prorated", "end")


@dataclass(frozen=True)
class Shape:
    """What to build (the defaults are issue 6's portfolio)."""

    projects: int = 200
    programs: int = 20
    tasks: int = 500
    resources: int = 50
    timesheet_users: int = 5
    weeks: int = 4
    seed: int = 20261126


@dataclass
class Built:
    """The portfolio built, the users to measure as, and what was written."""

    portfolio: Any
    admin: Any
    manager: Any
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class _Clock:
    """Seconds spent per phase of the build."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds
        self.started = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.seconds[phase] = self.seconds.get(phase, 0.0) + now - self.started
        self.started = now


def build_portfolio(shape: Shape, *, password: str) -> Built:
    """Build the portfolio of ``shape`` in the (migrated, empty) database Django is set up on."""
    from pmo.accounts.choices import Role
    from pmo.accounts.services import membership_grant, user_create
    from pmo.portfolios.services import portfolio_create
    from pmo.programs.services import program_create
    from pmo.resources.services.resources import resource_create

    seconds: dict[str, float] = {}
    clock = _Clock(seconds)
    admin = user_create(actor=None, username="bench-admin", password=password, is_pmo_admin=True)
    manager = user_create(actor=None, username="bench-manager", password=password)
    portfolio = portfolio_create(actor=admin, parent=None, code="BENCH", name="Benchmark portfolio")
    membership_grant(actor=admin, scope=portfolio.scope, role=Role.MANAGER, user=manager)
    programs = [
        program_create(
            actor=admin,
            portfolio_scope=portfolio.scope,
            code=f"PG{i + 1:02d}",
            name=f"Program {i + 1}",
            state="active",
        )
        for i in range(max(1, shape.programs))
    ]
    people = [
        user_create(actor=None, username=f"bench-member{i + 1}", password=password)
        for i in range(shape.timesheet_users)
    ]
    resources = [
        resource_create(
            actor=admin,
            pool=portfolio.scope,
            name=f"Person {i + 1}",
            standard_rate=Decimal(40 + (i * 37) % 90),
            user=people[i] if i < len(people) else None,
        )
        for i in range(shape.resources)
    ]
    clock.lap("setup")
    built = Built(portfolio=portfolio, admin=admin, manager=manager, seconds=seconds)
    counts = built.counts
    for n in range(shape.projects):
        rng = random.Random(shape.seed * 1000 + n)
        project = _project(admin, programs[n % len(programs)], n)
        clock.lap("projects")
        for key, value in _plan(project, rng, shape.tasks, [r.pk for r in resources], n).items():
            counts[key] = counts.get(key, 0) + value
        clock.lap("tasks")
        _schedule(project)
        clock.lap("schedule")
        _baseline(admin, project)
        clock.lap("baseline")
        counts["progressed"] = counts.get("progressed", 0) + _progress(admin, project, rng)
        clock.lap("progress")
        counts["cost_entries"] = counts.get("cost_entries", 0) + _cost_entries(admin, project, rng)
        clock.lap("cost_entries")
        counts["status_reports"] = counts.get("status_reports", 0) + _status_reports(admin, project, n)
        clock.lap("status_reports")
    counts["projects"] = shape.projects
    counts["programs"] = len(programs)
    counts["resources"] = len(resources)
    sheets, entries = _timesheets(admin, people, shape.weeks)
    counts["timesheets"], counts["time_entries"] = sheets, entries
    clock.lap("timesheets")
    return built


def _project(admin: Any, program: Any, n: int) -> Any:
    from pmo.projects.services import project_create

    start = FIRST_START + dt.timedelta(weeks=(n * 7) % 48)
    return project_create(
        actor=admin,
        parent=program.scope,
        code=f"P{n + 1:03d}",
        name=f"Project {n + 1}",
        state="active",
        start_date=start,
    )


def _plan(project: Any, rng: random.Random, n_tasks: int, resource_ids: list[int], n: int) -> dict[str, int]:
    """Write the tasks, links, assignments and fixed costs of one project; returns the row counts."""
    from django.db import transaction

    from pmo.core.bulk import allocate_ids, insert_rows, new_row_defaults
    from pmo.costs.models import FixedCost
    from pmo.projects.models import Link, Task
    from pmo.resources.models import Assignment

    packages = max(1, n_tasks // GROUP)
    with transaction.atomic():
        ids = allocate_ids(Task, packages * GROUP)
        defaults = new_row_defaults(Task)
        tasks: list[dict[str, Any]] = []
        leaves: list[list[tuple[int, int]]] = []  # per package: (task id, duration)
        for k in range(packages):
            summary = ids[k * GROUP]
            tasks.append(
                {
                    **defaults,
                    "id": summary,
                    "project_id": project.pk,
                    "parent_id": None,
                    "position": k * GROUP + 1,
                    "outline_level": 1,
                    "wbs": str(k + 1),
                    "is_summary": True,
                    "name": f"Work package {k + 1}",
                }
            )
            package: list[tuple[int, int]] = []
            for j in range(1, GROUP):
                minutes = rng.randint(1, 10) * 480
                task_id = ids[k * GROUP + j]
                tasks.append(
                    {
                        **defaults,
                        "id": task_id,
                        "project_id": project.pk,
                        "parent_id": summary,
                        "position": k * GROUP + j + 1,
                        "outline_level": 2,
                        "wbs": f"{k + 1}.{j}",
                        "is_summary": False,
                        "name": f"Task {k + 1}.{j}",
                        "duration_minutes": minutes,
                    }
                )
                package.append((task_id, minutes))
            leaves.append(package)
        insert_rows(Task, tasks)
        pairs: set[tuple[int, int]] = set()
        for k, package in enumerate(leaves):
            pairs.update((package[j - 1][0], package[j][0]) for j in range(1, len(package)))
            if k >= STREAMS:
                pairs.add((leaves[k - STREAMS][-1][0], package[0][0]))
            if k >= 1 and rng.random() < 0.3:
                pairs.add((rng.choice(leaves[k - 1])[0], rng.choice(package[1:])[0]))
        insert_rows(
            Link,
            [
                {
                    "project_id": project.pk,
                    "predecessor_id": p,
                    "successor_id": s,
                    "type": "FS",
                    "lag_minutes": 0,
                    "lag_elapsed": False,
                    "lag_percent": None,
                }
                for p, s in sorted(pairs)
            ],
        )
        flat = [leaf for package in leaves for leaf in package]
        assignment_defaults = new_row_defaults(Assignment)
        insert_rows(
            Assignment,
            [
                {
                    **assignment_defaults,
                    "project_id": project.pk,
                    "task_id": task_id,
                    "resource_id": resource_ids[(i * 7 + n) % len(resource_ids)],
                    "units": Decimal("1.00"),
                    "work_minutes": minutes,
                }
                for i, (task_id, minutes) in enumerate(flat)
            ],
        )
        fixed_defaults = new_row_defaults(FixedCost)
        fixed = [
            {
                **fixed_defaults,
                "project_id": project.pk,
                "scope_id": project.scope_id,
                "task_id": task_id,
                "name": f"Licence {i + 1}",
                "category": "other",
                "amount": Decimal(rng.randint(5, 60) * 100),
                "accrual": ACCRUALS[i % len(ACCRUALS)],
            }
            for i, (task_id, _) in enumerate(flat[::10])
        ]
        insert_rows(FixedCost, fixed)
    return {
        "tasks": len(tasks),
        "leaves": len(flat),
        "links": len(pairs),
        "assignments": len(flat),
        "fixed_costs": len(fixed),
    }


def _schedule(project: Any) -> None:
    from django.db import transaction

    from pmo.projects.adapters import recalculate

    with transaction.atomic():
        recalculate(project)


def _baseline(admin: Any, project: Any) -> None:
    from pmo.projects.models import Project
    from pmo.projects.services.baselines import baseline_save

    baseline_save(actor=admin, project=Project.objects.get(pk=project.pk), number=0, name="Approved plan")


def _progress(admin: Any, project: Any, rng: random.Random) -> int:
    """Progress of the leaf tasks at the status date, then the status date itself (service)."""
    from django.db import transaction
    from django.utils import timezone

    from pmo.core.bulk import update_rows
    from pmo.projects.models import Project, Task
    from pmo.projects.services.progress import project_status_date_set

    status = timezone.make_aware(dt.datetime.combine(STATUS_DATE, dt.time(17, 0)))
    first = Project.objects.values_list("scheduled_start", flat=True).get(pk=project.pk) or status
    # The project's pace: work is done as planned up to ``reached`` (at most the status date).
    reached = first + (status - first) * rng.uniform(0.8, 1.0) if first < status else status
    rows = []
    with transaction.atomic():
        for task_id, start, finish in Task.objects.filter(project=project, is_summary=False).values_list(
            "id", "start", "finish"
        ):
            if start is None or finish is None or start >= reached:
                continue
            if finish <= reached:
                rows.append(
                    {"id": task_id, "percent_complete": 100, "actual_start": start, "actual_finish": finish}
                )
                continue
            share = (reached - start) / (finish - start) * 100 + rng.uniform(-10, 10)
            percent = int(min(95, max(5, share)))
            rows.append(
                {"id": task_id, "percent_complete": percent, "actual_start": start, "actual_finish": None}
            )
        update_rows(Task, ["percent_complete", "actual_start", "actual_finish"], rows)
    project_status_date_set(actor=admin, project=Project.objects.get(pk=project.pk), status_date=STATUS_DATE)
    return len(rows)


def _cost_entries(admin: Any, project: Any, rng: random.Random) -> int:
    """Invoices and expenses (service) that bring the project's actual cost to its earned value
    times a cost factor of 0.9-1.2: one a month of work done (at most six), on started tasks (the
    last one on none), before the status date."""
    from pmo.costs.selectors import planned_cost_by_task
    from pmo.costs.services.entries import cost_entry_create
    from pmo.projects.models import Project, Task

    fresh = Project.objects.get(pk=project.pk)
    planned = planned_cost_by_task(fresh)
    started = list(
        Task.objects.filter(project=project, is_summary=False, actual_start__isnull=False).order_by(
            "actual_start"
        )
    )
    if not started:
        return 0
    earned = sum(planned.get(t.pk, Decimal(0)) * t.percent_complete / 100 for t in started)
    first = started[0].actual_start
    months = max(1, min(6, (STATUS_DATE - first.date()).days // 30)) if first else 1
    share = (earned * Decimal(str(round(rng.uniform(0.9, 1.2), 3))) / months).quantize(Decimal("0.01"))
    for i in range(months):
        cost_entry_create(
            actor=admin,
            project=fresh,
            date=STATUS_DATE - dt.timedelta(days=30 * i + rng.randint(0, 20)),
            category=("subcontract", "material", "travel")[i % 3],
            amount=share,
            task=rng.choice(started) if i < months - 1 else None,
            kind="invoice" if i % 3 != 2 else "expense",
            reference=f"INV-{project.pk}-{i + 1}",
        )
    return months


def _status_reports(admin: Any, project: Any, n: int) -> int:
    """Submitted status reports (services, drafted from the data) for the two periods before the
    last one due; four projects in five also report the last one due, the fifth is overdue.
    Nothing when the reporting app is not installed."""
    from django.apps import apps
    from django.utils import timezone

    if not apps.is_installed("pmo.reporting"):
        return 0
    from pmo.projects.models import Project
    from pmo.reporting.periods import last_due_period, previous_period
    from pmo.reporting.selectors import effective_settings
    from pmo.reporting.services import report_draft, report_submit

    fresh = Project.objects.get(pk=project.pk)
    config = effective_settings(fresh)
    due = last_due_period(timezone.localdate(), config.cadence, config.anchor, config.grace_days)
    earlier = previous_period(due, config.cadence, config.anchor)
    periods = [previous_period(earlier, config.cadence, config.anchor), earlier]
    if n % 5 != 4:
        periods.append(due)
    for _, end in periods:
        report = report_draft(actor=admin, project=fresh, period_end=end)
        report_submit(actor=admin, report=report, expected_version=report.version)
    return len(periods)


def _timesheets(admin: Any, people: list[Any], weeks: int) -> tuple[int, int]:
    """Approved sheets of the last ``weeks`` weeks before the status date: each person logs a full
    week (8 h a day) spread over up to three started tasks assigned to their resource."""
    from pmo.projects.models import Task
    from pmo.timesheets.services.decisions import timesheet_approve
    from pmo.timesheets.services.entries import entries_set, timesheet_submit

    last_monday = STATUS_DATE - dt.timedelta(days=STATUS_DATE.weekday())
    sheets = entries = 0
    for person in people:
        tasks = list(
            Task.objects.filter(
                assignments__resource__user=person, is_summary=False, actual_start__isnull=False
            ).order_by("-actual_start", "id")[:3]
        )
        if not tasks:
            continue
        for w in range(weeks):
            monday = last_monday - dt.timedelta(weeks=w)
            cells = [
                {"task": task, "date": monday + dt.timedelta(days=d), "minutes": 480 // len(tasks)}
                for d in range(5)
                for task in tasks
            ]
            sheet = entries_set(actor=person, week_start=monday, cells=cells)
            sheet = timesheet_submit(actor=person, timesheet=sheet)
            timesheet_approve(actor=admin, timesheet=sheet)
            sheets += 1
            entries += len(cells)
    return sheets, entries
