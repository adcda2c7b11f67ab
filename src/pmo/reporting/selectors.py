"""Permission-scoped reads of status reports and reporting settings; the values a draft is made
from (:func:`draft_inputs`); the latest report and the overdue flag of many projects at once
(:func:`status_rows`, a constant number of queries whatever the number of projects)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from pmo.accounts.models import User
from pmo.accounts.selectors import scoped
from pmo.core.choices import AuditAction, LifecycleState
from pmo.core.models import AuditRecord, Scope
from pmo.core.selectors import get_visible
from pmo.performance.earned_value import earned_values
from pmo.projects.models import Baseline, BaselineTask, Project, Task
from pmo.quality.choices import DefectStatus, DeliverableStatus
from pmo.quality.models import Defect, Deliverable
from pmo.reporting.choices import ReportStatus
from pmo.reporting.drafting import DraftInputs, Milestone
from pmo.reporting.models import DEFAULT_ANCHOR, ReportingSettings, StatusReport
from pmo.reporting.periods import last_due_period, period_containing
from pmo.reporting.signals import risk_signal
from pmo.reporting.thresholds import defaults
from pmo.resources.models import Assignment

#: Changes listed in a report (newest first).
CHANGES_SHOWN = 20
#: Lifecycle states in which a project is expected to report.
REPORTING_STATES = (LifecycleState.ACTIVE,)


def reports_visible(user: Any) -> QuerySet[StatusReport]:
    """Status reports of the projects the user may see."""
    return scoped(StatusReport.objects.select_related("project__scope", "scope", "submitted_by"), user)


def report_get(user: Any, uid: Any, *, project: Project | None = None) -> StatusReport:
    """One visible status report (of ``project`` when given), or 404."""
    queryset = reports_visible(user)
    if project is not None:
        queryset = queryset.filter(project=project)
    return get_visible(queryset, uid=uid)


def reports_of(user: Any, project: Project) -> QuerySet[StatusReport]:
    """The reports of a project the caller has fetched through ``project_get``, newest period first."""
    return reports_visible(user).filter(project=project).order_by("-period_end")


def settings_of(project: Project) -> ReportingSettings | None:
    """The reporting settings of a project the caller has fetched (``None``: defaults, never saved)."""
    return ReportingSettings.objects.filter(project=project).first()


def settings_visible(user: Any) -> QuerySet[ReportingSettings]:
    """Reporting settings of the projects the user may see."""
    return scoped(ReportingSettings.objects.select_related("project__scope", "scope"), user)


def effective_settings(project: Project) -> ReportingSettings:
    """The saved settings, or unsaved defaults (weekly, Friday periods, 3 grace days)."""
    saved = settings_of(project)
    if saved is not None:
        return saved
    return ReportingSettings(
        project=project, scope=project.scope, anchor=DEFAULT_ANCHOR, thresholds=defaults()
    )


def current_period(project: Project, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The reporting period of the project that contains ``today`` (default: the local date)."""
    config = effective_settings(project)
    return period_containing(today or timezone.localdate(), config.cadence, config.anchor)


# -- the values a draft is made from --------------------------------------------------------------


def _day(value: dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _number(value: Any) -> Any:
    """JSON-safe: decimals as strings, dates as ISO text, floats kept."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def earned_value_of(projects: Sequence[Project]) -> dict[int, Any]:
    """Earned-value figures of ``projects`` by id (:mod:`pmo.performance.earned_value`)."""
    return dict(earned_values(projects))


#: The earned-value figures a report shows (attributes of ``EarnedValueFigures``).
EV_FIELDS = (
    *("status_date", "bac", "pv", "ev", "ac", "cv", "sv", "cpi", "spi", "spi_t", "eac", "etc", "vac"),
    *("tcpi_bac", "baseline_finish", "forecast_finish", "has_baseline", "has_budget"),
)


def _earned_value_fields(figures: Any) -> dict[str, Any]:
    return {name: _number(getattr(figures, name, None)) for name in EV_FIELDS}


def _milestones(project: Project) -> tuple[Milestone, ...]:
    rows = list(
        Task.objects.filter(project=project, is_milestone=True, is_active=True)
        .order_by("position")
        .values_list("pk", "name", "finish", "actual_finish")
    )
    baseline = Baseline.objects.filter(project=project, number=project.compare_baseline).first()
    baseline_finish: dict[int, dt.datetime | None] = {}
    if baseline is not None:
        baseline_finish = dict(
            BaselineTask.objects.filter(baseline=baseline, task__is_milestone=True).values_list(
                "task_id", "finish"
            )
        )
    return tuple(
        Milestone(
            name=name,
            finish=_day(finish),
            baseline_finish=_day(baseline_finish.get(pk)),
            actual_finish=_day(actual),
        )
        for pk, name, finish, actual in rows
    )


def _changes(project: Project, start: dt.date, end: dt.date) -> tuple[int, int, tuple[dict[str, Any], ...]]:
    """Tasks added and removed in the period, and the notable changes (tasks, baselines, dates)."""
    task_type = ContentType.objects.get_for_model(Task)
    baseline_type = ContentType.objects.get_for_model(Baseline)
    project_type = ContentType.objects.get_for_model(Project)
    records = AuditRecord.objects.filter(scope=project.scope, at__date__gte=start, at__date__lte=end)
    counts = records.filter(content_type=task_type).aggregate(
        added=Count("pk", filter=Q(action=AuditAction.CREATE)),
        removed=Count("pk", filter=Q(action=AuditAction.DELETE)),
    )
    notable = records.filter(
        Q(content_type=task_type, action__in=(AuditAction.CREATE, AuditAction.DELETE))
        | Q(content_type=baseline_type)
        | Q(content_type=project_type, action=AuditAction.UPDATE, changes__has_key="finish_date")
        | Q(content_type=project_type, action=AuditAction.UPDATE, changes__has_key="start_date")
    ).order_by("-at", "-id")[:CHANGES_SHOWN]
    words = {
        AuditAction.CREATE.value: "added",
        AuditAction.DELETE.value: "removed",
        AuditAction.UPDATE.value: "changed",
    }
    changes = []
    for record in notable:
        if record.content_type_id == baseline_type.pk:
            text = f"{record.object_repr} saved"
        elif record.content_type_id == project_type.pk:
            moved = [
                f"{name.replace('_', ' ')} {pair[0] or '—'} → {pair[1] or '—'}"
                for name, pair in record.changes.items()
                if name in ("start_date", "finish_date")
            ]
            text = "Project " + "; ".join(moved)
        else:
            text = f"Task {record.object_repr} {words.get(record.action, record.action)}"
        day = _day(record.at)
        changes.append({"at": day.isoformat() if day else None, "text": text})
    return counts["added"], counts["removed"], tuple(changes)


def _quality(project: Project, end: dt.date) -> tuple[int, dict[str, int], tuple[str, ...]]:
    deliverables = Deliverable.objects.filter(project=project)
    open_defects = dict(
        Defect.objects.filter(deliverable__project=project, status=DefectStatus.OPEN)
        .values_list("severity")
        .annotate(n=Count("pk"))
        .values_list("severity", "n")
    )
    overdue = tuple(
        deliverables.filter(due_date__lt=end)
        .exclude(status=DeliverableStatus.ACCEPTED)
        .order_by("due_date", "name")
        .values_list("name", flat=True)
    )
    return deliverables.count(), open_defects, overdue


def _resources(project: Project) -> tuple[int, tuple[str, ...]]:
    assignments = Assignment.objects.filter(project=project)
    over = (
        assignments.filter(units__gt=F("resource__max_units"), task__actual_finish__isnull=True)
        .order_by("task__position", "resource__name")
        .values_list("resource__name", "task__name")
    )
    return assignments.count(), tuple(f"{resource} on {task}" for resource, task in over)


def draft_inputs(project: Project, start: dt.date, end: dt.date) -> DraftInputs:
    """Everything a draft of ``project`` for the period ``start``–``end`` is made from."""
    config = effective_settings(project)
    figures = earned_value_of([project]).get(project.pk)
    added, removed, changes = _changes(project, start, end)
    deliverable_count, open_defects, overdue = _quality(project, end)
    assignment_count, overallocated = _resources(project)
    has_budget = bool(figures is not None and getattr(figures, "has_budget", False))
    return DraftInputs(
        period_start=start,
        period_end=end,
        thresholds=config.thresholds,
        spi=getattr(figures, "spi", None) if has_budget else None,
        cpi=getattr(figures, "cpi", None) if has_budget else None,
        has_budget=has_budget,
        earned_value=_earned_value_fields(figures) if figures is not None else None,
        milestones=_milestones(project),
        task_count=Task.objects.filter(project=project).count(),
        tasks_added=added,
        tasks_removed=removed,
        changes=changes,
        deliverable_count=deliverable_count,
        open_defects=open_defects,
        overdue_deliverables=overdue,
        assignment_count=assignment_count,
        overallocated=overallocated,
        risk=risk_signal(project, start, end),
    )


# -- stakeholders ---------------------------------------------------------------------------------


def stakeholders_of(project: Project) -> QuerySet[User]:
    """Active people with an e-mail address and a role on the project or above it (directly or
    through a team): the recipients of its submitted reports."""
    ancestors = project.scope.ancestor_ids()
    member = Q(memberships__scope_id__in=ancestors) | Q(teams__memberships__scope_id__in=ancestors)
    ids = User.objects.filter(member, is_active=True).exclude(email="").values("pk")
    return User.objects.filter(pk__in=ids).order_by("email")


# -- program and portfolio status pages -----------------------------------------------------------


@dataclass(frozen=True)
class StatusRow:
    """One child project on a program or portfolio status page."""

    project: Project
    latest: StatusReport | None
    due_end: dt.date | None
    overdue: bool

    def rags(self) -> list[dict[str, str]]:
        """The latest report's final RAG per dimension (grey when there is no report) and its label."""
        from pmo.reporting.choices import Dimension, Rag

        rags = [
            self.latest.final_rag(key) if self.latest else Rag.NOT_ASSESSED.value for key in Dimension.values
        ]
        return [
            {"key": key, "label": label, "rag": rag, "text": Rag(rag).label}
            for (key, label), rag in zip(Dimension.choices, rags, strict=True)
        ]


def projects_under(user: Any, scope: Scope) -> QuerySet[Project]:
    """Visible projects anywhere under ``scope`` (a program's or portfolio's), by code."""
    return scoped(Project.objects.select_related("scope"), user).filter(scope__path__startswith=scope.path)


def status_rows(projects: QuerySet[Project], today: dt.date | None = None) -> list[StatusRow]:
    """Each project's latest submitted report and overdue flag, in three queries in all.

    A project is overdue when it is active, has saved reporting settings, and has no submitted
    report for the last period that is due (its end plus the grace days before ``today``) or later.
    """
    today = today or timezone.localdate()
    latest_id = (
        StatusReport.objects.filter(project=OuterRef("pk"), status=ReportStatus.SUBMITTED)
        .order_by("-period_end")
        .values("pk")[:1]
    )
    rows = list(projects.annotate(latest_report_id=Subquery(latest_id)).order_by("code"))
    # The figures and snapshot are not shown here: leave the JSON columns in the database.
    latest_ids = [r.latest_report_id for r in rows if r.latest_report_id]
    reports = StatusReport.objects.defer("data", "snapshot").in_bulk(latest_ids)
    configs = {c.project_id: c for c in ReportingSettings.objects.filter(project__in=[r.pk for r in rows])}
    result = []
    for project in rows:
        latest = reports.get(project.latest_report_id)
        config = configs.get(project.pk)
        due_end = None
        overdue = False
        if config is not None and project.state in REPORTING_STATES:
            due_end = last_due_period(today, config.cadence, config.anchor, config.grace_days)[1]
            started = project.start_date is None or project.start_date <= due_end
            overdue = started and (latest is None or latest.period_end < due_end)
        result.append(StatusRow(project=project, latest=latest, due_end=due_end, overdue=overdue))
    return result


def project_status(project: Project) -> StatusRow:
    """The latest submitted report and overdue flag of one project the caller has fetched."""
    return status_rows(Project.objects.filter(pk=project.pk).select_related("scope"))[0]


def settings_get(user: Any, uid: Any) -> ReportingSettings:
    """One visible settings row by public id, or 404."""
    return get_visible(settings_visible(user), uid=uid)
