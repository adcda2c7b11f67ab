"""Background tasks of governance: e-mailing an exception to the level above, and the periodic check.

Neither is a user's background job (nobody started them from a page): the e-mail is enqueued when
the exception's transaction commits, the check by ``pmo governance-check --queue`` (or run inline
by ``pmo governance-check``) from cron or any scheduler; see ``docs/user/governance.md``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.tasks import task
from django.urls import reverse

from pmo.governance.models import ToleranceException
from pmo.governance.services import managers_of, tolerances_check_all

logger = logging.getLogger("pmo.governance")


@task
def exception_email_task(*, exception_id: int) -> str:
    """E-mail the managers of the level above about a newly raised exception."""
    exception = (
        ToleranceException.objects.select_related("scope", "escalated_to").filter(pk=exception_id).first()
    )
    if exception is None:
        return "The exception no longer exists: no e-mail sent."
    recipients = [user.email for user in managers_of(exception.escalated_to) if user.email]
    if not recipients:
        return "Nobody with an e-mail address manages the level above: no e-mail sent."
    owner = exception.scope.owner
    path = reverse("governance:exception", kwargs={"uid": exception.uid})
    subject = f"Exception: {exception.get_dimension_display().lower()} tolerance of {owner.code} exceeded"
    body = (
        f"The {exception.get_dimension_display().lower()} tolerance of {owner.code} {owner.name} "
        f"is forecast to be exceeded.\n\n{exception.detail}\n\n"
        f"Measured: {exception.measured} {exception.unit}; limit: {exception.limit}.\n"
        f"Acknowledge it and record your decision at {path}\n"
    )
    messages = [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    with mailers.default as connection:
        connection.send_messages(messages)
    return f"Sent the exception to {len(recipients)} people."


def exception_email_start(*, exception_id: int) -> None:
    """Enqueue :func:`exception_email_task` (called on commit of the raise); a refused enqueue is logged."""
    try:
        exception_email_task.enqueue(exception_id=exception_id)
    except Exception:
        logger.exception("could not enqueue the e-mail of exception %s", exception_id)


@task
def governance_check_task() -> str:
    """Check every active tolerance of every project and program (the periodic check)."""
    raised = tolerances_check_all()
    return f"Checked the tolerances: {len(raised)} exception(s) raised or updated."
