"""Background tasks: jobs record progress and failures, on the in-process and the database backend."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.tasks import task
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from pmo.accounts.models import User
from pmo.accounts.services import user_create
from pmo.core.jobs import JobFailedError, job_progress, job_start, tracked
from pmo.core.models import BackgroundJob, Scope
from pmo.core.tasks import scope_tree_verify, scope_tree_verify_start
from pmo.portfolios.services import portfolio_create
from pmo.programs.services import program_create
from pmo.projects.services import project_create

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
Status = BackgroundJob.Status
Capture = Callable[..., Any]


@task
@tracked
def explode(*, job_uid: str, secret: str) -> str:
    """A task that reports progress, then fails with an unexpected error carrying a secret."""
    job_progress(job_uid=job_uid, percent=40, message="Halfway there")
    raise RuntimeError(f"connection string {secret}")


@task
@tracked
def refuse(*, job_uid: str) -> str:
    """A task that fails on purpose with a message meant for the user."""
    raise JobFailedError("The plan has a cycle: A → B → A")


@pytest.fixture
def admin(db: None) -> User:
    return user_create(actor=None, username="ops-admin", password="x-Very-long-pass-1", is_pmo_admin=True)


@pytest.fixture
def tree(admin: User) -> Scope:
    """A portfolio with a program and a project: four scopes with the program's one in the middle."""
    portfolio = portfolio_create(actor=admin, parent=None, code="OPS", name="Operations")
    program = program_create(actor=admin, portfolio_scope=portfolio.scope, code="OPS-P", name="Program")
    project_create(actor=admin, parent=program.scope, code="OPS-1", name="Project")
    project_create(actor=admin, parent=portfolio.scope, code="OPS-2", name="Direct project")
    return program.scope


@pytest.fixture
def keep_signal_handlers() -> Iterator[None]:
    """``db_worker`` installs its own SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    names = [name for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    yield
    for name, handler in saved.items():
        signal.signal(getattr(signal, name), handler)


# --- in-process (ImmediateBackend, the embedded default) ------------------------------------


def test_a_job_runs_after_commit_and_reports_success(
    admin: User, tree: Scope, django_capture_on_commit_callbacks: Capture
) -> None:
    """Given the in-process backend, when an admin starts the tree check, then after the commit the
    job has run: succeeded, 100 %, a closing message, the task result id recorded."""
    with django_capture_on_commit_callbacks(execute=True):
        job = scope_tree_verify_start(actor=admin)
        assert BackgroundJob.objects.get(pk=job.pk).status == Status.QUEUED
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED
    assert job.progress == 100
    assert job.message == "Checked 4 scopes: every path and owner is consistent."
    assert job.started_by == admin
    assert job.task_path == "pmo.core.tasks.scope_tree_verify"
    assert job.task_result_id
    assert job.finished_at is not None
    assert job.error == ""


def test_a_job_is_not_enqueued_when_its_transaction_rolls_back(
    admin: User, django_capture_on_commit_callbacks: Capture
) -> None:
    """Given a job started inside a transaction that fails, nothing is recorded or enqueued."""

    def start_then_fail() -> None:
        with transaction.atomic():
            job_start(actor=admin, task=scope_tree_verify, name="Doomed")
            raise ValueError("boom")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValueError, match="boom"),
    ):
        start_then_fail()
    assert callbacks == []
    assert not BackgroundJob.objects.exists()


def test_a_broken_tree_fails_the_job_with_the_scopes_named(
    admin: User, tree: Scope, django_capture_on_commit_callbacks: Capture
) -> None:
    """Given a scope whose stored path is wrong (a simulated fault), the job fails and says which."""
    Scope.objects.filter(pk=tree.pk).update(path="/999/")  # corrupt the tree on purpose
    with django_capture_on_commit_callbacks(execute=True):
        job = scope_tree_verify_start(actor=admin)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert f"program scope {tree.pk} has path '/999/'" in job.error
    assert job.finished_at is not None


def test_a_domain_failure_keeps_its_message(admin: User, django_capture_on_commit_callbacks: Capture) -> None:
    """A task that raises JobFailedError fails its job with exactly that message."""
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=admin, task=refuse, name="Schedule")
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error == "The plan has a cycle: A → B → A"


def test_an_unexpected_failure_is_recorded_without_leaking_details(
    admin: User, django_capture_on_commit_callbacks: Capture, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected exception fails the job with a generic message and a reference; the details
    (and the traceback) go to the server log only. Progress made before the failure is kept."""
    with caplog.at_level(logging.ERROR, logger="pmo.jobs"), django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=admin, task=explode, name="Explode", secret="hunter2")
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.progress == 40
    assert "RuntimeError" in job.error
    assert str(job.uid) in job.error
    assert "hunter2" not in job.error
    assert any("hunter2" in (record.exc_text or "") for record in caplog.records)


def test_only_a_pmo_administrator_may_check_the_tree(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    """A user without the administrator role gets PermissionDenied and no job is created."""
    someone = user_create(actor=None, username="someone", password="x-Very-long-pass-1")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        scope_tree_verify_start(actor=someone)
    assert not BackgroundJob.objects.exists()


def test_progress_is_clamped_and_messages_are_trimmed(admin: User) -> None:
    """Progress outside 0–100 is clamped; over-long messages are cut to the column size."""
    job = job_start(actor=admin, task=scope_tree_verify, name="Manual")
    job_progress(job_uid=job.uid, percent=250, message="m" * 1000)
    job.refresh_from_db()
    assert job.progress == 100
    assert len(job.message) == 300
    job_progress(job_uid=job.uid, percent=-5)
    job.refresh_from_db()
    assert job.progress == 0


def test_an_enqueue_that_fails_marks_the_job_failed(
    admin: User, django_capture_on_commit_callbacks: Capture
) -> None:
    """Arguments the queue cannot store do not lose the job silently: it is marked failed."""
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=admin, task=scope_tree_verify, name="Bad args", when=object())
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "unexpected error" in job.error


# --- database queue (PMO_TASKS=database) and `pmo worker` ------------------------------------


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_database_queue_holds_the_job_until_a_worker_runs_it(
    keep_signal_handlers: None,
) -> None:
    """Given the database backend, a started job waits as a READY row; `pmo worker --batch` runs it
    and the job (and the queue row) end up succeeded."""
    admin = user_create(actor=None, username="queue-admin", password="x-Very-long-pass-1", is_pmo_admin=True)
    portfolio_create(actor=admin, parent=None, code="Q", name="Queue")
    job = scope_tree_verify_start(actor=admin)
    job.refresh_from_db()
    assert job.status == Status.QUEUED
    queued = DBTaskResult.objects.get(id=job.task_result_id)
    assert queued.status == "READY"

    call_command("worker", "--batch", "--interval", "0", verbosity=0)

    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED
    assert job.message == "Checked 1 scopes: every path and owner is consistent."
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_failure_in_the_worker_reaches_the_job(keep_signal_handlers: None) -> None:
    """A task that fails inside `pmo worker` fails its job with the user's message."""
    admin = user_create(actor=None, username="queue-admin", password="x-Very-long-pass-1", is_pmo_admin=True)
    job = job_start(actor=admin, task=refuse, name="Schedule")
    call_command("worker", "--batch", "--interval", "0", verbosity=0)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error == "The plan has a cycle: A → B → A"
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_workers_take_tasks_with_skip_locked_row_locks_on_postgresql(keep_signal_handlers: None) -> None:
    """On PostgreSQL the worker claims a task with SELECT ... FOR UPDATE SKIP LOCKED, so several
    workers on several machines can share one queue without taking the same task."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED are a PostgreSQL feature (SQLite runs one writer)")
    admin = user_create(actor=None, username="queue-admin", password="x-Very-long-pass-1", is_pmo_admin=True)
    scope_tree_verify_start(actor=admin)
    with CaptureQueriesContext(connection) as queries:
        call_command("worker", "--batch", "--interval", "0", verbosity=0)
    claims = [query["sql"] for query in queries.captured_queries if "FOR UPDATE" in query["sql"]]
    assert claims
    assert all("SKIP LOCKED" in sql for sql in claims)


@pytest.mark.django_db
def test_the_worker_explains_that_it_needs_the_database_queue() -> None:
    """With the in-process backend there is no queue: `pmo worker` says how to switch it on."""
    with pytest.raises(CommandError, match="PMO_TASKS"):
        call_command("worker", "--batch")
