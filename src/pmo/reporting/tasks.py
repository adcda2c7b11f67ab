"""Background task of the reporting app: e-mailing a submitted status report to the stakeholders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.tasks import task

from pmo.core.jobs import job_progress, job_start, tracked
from pmo.core.models import BackgroundJob
from pmo.reporting.exports import export_filename, report_html, report_pdf, report_text
from pmo.reporting.models import StatusReport
from pmo.reporting.selectors import stakeholders_of


@task
@tracked
def report_email_task(*, job_uid: str, report_id: int) -> str:
    """Send the submitted report ``report_id`` (HTML and text body, PDF attached) to each stakeholder."""
    report = StatusReport.objects.select_related("project__scope").get(pk=report_id)
    recipients = list(stakeholders_of(report.project).values_list("email", flat=True))
    if not recipients:
        return "Nobody with an e-mail address holds a role on the project: no e-mail sent."
    subject = f"Status report {report.project.code} for {report.period_end:%Y-%m-%d}"
    text = report_text(report)
    html = report_html(report)
    pdf = report_pdf(report)
    job_progress(job_uid=job_uid, percent=50, message=f"Sending to {len(recipients)} people")
    messages = []
    for address in recipients:
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach_alternative(html, "text/html")
        message.attach(export_filename(report, "pdf"), pdf, "application/pdf")
        messages.append(message)
    with mailers.default as connection:
        connection.send_messages(messages)
    return f"Sent the status report to {len(recipients)} people."


def report_email_start(*, actor: Any, report: StatusReport) -> BackgroundJob:
    """Start e-mailing a submitted report (the caller, :func:`~pmo.reporting.services.report_submit`,
    checked the manager role); the job starts once the submission commits."""
    return job_start(
        actor=actor,
        task=report_email_task,
        name=f"E-mail the status report of {report.project.code} ({report.period_end:%Y-%m-%d})",
        scope=report.scope,
        report_id=report.pk,
    )
