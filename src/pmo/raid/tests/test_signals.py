"""The "open issues" provider of status reports: registered with reporting, rated by priority."""

from __future__ import annotations

import datetime as dt

import pytest

from pmo.raid.kinds import KINDS
from pmo.raid.services import raid_item_create, raid_item_update
from pmo.raid.signals import open_issues_signal
from pmo.reporting import signals as registry
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))


def test_provider_is_registered_with_reporting() -> None:
    assert open_issues_signal in registry._PROVIDERS["risk"]


def test_open_issues_rate_the_project(world: World) -> None:
    project, manager = world.a.project, world.users["manager"]
    # Given the world's open high issue: amber, listed
    signal = open_issues_signal(project, *PERIOD)
    assert signal is not None and signal.rag == "amber"
    assert signal.items[0]["title"].startswith("Issue: ")
    # when a critical one is raised: red, and it is listed first
    raid_item_create(
        actor=manager,
        kind=KINDS["issue"],
        scope=project.scope,
        data={"title": "Site flooded", "priority": "critical"},
    )
    signal = open_issues_signal(project, *PERIOD)
    assert signal is not None and signal.rag == "red" and signal.items[0]["title"] == "Issue: Site flooded"
    # and a project whose issues are all closed is not assessed
    issue = world.a.obj("raid_issue")
    raid_item_update(actor=manager, item=issue, data={"status": "closed"}, expected_version=None)
    assert open_issues_signal(world.a.project_direct, *PERIOD) is None
