"""Background tasks of the transfers app: applying a big import with progress."""

from __future__ import annotations

from django.tasks import task

from pmo.core.errors import DomainRuleError
from pmo.core.jobs import JobFailedError, job_progress, tracked
from pmo.transfers.models import ImportRun
from pmo.transfers.services import apply_run


@task
@tracked
def import_apply_task(*, job_uid: str, run_id: int) -> str:
    """Apply import ``run_id`` as the user who prepared it, reporting progress on the job."""
    run = ImportRun.objects.select_related("created_by", "scope", "project").get(pk=run_id)

    def progress(percent: float, message: str) -> None:
        job_progress(job_uid=job_uid, percent=percent, message=message)

    try:
        apply_run(run, actor=run.created_by, progress=progress)
    except DomainRuleError as error:
        raise JobFailedError(error.message) from None
    run.refresh_from_db()
    return (
        f"Imported {run.file_name}: {run.result.get('tasks_created', 0)} tasks created, "
        f"{run.result.get('tasks_updated', 0)} updated, {run.result.get('tasks_deleted', 0)} deleted"
    )
