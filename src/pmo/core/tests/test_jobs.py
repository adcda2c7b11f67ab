"""The background jobs pages: each user sees only their own jobs, with progress and failures."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from pmo.accounts.models import User
from pmo.accounts.services import user_create
from pmo.core.jobs import job_fail, job_get, job_progress, job_start, jobs_visible
from pmo.core.models import BackgroundJob
from pmo.core.tasks import scope_tree_verify

Capture = Callable[..., Any]
PASSWORD = "x-Very-long-pass-1"


@pytest.fixture
def alice(db: None) -> User:
    return user_create(actor=None, username="alice", password=PASSWORD)


@pytest.fixture
def bob(db: None) -> User:
    return user_create(actor=None, username="bob", password=PASSWORD)


@pytest.fixture
def admin(db: None) -> User:
    return user_create(actor=None, username="root", password=PASSWORD, is_pmo_admin=True)


def queued_job(user: User, name: str) -> BackgroundJob:
    """A job that stays queued (its enqueue callback is never run in the test transaction)."""
    return job_start(actor=user, task=scope_tree_verify, name=name)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_selectors_return_only_the_users_own_jobs(alice: User, bob: User) -> None:
    """jobs_visible is limited to started_by=user; job_get of someone else's job is Http404."""
    mine = queued_job(alice, "Import plan")
    theirs = queued_job(bob, "Bob's recalculation")
    assert list(jobs_visible(alice)) == [mine]
    assert job_get(alice, mine.uid) == mine
    with pytest.raises(Http404):
        job_get(alice, theirs.uid)
    with pytest.raises(Http404):
        job_get(alice, "not-a-uuid")


def test_administrators_do_not_see_other_peoples_jobs(admin: User, alice: User) -> None:
    """Jobs are personal: even a PMO administrator sees only the jobs they started."""
    queued_job(alice, "Private import")
    assert not jobs_visible(admin).exists()


def test_the_list_shows_progress_and_failures_of_my_jobs_only(alice: User, bob: User) -> None:
    """Given running, failed and someone else's jobs, the list shows mine with progress and the
    failure message, and nothing of the other user's."""
    running = queued_job(alice, "Recalculate roll-ups")
    job_progress(job_uid=running.uid, percent=42, message="Portfolio 3 of 7")
    failed = queued_job(alice, "Import Riverside plan")
    job_fail(job_uid=failed.uid, error="Line 12: task 7 has no name")
    queued_job(bob, "zqSecretOfBob")

    response = signed_in(alice).get(reverse("jobs:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Recalculate roll-ups" in body
    assert 'value="42"' in body
    assert "Portfolio 3 of 7" in body
    assert "Line 12: task 7 has no name" in body
    assert "zqSecretOfBob" not in body
    assert 'hx-trigger="every 2s"' in body  # a job is still running: the table polls


def test_the_list_stops_polling_when_every_job_has_finished(alice: User) -> None:
    """With only finished jobs, the table has no polling trigger."""
    job_fail(job_uid=queued_job(alice, "Old import").uid, error="Bad file")
    body = signed_in(alice).get(reverse("jobs:list")).content.decode()
    assert "every 2s" not in body


def test_htmx_gets_just_the_table(alice: User) -> None:
    """An htmx poll of the list answers with the table fragment, not the whole page."""
    queued_job(alice, "Recalculate roll-ups")
    response = signed_in(alice).get(reverse("jobs:list"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="job-table"')
    assert "<html" not in body


def test_the_detail_page_shows_a_failure(alice: User) -> None:
    """The owner sees status, progress and the failure message of their job."""
    job = queued_job(alice, "Import Riverside plan")
    job_progress(job_uid=job.uid, percent=60)
    job_fail(job_uid=job.uid, error="Line 12: task 7 has no name")
    response = signed_in(alice).get(reverse("jobs:detail", kwargs={"uid": job.uid}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "The job failed" in body
    assert "Line 12: task 7 has no name" in body
    assert 'value="60"' in body


def test_someone_elses_job_is_not_found(alice: User, bob: User) -> None:
    """Another user's job is 404 (page and htmx fragment), and so is an unknown id."""
    theirs = queued_job(bob, "zqSecretOfBob")
    client = signed_in(alice)
    for url in (
        reverse("jobs:detail", kwargs={"uid": theirs.uid}),
        reverse("jobs:detail", kwargs={"uid": uuid.uuid4()}),
    ):
        assert client.get(url).status_code == 404
        response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 404
        assert b"zqSecretOfBob" not in response.content


def test_anonymous_visitors_are_sent_to_sign_in(alice: User) -> None:
    """The jobs pages need a session: anonymous requests redirect to the login page."""
    job = queued_job(alice, "Import")
    login = reverse("accounts:login")
    for url in (reverse("jobs:list"), reverse("jobs:detail", kwargs={"uid": job.uid})):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(login)


def test_an_administrator_can_start_the_scope_check_from_the_page(
    admin: User, django_capture_on_commit_callbacks: Capture
) -> None:
    """POST as a PMO administrator starts the job and redirects to it; in-process it has run."""
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(admin).post(reverse("jobs:start-scope-check"))
    job = BackgroundJob.objects.get(started_by=admin)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", kwargs={"uid": job.uid})
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.SUCCEEDED


def test_others_may_not_start_the_scope_check(alice: User) -> None:
    """A user who is not a PMO administrator gets 403 and no job; GET is not allowed at all."""
    client = signed_in(alice)
    assert client.post(reverse("jobs:start-scope-check")).status_code == 403
    assert client.get(reverse("jobs:start-scope-check")).status_code == 405
    assert not BackgroundJob.objects.exists()
