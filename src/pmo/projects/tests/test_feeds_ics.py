"""Milestone feeds: the secret shown once, the ICS content, revoke and unknown tokens answer 404."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from pmo.projects.models import CalendarFeed, Project
from pmo.projects.services import task_create
from pmo.projects.services.feeds import feed_create, feed_revoke
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world: World, march_project: Project) -> Project:
    project = march_project
    admin = world.users["pmo_admin"]
    task_create(actor=admin, project=project, name="Dig", duration_minutes=960)
    task_create(actor=admin, project=project, name="Handover", duration_minutes=0)
    task_create(actor=admin, project=project, name="Go live", duration_minutes=0)
    return project


def test_feed_serves_one_event_per_milestone_until_revoked(world: World, project: Project) -> None:
    new = feed_create(actor=world.users["manager"], project=project, name="Team calendar")
    # only the digest is stored
    assert new.feed.token_digest == hashlib.sha256(new.token.encode()).hexdigest()
    assert new.token not in str(CalendarFeed.objects.filter(pk=new.feed.pk).values().get())
    url = reverse("projects:feed_ics", kwargs={"token": new.token})
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Go live", "Handover"]
    assert all(project.name in str(e["DESCRIPTION"]) for e in events)
    uids = {str(e["UID"]) for e in events}
    # UIDs are stable across fetches
    again = Calendar.from_ical(Client().get(url).content).walk("VEVENT")
    assert {str(e["UID"]) for e in again} == uids
    new.feed.refresh_from_db()
    assert new.feed.last_used_at is not None
    # revoked: 404, like an unknown token
    feed_revoke(actor=world.users["manager"], feed=new.feed)
    assert Client().get(url).status_code == 404
    assert Client().get(reverse("projects:feed_ics", kwargs={"token": "nope"})).status_code == 404


def test_only_managers_create_and_revoke(world: World, project: Project) -> None:
    with pytest.raises(PermissionDenied):
        feed_create(actor=world.users["contributor"], project=project)
    feed = feed_create(actor=world.users["manager"], project=project).feed
    with pytest.raises(PermissionDenied):
        feed_revoke(actor=world.users["contributor"], feed=feed)


def test_the_page_shows_the_secret_once(world: World, project: Project) -> None:
    client = Client()
    client.force_login(world.users["manager"])
    url = reverse("projects:feeds", kwargs={"uid": project.uid})
    response = client.post(url, {"name": "Mine"})
    assert response.status_code == 201
    feed = CalendarFeed.objects.get(project=project, name="Mine")
    secret = (
        response.content.decode()
        .split('id="new-feed-url" class="secret" type="text" value="')[1]
        .split('"')[0]
    )
    token = secret.rsplit("/", 1)[1].removesuffix(".ics")
    assert hashlib.sha256(token.encode()).hexdigest() == feed.token_digest
    assert token not in client.get(url).content.decode()
