"""Background leveling: an improving-mode preview that takes long runs as a job with progress.

The job levels as the user who asked (their role is checked when it starts and again by the
service), keeps the previewed run, and closes with a message naming it; the run then appears
among the recent runs of the project, program or portfolio.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.jobs import JobFailedError, job_progress, job_start, tracked
from pmo.core.models import BackgroundJob, Scope
from pmo.leveling.services import check_settings, leveling_preview

#: Improving runs of at least this many seconds go to the background.
BACKGROUND_FROM = 3


@task
@tracked
def leveling_preview_task(*, job_uid: str, scope_id: int, user_id: int, mode: str, time_limit: int) -> str:
    """Level the scope ``scope_id`` as user ``user_id`` and keep the preview."""
    scope = Scope.objects.get(pk=scope_id)
    actor = get_user_model().objects.get(pk=user_id)
    job_progress(job_uid=job_uid, percent=10, message=f"Levelling (improving for up to {time_limit} s)")
    try:
        run = leveling_preview(actor=actor, scope=scope, mode=mode, time_limit=time_limit)
    except DomainRuleError as error:
        raise JobFailedError(error.message) from None
    url = reverse("leveling:run", kwargs={"uid": run.uid})
    return f"Leveling preview ready: {len(run.changes)} tasks delayed. Open it at {url}"


def leveling_preview_start(*, actor: Any, scope: Scope, mode: str, time_limit: int) -> BackgroundJob:
    """Start :func:`leveling_preview_task` for ``scope`` (managers); returns the job."""
    require_role(actor, scope, Role.MANAGER)
    mode, limit = check_settings(mode, time_limit)
    owner = scope.owner
    return job_start(
        actor=actor,
        task=leveling_preview_task,
        name=f"Leveling of {owner} (improving, {limit} s)",
        scope=scope,
        scope_id=scope.pk,
        user_id=actor.pk,
        mode=mode,
        time_limit=limit,
    )
