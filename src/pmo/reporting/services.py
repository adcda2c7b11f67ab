"""Writes of the reporting app: settings, drafting, editing and submitting status reports.

Every service checks the role (manager of the project), runs in one transaction, bumps the
version and writes the audit record. Submitting freezes the report's snapshot and starts the
background job that e-mails it to the project's stakeholders (after the commit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_update, lock_for_update
from pmo.projects.models import Project
from pmo.reporting.choices import Cadence, Rag, ReportStatus
from pmo.reporting.drafting import draft
from pmo.reporting.models import DIMENSIONS, ReportingSettings, StatusReport
from pmo.reporting.periods import is_period_end, period_containing
from pmo.reporting.selectors import draft_inputs, effective_settings, settings_of
from pmo.reporting.thresholds import validate_thresholds

#: What a manager may change in the settings.
SETTINGS_FIELDS = ("cadence", "anchor", "grace_days", "thresholds")
#: Narrative fields of a report and their longest length.
NARRATIVE_FIELDS = {"summary": 5000, "achievements": 5000, "next_period": 5000, "decisions_needed": 5000}
OVERRIDE_FIELDS = tuple(f"{d}_override" for d in DIMENSIONS)
COMMENT_FIELDS = tuple(f"{d}_comment" for d in DIMENSIONS)
#: What a manager may change on a draft report.
REPORT_FIELDS = (*NARRATIVE_FIELDS, *OVERRIDE_FIELDS, *COMMENT_FIELDS)
COMMENT_LENGTH = 2000
OVERRIDES = (Rag.GREEN.value, Rag.AMBER.value, Rag.RED.value)


def _refuse_unknown(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])


def _clean_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    if "cadence" in clean and clean["cadence"] not in Cadence.values:
        raise DomainRuleError(
            f"{clean['cadence']!r} is not a cadence (weekly, fortnightly or monthly).", field="cadence"
        )
    if "anchor" in clean and (
        not isinstance(clean["anchor"], dt.date) or isinstance(clean["anchor"], dt.datetime)
    ):
        raise DomainRuleError("Give the anchor as a date.", field="anchor")
    if "grace_days" in clean:
        days = clean["grace_days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 60:
            raise DomainRuleError("The grace days must be a whole number from 0 to 60.", field="grace_days")
    if "thresholds" in clean:
        clean["thresholds"] = validate_thresholds(clean["thresholds"])
    return clean


def settings_update(
    *, actor: Any, project: Project, data: Mapping[str, Any], expected_version: int | None
) -> ReportingSettings:
    """Change the project's cadence, anchor, grace days or threshold rules (saved on first use); manager.

    ``thresholds`` may give only some rules: the others keep their defaults.
    """
    require_role(actor, project.scope, Role.MANAGER)
    _refuse_unknown(data, SETTINGS_FIELDS)
    clean = _clean_settings(data)
    with transaction.atomic():
        existing = settings_of(project)
        if existing is None:
            created = ReportingSettings(project=project, scope=project.scope, **clean)
            return instance_create(actor=actor, instance=created, scope=project.scope)
        updated, _ = instance_update(
            actor=actor, instance=existing, data=clean, expected_version=expected_version, scope=project.scope
        )
    return updated


def settings_create(*, actor: Any, project: Project, data: Mapping[str, Any]) -> ReportingSettings:
    """Save the reporting settings of a project that has none yet; manager."""
    require_role(actor, project.scope, Role.MANAGER)
    _refuse_unknown(data, SETTINGS_FIELDS)
    clean = _clean_settings(data)
    with transaction.atomic():
        if ReportingSettings.objects.select_for_update().filter(project=project).exists():
            raise DomainRuleError(
                f"Project {project.code} already has reporting settings; change them instead.",
                field="project",
            )
        created = ReportingSettings(project=project, scope=project.scope, **clean)
        return instance_create(actor=actor, instance=created, scope=project.scope)


def _already_submitted(report: StatusReport) -> DomainRuleError:
    when = timezone.localtime(report.submitted_at) if report.submitted_at else None
    who = f" by {report.submitted_by}" if report.submitted_by_id else ""
    on = f" on {when:%Y-%m-%d %H:%M}" if when else ""
    return DomainRuleError(f"This report was already submitted{on}{who}; it cannot change.", field="status")


def report_draft(*, actor: Any, project: Project, period_end: dt.date | None = None) -> StatusReport:
    """Create the draft report of a period (default: the current one) or refresh its figures; manager.

    The RAG of each dimension is drafted from the data afresh; narrative, overrides and comments
    stay. The project's reporting settings are saved with their defaults the first time, which
    starts the overdue tracking. A submitted report of the period is refused.
    """
    require_role(actor, project.scope, Role.MANAGER)
    config = effective_settings(project)
    if period_end is None:
        start, end = period_containing(timezone.localdate(), config.cadence, config.anchor)
    else:
        if not isinstance(period_end, dt.date) or not is_period_end(
            period_end, config.cadence, config.anchor
        ):
            expected = (
                period_containing(period_end, config.cadence, config.anchor)[1]
                if isinstance(period_end, dt.date)
                else None
            )
            hint = f" (the period holding it ends on {expected.isoformat()})" if expected else ""
            raise DomainRuleError(
                f"{period_end} does not end a {config.get_cadence_display().lower()} period{hint}.",
                field="period_end",
            )
        start, end = period_containing(period_end, config.cadence, config.anchor)
    drafted = draft(draft_inputs(project, start, end))
    values: dict[str, Any] = {f"{name}_rag": rating.rag for name, rating in drafted.rag.items()}
    values |= {"data": drafted.figures, "drafted_at": timezone.now()}
    with transaction.atomic():
        if config.pk is None:
            config = instance_create(actor=actor, instance=config, scope=project.scope)
        existing = StatusReport.objects.select_for_update().filter(project=project, period_end=end).first()
        if existing is None:
            report = StatusReport(
                project=project, scope=project.scope, period_start=start, period_end=end, **values
            )
            return instance_create(actor=actor, instance=report, scope=project.scope)
        if existing.is_submitted:
            raise _already_submitted(existing)
        updated, _ = instance_update(
            actor=actor,
            instance=existing,
            data=values,
            expected_version=None,
            scope=project.scope,
            note="Redrafted",
        )
    return updated


def _clean_report(report: StatusReport, data: Mapping[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    for name, limit in NARRATIVE_FIELDS.items():
        if name in clean:
            if not isinstance(clean[name], str):
                raise DomainRuleError(f"The {name.replace('_', ' ')} must be text.", field=name)
            if len(clean[name]) > limit:
                raise DomainRuleError(
                    f"The {name.replace('_', ' ')} is longer than {limit} characters.", field=name
                )
    for dimension in DIMENSIONS:
        override_field, comment_field = f"{dimension}_override", f"{dimension}_comment"
        override = clean.get(override_field, getattr(report, override_field))
        if override is None:
            override = ""
        if override not in ("", *OVERRIDES):
            raise DomainRuleError(
                f"{override!r} is not a RAG override (green, amber or red, or blank for none).",
                field=override_field,
            )
        if override_field in clean:
            clean[override_field] = override
        if override == "" and comment_field not in clean:
            clean[comment_field] = ""  # clearing the override clears its justification
        comment = clean.get(comment_field, getattr(report, comment_field)) or ""
        if not isinstance(comment, str):
            raise DomainRuleError("The comment must be text.", field=comment_field)
        comment = comment.strip()
        if len(comment) > COMMENT_LENGTH:
            raise DomainRuleError(
                f"The comment is longer than {COMMENT_LENGTH} characters.", field=comment_field
            )
        if override and not comment:
            raise DomainRuleError(
                f"Say why you override the {dimension} RAG: a comment is required with an override.",
                field=comment_field,
            )
        if comment and not override:
            raise DomainRuleError(
                f"A {dimension} comment justifies an override: choose the override or leave the comment "
                "empty.",
                field=comment_field,
            )
        if comment_field in clean:
            clean[comment_field] = comment
    return clean


def report_update(
    *, actor: Any, report: StatusReport, data: Mapping[str, Any], expected_version: int | None
) -> StatusReport:
    """Change the narrative and the RAG overrides of a draft report; manager.

    An override needs a comment (refused by the comment's field otherwise), and a comment needs an
    override; clearing an override clears its comment.
    """
    require_role(actor, report.scope, Role.MANAGER)
    _refuse_unknown(data, REPORT_FIELDS)
    with transaction.atomic():
        current = lock_for_update(report, expected_version=expected_version)
        if current.is_submitted:
            raise _already_submitted(current)
        clean = _clean_report(current, data)
        updated, _ = instance_update(
            actor=actor, instance=current, data=clean, expected_version=expected_version, scope=report.scope
        )
    return updated


def build_snapshot(
    report: StatusReport, *, submitted_at: dt.datetime | None, submitted_by: Any
) -> dict[str, Any]:
    """Everything the report shows, as JSON: frozen at submission (pages and exports then read only
    this); built the same way, with ``submitted_at`` ``None``, as the preview of a draft."""
    project = report.project
    return {
        "project": {"code": project.code, "name": project.name, "uid": str(project.uid)},
        "period": {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()},
        "dimensions": report.dimensions(),
        "narrative": {name: getattr(report, name) for name in NARRATIVE_FIELDS},
        "figures": report.data,
        "drafted_at": report.drafted_at.isoformat() if report.drafted_at else None,
        "submitted_at": submitted_at.isoformat() if submitted_at else None,
        "submitted_by": str(submitted_by) if submitted_by else "",
    }


def report_submit(*, actor: Any, report: StatusReport, expected_version: int | None) -> StatusReport:
    """Submit a draft report: freeze its snapshot and e-mail it to the stakeholders; manager.

    A report that was already submitted is refused ("This report was already submitted on …") and
    nothing changes.
    """
    from pmo.reporting.tasks import report_email_start

    require_role(actor, report.scope, Role.MANAGER)
    with transaction.atomic():
        current = (
            StatusReport.objects.select_for_update(of=("self",))
            .select_related("project", "submitted_by")
            .get(pk=report.pk)
        )
        if current.is_submitted:
            raise _already_submitted(current)
        now = timezone.now()
        snapshot = build_snapshot(current, submitted_at=now, submitted_by=actor)
        updated, _ = instance_update(
            actor=actor,
            instance=current,
            data={
                "status": ReportStatus.SUBMITTED,
                "submitted_at": now,
                "submitted_by": actor,
                "snapshot": snapshot,
            },
            expected_version=expected_version,
            scope=report.scope,
            note="Report submitted",
        )
        report_email_start(actor=actor, report=updated)
    return updated


def report_save_and_submit(
    *, actor: Any, report: StatusReport, data: Mapping[str, Any], expected_version: int | None
) -> StatusReport:
    """Save the narrative and overrides of a draft, then submit it, in one transaction; manager.

    The report page's **Submit** button: nothing is saved when either step is refused.
    """
    require_role(actor, report.scope, Role.MANAGER)
    with transaction.atomic():
        saved = report_update(actor=actor, report=report, data=data, expected_version=expected_version)
        return report_submit(actor=actor, report=saved, expected_version=saved.version)
