"""Reporting services: drafting (settings saved, figures refreshed, narrative kept), overrides that need
a comment, submission (snapshot frozen, e-mail job, a second submission refused with nothing
changed), settings; roles, audit records and bad input refused by field with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import BackgroundJob
from pmo.core.selectors import history_of
from pmo.reporting.choices import ReportStatus
from pmo.reporting.models import ReportingSettings, StatusReport
from pmo.reporting.selectors import current_period, stakeholders_of
from pmo.reporting.services import (
    report_draft,
    report_submit,
    report_update,
    settings_create,
    settings_update,
)
from pmo.reporting.tests.world import WORLD_PERIOD_END
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def manager(world: World) -> Any:
    return world.users["manager"]


def world_report(world: World) -> StatusReport:
    return StatusReport.objects.select_related("project").get(pk=world.a.obj("status_report").pk)


def test_first_draft_saves_default_settings_and_drafts_the_current_period(world: World) -> None:
    # given a project that never reported, when the manager drafts, then the current week is drafted
    project = world.a.project_direct
    report = report_draft(actor=manager(world), project=project)
    start, end = current_period(project)
    assert (report.period_start, report.period_end, report.status) == (start, end, ReportStatus.DRAFT)
    assert (end - start).days == 6 and start <= timezone.localdate() <= end
    assert ReportingSettings.objects.get(project=project).cadence == "weekly"
    assert report.risk_rag == "grey" and report.cost_rag == "grey"  # no data: never green by default
    assert report.data["rag_reasons"]["risk"] == "No risks recorded for the project."
    assert history_of(report).count() == 1


def test_a_draft_counts_the_tasks_added_in_the_period(world: World) -> None:
    # given the world's tasks, created today through the services, when the current period is drafted
    report = report_draft(actor=manager(world), project=world.a.project)
    scope = report.data["scope"]
    assert scope["task_count"] > 0
    assert scope["tasks_added"] == scope["task_count"]
    assert any(change["text"].startswith("Task ") for change in report.data["changes"])


def test_redrafting_refreshes_figures_and_keeps_narrative_and_overrides(world: World) -> None:
    report = world_report(world)
    again = report_draft(actor=manager(world), project=world.a.project, period_end=WORLD_PERIOD_END)
    assert again.pk == report.pk and again.version == report.version + 1
    assert again.summary == report.summary and again.cost_override == "amber"
    assert again.cost_comment == report.cost_comment
    assert history_of(again).first().note == "Redrafted"  # type: ignore[union-attr]


def test_a_period_end_that_ends_no_period_is_refused_naming_it(world: World) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        report_draft(actor=manager(world), project=world.a.project, period_end=dt.date(2026, 2, 5))
    assert refused.value.field == "period_end"
    assert "2026-02-06" in refused.value.message
    assert_fingerprint_unchanged(before)


def test_override_without_comment_is_refused_and_nothing_changes(world: World) -> None:
    report = world_report(world)
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        report_update(
            actor=manager(world),
            report=report,
            data={"schedule_override": "red"},
            expected_version=report.version,
        )
    assert refused.value.field == "schedule_comment"
    assert "comment is required" in refused.value.message
    assert_fingerprint_unchanged(before)


def test_comment_without_override_is_refused(world: World) -> None:
    report = world_report(world)
    with pytest.raises(DomainRuleError) as refused:
        report_update(
            actor=manager(world),
            report=report,
            data={"scope_comment": "why"},
            expected_version=report.version,
        )
    assert refused.value.field == "scope_comment"


def test_unknown_or_drafted_fields_are_refused(world: World) -> None:
    report = world_report(world)
    for field in ("schedule_rag", "status", "snapshot"):
        with pytest.raises(DomainRuleError) as refused:
            report_update(
                actor=manager(world), report=report, data={field: "green"}, expected_version=report.version
            )
        assert refused.value.field == field


def test_override_with_comment_is_saved_and_audited_and_clearing_it_clears_the_comment(world: World) -> None:
    report = world_report(world)
    updated = report_update(
        actor=manager(world),
        report=report,
        data={
            "schedule_override": "red",
            "schedule_comment": "  Supplier strike  ",
            "achievements": "Pilot live",
        },
        expected_version=report.version,
    )
    assert (updated.final_rag("schedule"), updated.schedule_comment) == ("red", "Supplier strike")
    record = history_of(updated).first()
    assert record is not None and record.changes["schedule_override"] == ["", "red"]
    cleared = report_update(
        actor=manager(world), report=updated, data={"schedule_override": ""}, expected_version=updated.version
    )
    assert (cleared.schedule_override, cleared.schedule_comment) == ("", "")
    assert cleared.final_rag("schedule") == cleared.schedule_rag


def test_stale_version_is_refused(world: World) -> None:
    report = world_report(world)
    with pytest.raises(StaleVersionError):
        report_update(
            actor=manager(world), report=report, data={"summary": "x"}, expected_version=report.version - 1
        )


@pytest.mark.parametrize("persona", ["viewer", "contributor"])
def test_only_managers_draft_edit_and_submit(world: World, persona: str) -> None:
    report = world_report(world)
    user = world.users[persona]
    before = db_fingerprint()
    with pytest.raises(PermissionDenied):
        report_draft(actor=user, project=world.a.project)
    with pytest.raises(PermissionDenied):
        report_update(actor=user, report=report, data={"summary": "x"}, expected_version=report.version)
    with pytest.raises(PermissionDenied):
        report_submit(actor=user, report=report, expected_version=report.version)
    assert_fingerprint_unchanged(before)


def test_submit_freezes_the_snapshot_and_starts_the_email_job(world: World) -> None:
    report = world_report(world)
    submitted = report_submit(actor=manager(world), report=report, expected_version=report.version)
    assert submitted.status == ReportStatus.SUBMITTED
    assert submitted.submitted_by == manager(world) and submitted.submitted_at is not None
    snapshot = submitted.snapshot
    assert snapshot["project"]["name"] == world.a.project.name
    assert snapshot["narrative"]["summary"] == report.summary
    cost = next(d for d in snapshot["dimensions"] if d["key"] == "cost")
    assert (cost["final"], cost["comment"]) == ("amber", report.cost_comment)
    assert snapshot["figures"] == report.data
    job = BackgroundJob.objects.get(
        scope=report.scope, started_by=manager(world), task_path="pmo.reporting.tasks.report_email_task"
    )
    assert "E-mail the status report" in job.name
    assert history_of(submitted).first().note == "Report submitted"  # type: ignore[union-attr]


def test_a_report_submitted_twice_is_refused_with_a_clear_message_and_nothing_changes(world: World) -> None:
    # given a submitted report
    report = world_report(world)
    submitted = report_submit(actor=manager(world), report=report, expected_version=report.version)
    before = db_fingerprint()
    # when it is submitted again (with its current version), then it is refused and nothing changes
    with pytest.raises(DomainRuleError) as refused:
        report_submit(actor=manager(world), report=submitted, expected_version=submitted.version)
    assert refused.value.field == "status"
    assert refused.value.message.startswith("This report was already submitted on ")
    assert timezone.localtime(submitted.submitted_at).strftime("%Y-%m-%d %H:%M") in refused.value.message
    # and neither an edit nor a redraft can change it
    with pytest.raises(DomainRuleError):
        report_update(
            actor=manager(world), report=submitted, data={"summary": "x"}, expected_version=submitted.version
        )
    with pytest.raises(DomainRuleError):
        report_draft(actor=manager(world), project=world.a.project, period_end=WORLD_PERIOD_END)
    assert_fingerprint_unchanged(before)


def test_submission_emails_the_report_to_the_stakeholders(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    # given the world's draft, when the manager submits it and the transaction commits
    report = world_report(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(actor=manager(world), report=report, expected_version=report.version)
    # then each person with a role on the project (or above it) gets one e-mail, with HTML and the PDF
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["contributor@example.test", "manager@example.test", "viewer@example.test"]
    message = mail.outbox[0]
    assert world.a.project.code in message.subject
    assert report.summary in message.body
    html, mime = message.alternatives[0]  # type: ignore[attr-defined]
    assert mime == "text/html" and report.summary in html
    name, content, pdf_mime = message.attachments[0]
    assert pdf_mime == "application/pdf" and content[:5] == b"%PDF-" and name.endswith(".pdf")
    job = BackgroundJob.objects.get(
        scope=report.scope, started_by=manager(world), task_path="pmo.reporting.tasks.report_email_task"
    )
    assert job.status == BackgroundJob.Status.SUCCEEDED
    assert job.message == "Sent the status report to 3 people."


def test_stakeholders_are_members_on_or_above_the_project_never_outsiders(world: World) -> None:
    people = set(stakeholders_of(world.a.project).values_list("username", flat=True))
    assert people == {"contributor", "manager", "viewer"}
    assert set(stakeholders_of(world.b.project).values_list("username", flat=True)) == {"outsider"}


def test_settings_update_validates_and_audits(world: World) -> None:
    settings = ReportingSettings.objects.get(project=world.a.project)
    before = db_fingerprint()
    for data, field in (
        ({"cadence": "daily"}, "cadence"),
        ({"grace_days": 99}, "grace_days"),
        ({"thresholds": {"cost": {"cpi_red": 2}}}, "thresholds.cost.cpi_red"),
        ({"owner": 1}, "owner"),
    ):
        with pytest.raises(DomainRuleError) as refused:
            settings_update(
                actor=manager(world), project=world.a.project, data=data, expected_version=settings.version
            )
        assert refused.value.field == field
    assert_fingerprint_unchanged(before)
    saved = settings_update(
        actor=manager(world),
        project=world.a.project,
        data={"cadence": "monthly", "thresholds": {"cost": {"cpi_amber": 0.97}}},
        expected_version=settings.version,
    )
    assert saved.cadence == "monthly" and saved.thresholds["cost"] == {"cpi_amber": 0.97, "cpi_red": 0.9}
    assert saved.thresholds["schedule"]["spi_amber"] == 0.95
    assert history_of(saved).first().changes["cadence"] == ["weekly", "monthly"]  # type: ignore[union-attr]


def test_settings_create_refuses_a_second_row(world: World) -> None:
    with pytest.raises(DomainRuleError) as refused:
        settings_create(actor=manager(world), project=world.a.project, data={})
    assert refused.value.field == "project"
    created = settings_create(actor=manager(world), project=world.a.project_direct, data={"grace_days": 1})
    assert created.grace_days == 1
    with pytest.raises(PermissionDenied):
        settings_create(actor=world.users["viewer"], project=world.a.project_sub, data={})
