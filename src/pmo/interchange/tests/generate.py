"""Generated MSPDI plans of any size, for tests and benchmarks (``bench/`` reuses it).

The plan is deterministic for a seed: phases of ten tasks (one summary, nine children chained
FS with some lags and SS links), a milestone per phase, constraints and deadlines here and there,
baselines 0 and 1, notes, priorities, twenty resources with one assignment per leaf task, and a
few extras per task (task type, creation date, a custom text field) so that every path of the
reader is exercised.

Examples
--------
>>> xml = generate_mspdi(20)
>>> xml.count(b"<Task>")
21
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from pmo.engine.schedule import (
    Calendar,
    CalendarException,
    ConstraintType,
    Lag,
    Link,
    LinkType,
    Project,
    Task,
)
from pmo.interchange.document import (
    Assignment,
    BaselineValues,
    PlanDocument,
    Resource,
    ResourceKind,
    TaskDetails,
)
from pmo.interchange.mspdi_write import write_mspdi_document

__all__ = ["generate_document", "generate_mspdi"]

START = datetime(2025, 1, 6, 8)


def generate_document(n_tasks: int, *, seed: int = 0) -> PlanDocument:
    """A plan document with ``n_tasks`` tasks (see the module docstring)."""
    rng = random.Random(seed)
    calendar = Calendar(
        name="Standard",
        exceptions=tuple(
            CalendarException(
                (START + timedelta(days=d)).date(), (START + timedelta(days=d)).date(), name="Holiday"
            )
            for d in range(30, 3000, 90)
        ),
    )
    tasks: list[Task] = []
    links: list[Link] = []
    details: dict[int, TaskDetails] = {}
    resources = tuple(
        Resource(
            uid=r,
            name=f"Resource {r}",
            kind=ResourceKind.WORK if r % 5 else ResourceKind.MATERIAL,
            initials=f"R{r}",
            standard_rate=Decimal(40 + r),
            max_units=1.0,
        )
        for r in range(1, 21)
    )
    assignments: list[Assignment] = []
    phase: int | None = None
    previous: int | None = None
    for uid in range(1, n_tasks + 1):
        if (uid - 1) % 10 == 0:
            tasks.append(Task(uid, f"Phase {uid // 10 + 1}", 0, outline_level=1))
            phase, previous = uid, None
            continue
        duration = rng.choice((0, 240, 480, 960, 1440, 2400)) if uid % 10 != 0 else 0
        constraint, constraint_date = ConstraintType.ASAP, None
        if rng.random() < 0.05:
            constraint = ConstraintType.SNET
            constraint_date = START + timedelta(days=rng.randrange(0, 200))
        task = Task(
            uid,
            f"Task {uid}",
            duration,
            milestone=duration == 0,
            parent=phase,
            constraint=constraint,
            constraint_date=constraint_date,
            deadline=START + timedelta(days=400) if rng.random() < 0.02 else None,
            baseline_start=START,
            baseline_finish=START + timedelta(hours=9),
            baseline_duration=duration,
            outline_level=2,
        )
        tasks.append(task)
        if previous is not None:
            kind = LinkType.SS if rng.random() < 0.1 else LinkType.FS
            lag = Lag(rng.choice((0, 0, 0, 480, -240)))
            links.append(Link(previous, uid, kind, lag))
        previous = uid
        details[uid] = TaskDetails(
            notes=f"Note for task {uid}" if uid % 7 == 0 else "",
            priority=rng.choice((500, 500, 700, 1000)),
            baselines={
                0: BaselineValues(START, START + timedelta(hours=9), duration, duration, Decimal("120.50")),
                1: BaselineValues(START, START + timedelta(hours=9), duration),
            },
            fixed_cost=Decimal(uid % 3 * 100),
            extra={
                "Type": ("<Type>0</Type>",),
                "CreateDate": ("<CreateDate>2024-12-01T09:00:00</CreateDate>",),
                "ExtendedAttribute": (
                    f"<ExtendedAttribute><FieldID>188743731</FieldID><Value>code {uid}</Value>"
                    "</ExtendedAttribute>",
                ),
            },
        )
        if duration:
            resource = resources[uid % len(resources)]
            assignments.append(
                Assignment(
                    uid=uid,
                    task=uid,
                    resource=resource.uid,
                    units=1.0,
                    work=duration,
                    remaining_work=duration,
                )
            )
    project = Project(
        tasks=tuple(tasks), links=tuple(links), calendars={"1": calendar}, calendar="1", start=START,
        name=f"Generated plan, {n_tasks} tasks",
    )  # fmt: skip
    extra = {
        "ExtendedAttributes": (
            "<ExtendedAttributes><ExtendedAttribute><FieldID>188743731</FieldID><FieldName>Text1</FieldName>"
            "<Alias>Code</Alias></ExtendedAttribute></ExtendedAttributes>",
        ),
        "CurrencyCode": ("<CurrencyCode>EUR</CurrencyCode>",),
    }
    return PlanDocument(
        project=project,
        details=details,
        resources=resources,
        assignments=tuple(assignments),
        extra=extra,
        format="mspdi",
    )


def generate_mspdi(n_tasks: int, *, seed: int = 0) -> bytes:
    """The MSPDI file of :func:`generate_document` (written by the interchange writer)."""
    return write_mspdi_document(generate_document(n_tasks, seed=seed))
