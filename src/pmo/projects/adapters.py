"""ORM ↔ engine: load a project's rows into :mod:`pmo.engine.schedule`, write the answer back.

"Fetch, then calculate": :func:`engine_project` reads tasks, links and calendars with three
queries into the engine's frozen dataclasses; :func:`recalculate` runs the engine and writes only
the rows whose computed fields changed (one ``bulk_update``), returning their ids so a page can
refresh just those rows. Engine times are wall-clock (naive); the database holds aware datetimes
in the site's time zone (``TIME_ZONE``), converted here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection
from django.utils import timezone

from pmo.core.errors import DomainRuleError
from pmo.engine.schedule import schedule
from pmo.engine.schedule.calendars import Calendar, CalendarException, Recurrence, RecurrenceType
from pmo.engine.schedule.errors import CycleError, HorizonError, ScheduleError
from pmo.engine.schedule.network import ConstraintType, Lag, Link, LinkType
from pmo.engine.schedule.network import Project as EngineProject
from pmo.engine.schedule.network import Task as EngineTask
from pmo.engine.schedule.results import ScheduleResult
from pmo.projects.hooks import after_recalculate
from pmo.projects.models import CalendarException as ExceptionRow
from pmo.projects.models import Link as LinkRow
from pmo.projects.models import Project, Task, WorkCalendar

#: Computed task fields written by :func:`recalculate`.
SCHEDULE_FIELDS = (
    "start",
    "finish",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "scheduled_minutes",
    "total_slack",
    "free_slack",
    "is_critical",
)

_TASK_INPUT_FIELDS = (
    "id",
    "position",
    "name",
    "parent_id",
    "duration_minutes",
    "duration_elapsed",
    "estimated",
    "is_milestone",
    "is_manual",
    "manual_start",
    "manual_finish",
    "is_active",
    "constraint_type",
    "constraint_date",
    "deadline",
    "calendar_id",
    "percent_complete",
    "actual_start",
    "actual_finish",
    "remaining_minutes",
    "wbs",
    "outline_level",
)


def to_wall(value: dt.datetime | None) -> dt.datetime | None:
    """An aware datetime as the engine's naive wall-clock time in the site's time zone."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.get_default_timezone())
    return value.replace(tzinfo=None, second=0, microsecond=0)


def from_wall(value: dt.datetime | None, tz: dt.tzinfo | None = None) -> dt.datetime | None:
    """The engine's naive wall-clock time as an aware datetime in the site's time zone.

    ``replace(tzinfo=...)`` with a ``zoneinfo`` zone is the PEP 495 way to attach a zone to a
    wall-clock time (the ambiguous hour of a DST change takes ``fold=0``, as ``make_aware`` does),
    and it costs a fraction of ``make_aware`` when thousands of rows are written back.
    """
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=tz or timezone.get_default_timezone())


def _recurrence(data: Mapping[str, Any] | None) -> Recurrence | None:
    if not data:
        return None
    return Recurrence(
        type=RecurrenceType(data["type"]),
        period=int(data.get("period", 1)),
        weekdays=frozenset(int(d) for d in data.get("weekdays", ())),
        day=data.get("day"),
        month=data.get("month"),
        position=data.get("position"),
        occurrences=data.get("occurrences"),
    )


def _times(periods: Iterable[Iterable[int]] | None) -> tuple[tuple[int, int], ...] | None:
    if periods is None:
        return None
    return tuple((int(a), int(b)) for a, b in periods)


#: Engine calendars by fingerprint (ids, versions and change times of the calendar rows and their
#: exceptions; the time because SQLite hands a rolled-back row's id out again, with version 1), so
#: a process compiles a project's calendars once, not on every edit (the engine caches the compiled
#: tables on each ``Calendar`` object). Small: a project has a few calendars.
_CALENDAR_CACHE: OrderedDict[tuple[Any, ...], dict[str, Calendar]] = OrderedDict()
_CALENDAR_CACHE_SIZE = 64


def _build_calendars(project: Project) -> dict[str, Calendar]:
    rows = list(WorkCalendar.objects.filter(project=project).prefetch_related("exceptions"))
    by_id = {row.pk: row for row in rows}
    built: dict[int, Calendar] = {}

    def build(row: WorkCalendar, seen: frozenset[int] = frozenset()) -> Calendar:
        if row.pk in built:
            return built[row.pk]
        if row.pk in seen:
            raise DomainRuleError(f"calendar {row.name!r} is its own base", field="base")
        base = build(by_id[row.base_id], seen | {row.pk}) if row.base_id in by_id else None
        exceptions = tuple(
            CalendarException(
                start=exc.start,
                finish=exc.finish,
                working_times=_times(exc.working_times) or (),
                recurrence=_recurrence(exc.recurrence),
                name=exc.name,
            )
            for exc in row.exceptions.all()
        )
        week = tuple(_times(day) for day in row.week)
        built[row.pk] = Calendar(name=row.name, week=week, exceptions=exceptions, base=base)
        return built[row.pk]

    return {str(row.pk): build(row) for row in rows}


def engine_calendars(project: Project) -> dict[str, Calendar]:
    """The project's calendars as engine calendars, keyed by ``str(pk)`` (bases resolved).

    Two small queries give the fingerprint; the rows are read and built only when it is new.
    """
    fingerprint = (
        project.pk,
        tuple(
            WorkCalendar.objects.filter(project=project)
            .order_by("pk")
            .values_list("pk", "version", "base_id", "updated_at")
        ),
        tuple(
            ExceptionRow.objects.filter(calendar__project=project)
            .order_by("pk")
            .values_list("calendar_id", "pk", "version", "updated_at")
        ),
    )
    cached = _CALENDAR_CACHE.get(fingerprint)
    if cached is not None:
        _CALENDAR_CACHE.move_to_end(fingerprint)
        return cached
    calendars = _build_calendars(project)
    _CALENDAR_CACHE[fingerprint] = calendars
    while len(_CALENDAR_CACHE) > _CALENDAR_CACHE_SIZE:
        _CALENDAR_CACHE.popitem(last=False)
    return calendars


@dataclass
class LoadedProject:
    """The engine input of a project and what is needed to write the answer back."""

    engine: EngineProject
    rows: dict[int, dict[str, Any]]
    """Task rows by id: the input fields plus the stored computed fields."""
    positions: dict[int, int] = field(default_factory=dict)


def project_start(project: Project) -> dt.datetime:
    """The instant the schedule starts from: the start date (or creation date) at midnight; the
    engine moves it to the project calendar's first working time. An imported plan keeps its file's
    start time while the start date is unchanged."""
    day = project.start_date or timezone.localdate(project.created_at)
    imported = (project.extra or {}).get("start")
    if isinstance(imported, str) and imported[:10] == day.isoformat():
        return dt.datetime.fromisoformat(imported)  # the start time of an imported plan (e.g. 09:00)
    return dt.datetime(day.year, day.month, day.day)


def status_day(instant: dt.datetime) -> dt.date:
    """The status date shown for a status instant: its day, or the day before for midnight."""
    return (instant - dt.timedelta(minutes=1)).date() if instant.time() == dt.time(0) else instant.date()


def status_instant(project: Project) -> dt.datetime | None:
    """The status date as an instant: the end of that day (an imported plan keeps its file's
    status instant, e.g. a P6 data date at 08:00, while the status date is unchanged)."""
    if project.status_date is None:
        return None
    imported = (project.extra or {}).get("status")
    if isinstance(imported, str) and status_day(dt.datetime.fromisoformat(imported)) == project.status_date:
        return dt.datetime.fromisoformat(imported)  # an imported data date (e.g. P6's, at 08:00)
    day = project.status_date + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day)


_DATETIME_COLUMNS = frozenset(
    {
        "constraint_date",
        "deadline",
        "actual_start",
        "actual_finish",
        "manual_start",
        "manual_finish",
        *SCHEDULE_FIELDS[:6],
    }
)
_BOOLEAN_COLUMNS = frozenset(
    {"duration_elapsed", "estimated", "is_milestone", "is_manual", "is_active", "is_critical", "lag_elapsed"}
)


def _db_datetime(value: Any) -> dt.datetime | None:
    """A datetime column as the database driver returns it (aware from psycopg; text in UTC from
    SQLite), as an aware datetime."""
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def _raw_rows(queryset: Any, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """``queryset.values(*fields)`` without Django's per-value converters: the ORM builds the
    query, the cursor runs it, and only the non-null datetime and the boolean columns are
    converted. Reading a 5,000-task project this way takes a third of the time."""
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raw = cursor.fetchall()
    datetimes = [i for i, name in enumerate(fields) if name in _DATETIME_COLUMNS]
    booleans = [i for i, name in enumerate(fields) if name in _BOOLEAN_COLUMNS]
    out = []
    for values in raw:
        row = dict(zip(fields, values, strict=True))
        for i in datetimes:
            if values[i] is not None:
                row[fields[i]] = _db_datetime(values[i])
        for i in booleans:
            row[fields[i]] = bool(values[i])
        out.append(row)
    return out


def _engine_task(row: Mapping[str, Any]) -> EngineTask:
    """One task row as the engine's task."""
    return EngineTask(
        uid=row["id"],
        name=row["name"],
        duration=row["duration_minutes"],
        elapsed=row["duration_elapsed"],
        milestone=row["is_milestone"],
        parent=row["parent_id"],
        constraint=ConstraintType(row["constraint_type"]),
        constraint_date=to_wall(row["constraint_date"]),
        deadline=to_wall(row["deadline"]),
        calendar=str(row["calendar_id"]) if row["calendar_id"] else None,
        actual_start=to_wall(row["actual_start"]),
        actual_finish=to_wall(row["actual_finish"]),
        percent_complete=float(row["percent_complete"]),
        remaining_duration=row["remaining_minutes"],
        estimated=row["estimated"],
        manual=row["is_manual"],
        manual_start=to_wall(row["manual_start"]),
        manual_finish=to_wall(row["manual_finish"]),
        active=row["is_active"],
        wbs=row["wbs"],
        outline_level=row["outline_level"],
    )


#: The engine input of recently recalculated projects, keyed by project id:
#: ``((scheduled_at, version), LoadedProject)``. A write that changed only some tasks' own fields
#: (a duration, a constraint; not links, outline, calendars or project settings) re-reads just those
#: rows and reuses the rest. The key is read under the project lock: any other change in between
#: (another process, a rolled-back transaction, a project edit) leaves a different key.
_INPUT_CACHE: OrderedDict[int, tuple[tuple[Any, ...], LoadedProject]] = OrderedDict()


def _input_key(project: Project) -> tuple[Any, ...]:
    return (project.scheduled_at, project.version)


def _with_updated_tasks(project: Project, loaded: LoadedProject, updated: Collection[int]) -> LoadedProject:
    """``loaded`` with the rows of ``updated`` read again (one query)."""
    fresh = {
        row["id"]: row
        for row in _raw_rows(Task.objects.filter(project=project, pk__in=list(updated)), _TASK_INPUT_FIELDS)
    }
    if set(fresh) != set(updated) or not set(updated) <= set(loaded.rows):
        return engine_project(project, with_stored=False)  # rows appeared or vanished: read all
    tasks = tuple(
        _engine_task(fresh[task.uid]) if task.uid in fresh else task for task in loaded.engine.tasks
    )
    rows = {**loaded.rows, **fresh}
    return LoadedProject(engine=replace(loaded.engine, tasks=tasks), rows=rows, positions=loaded.positions)


def engine_project(
    project: Project,
    *,
    overrides: Mapping[int, Mapping[str, Any]] | None = None,
    with_stored: bool = True,
) -> LoadedProject:
    """Load ``project`` into an engine :class:`~pmo.engine.schedule.network.Project` (3 queries).

    ``overrides`` replaces engine task fields by task id (used to ask "what if this constraint
    were ASAP?"). ``with_stored`` also reads the stored schedule fields (to find what changed).
    """
    fields = (*_TASK_INPUT_FIELDS, *SCHEDULE_FIELDS) if with_stored else _TASK_INPUT_FIELDS
    rows = {row["id"]: row for row in _raw_rows(Task.objects.filter(project=project), fields)}
    link_fields = ("predecessor_id", "successor_id", "type", "lag_minutes", "lag_elapsed", "lag_percent")
    links = [
        tuple(row[name] for name in link_fields)
        for row in _raw_rows(LinkRow.objects.filter(project=project), link_fields)
    ]
    calendars = engine_calendars(project)
    tasks = []
    for row in rows.values():
        task = _engine_task(row)
        if overrides and row["id"] in overrides:
            task = replace(task, **overrides[row["id"]])
        tasks.append(task)
    engine_links = tuple(
        Link(
            predecessor=pred,
            successor=succ,
            type=LinkType[kind],
            lag=Lag(minutes=lag, elapsed=elapsed, percent=percent),
        )
        for pred, succ, kind, lag, elapsed, percent in links
    )
    engine = EngineProject(
        tasks=tuple(tasks),
        links=engine_links,
        calendars=calendars,
        calendar=str(project.calendar_id) if project.calendar_id else "Standard",
        start=project_start(project),
        status_date=status_instant(project),
        minutes_per_day=project.minutes_per_day,
        minutes_per_week=project.minutes_per_week,
        days_per_month=project.days_per_month,
        name=project.name,
    )
    return LoadedProject(engine=engine, rows=rows, positions={pk: r["position"] for pk, r in rows.items()})


def _cycle_message(error: CycleError, positions: Mapping[int, int]) -> str:
    """Name the cycle by row numbers: ``rows 3 → 4 → 5 → 3``."""
    rows: list[str] = []
    for item in error.tasks:
        text = str(item)
        uid = text.rsplit("uid ", 1)[-1].rstrip(")") if "uid " in text else text
        rows.append(str(positions.get(int(uid), uid)) if uid.isdigit() else text)
    if not rows:
        return "The links form a cycle."
    return f"The links form a cycle: rows {' → '.join([*rows, rows[0]])}."


def run_engine(loaded: LoadedProject) -> ScheduleResult:
    """Schedule ``loaded``; engine errors become a :class:`DomainRuleError` a page can show."""
    try:
        return schedule(loaded.engine)
    except CycleError as error:
        raise DomainRuleError(_cycle_message(error, loaded.positions), field="predecessors") from error
    except HorizonError as error:
        raise DomainRuleError(
            "A date is too far from the project's dates to schedule (check constraint dates and deadlines).",
            field="constraint_date",
        ) from error
    except ScheduleError as error:
        raise DomainRuleError(str(error)) from error


@dataclass(frozen=True)
class Recalculation:
    """What a recalculation changed: the task ids whose computed fields moved, and the project span."""

    changed: tuple[int, ...]
    start: dt.datetime | None
    finish: dt.datetime | None
    result: ScheduleResult


#: The last stored schedule of recently recalculated projects, in engine terms, keyed by project id:
#: ``(scheduled_at, {task id: values})``. When the project's ``scheduled_at`` (read under the
#: project lock) equals the cached one, the rows hold exactly these values, so what changed is found
#: by comparing engine tuples, without reading and converting ten columns of every task. Any other
#: writer (another process, a rolled-back transaction) leaves a different ``scheduled_at`` in the
#: database, and the rows are then read and compared as usual.
_RESULT_CACHE: OrderedDict[int, tuple[dt.datetime, dict[int, tuple[Any, ...]]]] = OrderedDict()
_RESULT_CACHE_SIZE = 32


def _engine_values(res: Any) -> tuple[Any, ...]:
    """A task result as the tuple of :data:`SCHEDULE_FIELDS` (engine wall-clock times)."""
    return (
        res.start,
        res.finish,
        res.early_start,
        res.early_finish,
        res.late_start,
        res.late_finish,
        max(0, res.duration),
        res.total_slack,
        res.free_slack,
        res.critical,
    )


def _stored_values(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """A task row's stored schedule as the tuple of :data:`SCHEDULE_FIELDS` in engine terms."""
    return tuple(to_wall(row[name]) if name in _DATETIME_FIELDS else row[name] for name in SCHEDULE_FIELDS)


_DATETIME_FIELDS = frozenset(SCHEDULE_FIELDS[:6])


#: PostgreSQL array types of :data:`SCHEDULE_FIELDS`, for the one-statement update.
_PG_TYPES = ("timestamptz",) * 6 + ("integer", "integer", "integer", "boolean")


def _write_schedule(changed: list[tuple[int, tuple[Any, ...]]]) -> None:
    """Store the schedule fields of the changed tasks.

    PostgreSQL: one ``UPDATE ... FROM unnest(arrays)`` for all rows. SQLite: one prepared
    ``UPDATE`` per row through ``executemany`` (in-process, no round trips). ``bulk_update`` builds
    ``CASE`` expressions that grow with the batch: it took seconds when a change moved every task
    of a 5,000-task project. Only model metadata (the table and the field names, which are the
    column names: a test checks it) goes into the SQL text; every value is a parameter.
    """
    if not changed:
        return
    tz = timezone.get_default_timezone()
    quote = connection.ops.quote_name
    table = quote(Task._meta.db_table)
    if connection.vendor == "postgresql":
        names = ", ".join(quote(name) for name in SCHEDULE_FIELDS)
        unnest = ", ".join(f"%s::{kind}[]" for kind in ("bigint", *_PG_TYPES))
        assign = ", ".join(f"{quote(name)} = v.{quote(name)}" for name in SCHEDULE_FIELDS)
        sql = (
            f"UPDATE {table} AS t SET {assign} FROM unnest({unnest}) "  # noqa: S608
            f"AS v({quote('id')}, {names}) WHERE t.{quote('id')} = v.{quote('id')}"
        )
        columns: list[list[Any]] = [[pk for pk, _ in changed]]
        for i in range(len(SCHEDULE_FIELDS)):
            if i < 6:
                columns.append([from_wall(values[i], tz) for _, values in changed])
            else:
                columns.append([values[i] for _, values in changed])
        with connection.cursor() as cursor:
            cursor.execute(sql, columns)
        return
    assignments = ", ".join(f"{quote(name)} = %s" for name in SCHEDULE_FIELDS)
    sql = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
    if connection.vendor == "sqlite":
        # What Django's SQLite adapter stores for an aware datetime: UTC, as str() of the naive value.
        def adapt(value: dt.datetime | None) -> Any:
            if value is None:
                return None
            return str(value.replace(tzinfo=tz).astimezone(dt.UTC).replace(tzinfo=None))
    else:

        def adapt(value: dt.datetime | None) -> Any:
            return connection.ops.adapt_datetimefield_value(from_wall(value, tz))

    params = [(*(adapt(v) for v in values[:6]), *values[6:], pk) for pk, values in changed]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def recalculate(
    project: Project, *, loaded: LoadedProject | None = None, updated: Collection[int] | None = None
) -> Recalculation:
    """Schedule ``project`` with the engine and store the answer (only the rows that changed).

    Call inside the transaction of the write that made the recalculation necessary: a
    :class:`DomainRuleError` (cycle, date out of range) then rolls the write back.

    ``updated``: the ids of the only tasks whose own fields changed since the last recalculation,
    when the caller knows that nothing else did (lets the input be reused; see ``_INPUT_CACHE``).
    """
    cached = _RESULT_CACHE.get(project.pk)
    previous = cached[1] if cached and project.scheduled_at and cached[0] == project.scheduled_at else None
    inputs = _INPUT_CACHE.get(project.pk)
    if (
        loaded is None
        and updated is not None
        and previous is not None
        and inputs
        and inputs[0] == _input_key(project)
    ):
        loaded = _with_updated_tasks(project, inputs[1], updated)
    loaded = loaded or engine_project(project, with_stored=previous is None)
    result = run_engine(loaded)
    if previous is None:
        previous = {pk: _stored_values(row) for pk, row in loaded.rows.items()}
    changed: list[tuple[int, tuple[Any, ...]]] = []
    current: dict[int, tuple[Any, ...]] = {}
    for res in result.tasks:
        if res.uid not in loaded.rows:
            continue
        values = _engine_values(res)
        current[res.uid] = values
        if previous.get(res.uid) != values:
            changed.append((res.uid, values))
    _write_schedule(changed)
    start = from_wall(result.project_start) if result.tasks else None
    finish = from_wall(result.project_finish) if result.tasks else None
    stamp = timezone.now()
    Project.objects.filter(pk=project.pk).update(
        scheduled_start=start, scheduled_finish=finish, scheduled_at=stamp
    )
    project.scheduled_start, project.scheduled_finish, project.scheduled_at = start, finish, stamp
    _RESULT_CACHE[project.pk] = (stamp, current)
    _RESULT_CACHE.move_to_end(project.pk)
    _INPUT_CACHE[project.pk] = (_input_key(project), loaded)
    _INPUT_CACHE.move_to_end(project.pk)
    for cache in (_RESULT_CACHE, _INPUT_CACHE):
        while len(cache) > _RESULT_CACHE_SIZE:
            cache.popitem(last=False)
    after_recalculate(project.pk)
    return Recalculation(changed=tuple(pk for pk, _ in changed), start=start, finish=finish, result=result)
