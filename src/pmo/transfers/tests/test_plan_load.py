"""Importing over an existing project: tasks matched by the UID of the previous import keep their
rows (history, progress), the others are created or deleted; manually scheduled and inactive tasks
keep their meaning; a refused apply leaves the project as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from pmo.core.errors import DomainRuleError
from pmo.projects.adapters import to_wall
from pmo.projects.models import Task
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.transfers.models import ImportRun
from pmo.transfers.services import import_apply, import_prepare
from pmo.transfers.tests.helpers import import_new

NS = 'xmlns="http://schemas.microsoft.com/project"'


def _plan(*tasks: str) -> bytes:
    return (
        f'<?xml version="1.0"?><Project {NS}><StartDate>2027-03-01T08:00:00</StartDate><Tasks>'
        + "".join(tasks)
        + "</Tasks></Project>"
    ).encode()


def _task(uid: int, name: str, hours: int = 8, extra: str = "") -> str:
    return (
        f"<Task><UID>{uid}</UID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Duration>PT{hours}H0M0S</Duration>{extra}</Task>"
    )


def _link(pred: int) -> str:
    return f"<PredecessorLink><PredecessorUID>{pred}</PredecessorUID><Type>1</Type></PredecessorLink>"


def _over(desk: Any, project: Any, data: bytes) -> ImportRun:
    run = import_prepare(actor=desk.admin, data=data, file_name="again.xml", project=project)
    return import_apply(actor=desk.admin, run=run, background=False)


def test_a_second_import_updates_matched_rows_in_place(desk: Any) -> None:
    project = import_new(
        desk, _plan(_task(10, "Dig"), _task(20, "Pour", 16, _link(10)), _task(30, "Cure")), "a.xml"
    )
    before = dict(Task.objects.filter(project=project).values_list("name", "id"))
    Task.objects.filter(pk=before["Dig"]).update(percent_complete=40)  # progress recorded in pmo

    run = _over(
        desk, project, _plan(_task(10, "Dig deeper", 24), _task(20, "Pour", 16, _link(10)), _task(40, "Seal"))
    )

    rows = {
        name: (pk, pct)
        for name, pk, pct in Task.objects.filter(project=project).values_list(
            "name", "id", "percent_complete"
        )
    }
    assert rows["Dig deeper"][0] == before["Dig"]  # same row, renamed and longer
    assert rows["Pour"][0] == before["Pour"]
    assert "Cure" not in rows and "Seal" in rows  # removed and added
    assert (
        run.result["tasks_created"] == 1
        and run.result["tasks_updated"] == 2
        and run.result["tasks_deleted"] == 1
    )
    assert rows["Dig deeper"][1] == 0  # the file's progress wins (it is the plan being imported)
    pour = Task.objects.get(pk=before["Pour"])
    assert to_wall(pour.start) == dt.datetime(2027, 3, 4, 8)  # after 3 days of digging


def test_manual_and_inactive_tasks_keep_their_meaning(desk: Any, persona_client: Any) -> None:
    manual = "<Manual>1</Manual><Start>2027-03-10T08:00:00</Start><Finish>2027-03-10T17:00:00</Finish>"
    manual += "<ManualStart>2027-03-10T08:00:00</ManualStart><ManualFinish>2027-03-10T17:00:00</ManualFinish>"
    project = import_new(
        desk,
        _plan(
            _task(1, "First"),
            _task(2, "Pinned", 8, manual + _link(1)),
            _task(3, "Shelved", 8, "<Active>0</Active>"),
        ),
        "m.xml",
    )
    pinned = Task.objects.get(project=project, name="Pinned")
    assert pinned.is_manual and to_wall(pinned.start) == dt.datetime(2027, 3, 10, 8)
    assert not Task.objects.get(project=project, name="Shelved").is_active
    from django.test import Client

    client = Client()
    client.force_login(desk.admin)
    page = client.get(reverse("projects:tasks", kwargs={"uid": project.uid})).content.decode()
    assert "Manually scheduled" in page and "Inactive" in page


def test_a_cycle_in_the_new_version_is_refused_and_nothing_changes(desk: Any) -> None:
    project = import_new(desk, _plan(_task(1, "A"), _task(2, "B", 8, _link(1))), "c.xml")
    before = db_fingerprint()
    with pytest.raises(DomainRuleError, match=r"(?i)cycle"):
        import_prepare(
            actor=desk.admin,
            data=_plan(_task(1, "A", 8, _link(2)), _task(2, "B", 8, _link(1))),
            file_name="cycle.xml",
            project=project,
        )
    assert_fingerprint_unchanged(before, "a refused import over a project")


def test_the_preview_shows_the_finish_as_pmo_schedules_the_file(desk: Any) -> None:
    data = _plan(_task(1, "A", 16), _task(2, "B", 24, _link(1)))
    run = import_prepare(
        actor=desk.admin, data=data, file_name="f.xml", parent=desk.portfolio.scope, code="FIN"
    )
    assert run.preview["finish"] == "2027-03-05T17:00:00"  # Monday 1 March 08:00 + 5 working days
    from django.test import Client

    client = Client()
    client.force_login(desk.admin)
    page = client.get(reverse("transfers:import", kwargs={"uid": run.uid})).content.decode()
    assert "Finish, as pmo schedules it" in page and "Fri 2027-03-05 17:00" in page
