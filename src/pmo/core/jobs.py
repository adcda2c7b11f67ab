"""Background jobs: the user-visible record of a background task, its progress and its outcome.

A feature that runs work in the background calls :func:`job_start` from its own service (after
checking the actor's role: this module cannot, it sits below ``pmo.accounts``). The job row is
created in the caller's transaction and the task is enqueued when that transaction commits, so a
worker never sees a job whose data was rolled back. The task body is wrapped with
:func:`tracked`, which marks the job running, reports success, and records any failure so the
user who started it sees what went wrong (the traceback goes to the server log, not to the page).

With ``PMO_TASKS=immediate`` (the embedded default) the task runs in-process right after the
commit; with ``PMO_TASKS=database`` it waits in the queue for ``pmo worker``.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.tasks import Task
from django.utils import timezone

from pmo.core.errors import PmoError
from pmo.core.models import BackgroundJob, Scope
from pmo.core.selectors import get_visible

logger = logging.getLogger("pmo.jobs")

R = TypeVar("R")
Status = BackgroundJob.Status
FINISHED = (Status.SUCCEEDED, Status.FAILED)
MESSAGE_LENGTH = BackgroundJob._meta.get_field("message").max_length or 300


class JobFailedError(PmoError):
    """Raise inside a task to fail its job with a message meant for the user."""


# ---------------------------------------------------------------------------------------------
# Services (writes)
# ---------------------------------------------------------------------------------------------


def job_start(
    *, actor: Any, task: Task[..., Any], name: str, scope: Scope | None = None, **kwargs: Any
) -> BackgroundJob:
    """Record a job for ``actor`` and enqueue ``task`` once the surrounding transaction commits.

    ``task`` must be a ``@task`` whose function is wrapped with :func:`tracked`; it receives
    ``job_uid`` plus ``kwargs`` (which must be JSON-serialisable). The caller checks the actor's
    permission first. Returns the job (still queued unless the backend ran it already).
    """
    if not name.strip():
        raise ValidationError({"name": "A job needs a name."})
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            name=name.strip()[:200], task_path=task.module_path, started_by=user, scope=scope
        )
        transaction.on_commit(functools.partial(_enqueue, job.uid, task, kwargs))
    return job


def _enqueue(job_uid: uuid.UUID, task: Task[..., Any], kwargs: dict[str, Any]) -> None:
    """Hand the task to the backend; a refused enqueue fails the job instead of vanishing."""
    try:
        result = task.enqueue(job_uid=str(job_uid), **kwargs)
    except Exception as error:
        logger.exception("could not enqueue job %s (%s)", job_uid, task.module_path)
        job_fail(job_uid=job_uid, error=error)
        return
    BackgroundJob.objects.filter(uid=job_uid).update(task_result_id=str(result.id)[:64])


def _touch(job_uid: uuid.UUID | str, **values: Any) -> int:
    """Update a job row in its own short write; returns the number of rows changed."""
    return BackgroundJob.objects.filter(uid=job_uid).update(
        version=models.F("version") + 1, updated_at=timezone.now(), **values
    )


def job_begin(*, job_uid: uuid.UUID | str) -> None:
    """Mark a job as running (called by :func:`tracked` when the worker picks it up)."""
    _touch(job_uid, status=Status.RUNNING, progress=0, error="", finished_at=None)


def job_progress(*, job_uid: uuid.UUID | str, percent: float, message: str = "") -> None:
    """Report progress (0–100, clamped) and a short message the user sees while the job runs."""
    _touch(
        job_uid,
        status=Status.RUNNING,
        progress=max(0, min(100, int(percent))),
        message=message[:MESSAGE_LENGTH],
    )


def job_finish(*, job_uid: uuid.UUID | str, message: str = "") -> None:
    """Mark a job as succeeded, at 100 %, with a closing message."""
    _touch(
        job_uid,
        status=Status.SUCCEEDED,
        progress=100,
        message=(message or "Done.")[:MESSAGE_LENGTH],
        finished_at=timezone.now(),
    )


def job_fail(*, job_uid: uuid.UUID | str, error: BaseException | str) -> None:
    """Mark a job as failed with a message the user can act on.

    Domain errors (:class:`pmo.core.errors.PmoError`, ``ValidationError``) keep their message.
    Anything else is logged with its traceback and shown as a generic failure with a reference,
    so internals (SQL, paths, settings) never reach the page.
    """
    _touch(
        job_uid,
        status=Status.FAILED,
        error=user_message(error, job_uid=job_uid),
        finished_at=timezone.now(),
    )


def user_message(error: BaseException | str, *, job_uid: uuid.UUID | str) -> str:
    """The text shown to the user for a failure."""
    if isinstance(error, str):
        return error
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    if isinstance(error, PmoError):
        return str(error)
    return (
        f"The job stopped because of an unexpected error ({type(error).__name__}). "
        f"The administrators can find the details in the server log under job {job_uid}."
    )


def tracked(func: Callable[..., R]) -> Callable[..., R | None]:
    """Wrap a task body so its job is marked running, then succeeded or failed.

    The body receives ``job_uid`` (a string) and its own keyword arguments, reports progress with
    :func:`job_progress`, and may return a closing message (``str``) or any JSON-serialisable
    value. A failure is recorded on the job and re-raised, so the task backend records it too.
    Apply ``@task`` on top::

        @task
        @tracked
        def scope_tree_verify(job_uid: str) -> str: ...
    """

    @functools.wraps(func)
    def run(job_uid: str, **kwargs: Any) -> R | None:
        if not BackgroundJob.objects.filter(uid=job_uid).exclude(status__in=FINISHED).exists():
            logger.warning("job %s is unknown or already finished; not running it again", job_uid)
            return None
        job_begin(job_uid=job_uid)
        try:
            result = func(job_uid=job_uid, **kwargs)
        except BaseException as error:
            if isinstance(error, (PmoError, ValidationError)):
                logger.warning("job %s failed: %s", job_uid, error)
            else:
                logger.exception("job %s failed unexpectedly", job_uid)
            job_fail(job_uid=job_uid, error=error)
            raise
        job_finish(job_uid=job_uid, message=result if isinstance(result, str) else "")
        return result

    return run


# ---------------------------------------------------------------------------------------------
# Selectors (reads)
# ---------------------------------------------------------------------------------------------


def jobs_visible(user: Any) -> QuerySet[BackgroundJob]:
    """The jobs the user started (nobody sees anyone else's jobs, administrators included)."""
    if not getattr(user, "is_authenticated", False):
        return BackgroundJob.objects.none()
    return BackgroundJob.objects.filter(started_by=user).select_related("scope")


def job_get(user: Any, uid: uuid.UUID | str) -> BackgroundJob:
    """One of the user's own jobs, or ``Http404`` (also for an id that is not a UUID)."""
    try:
        key = uid if isinstance(uid, uuid.UUID) else uuid.UUID(str(uid))
    except ValueError as error:
        raise Http404("no background job matches the given id") from error
    return get_visible(jobs_visible(user), uid=key)


def jobs_active(user: Any) -> QuerySet[BackgroundJob]:
    """The user's jobs that are still queued or running (the page polls while there are any)."""
    return jobs_visible(user).exclude(status__in=FINISHED)
