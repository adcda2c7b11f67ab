"""Paste rows: reading tab-separated text from spreadsheets, previewing it, inserting it at once."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from pmo.interchange.text import ParseError
from pmo.projects.forms.tasks import parse_paste, parse_when
from pmo.projects.models import Link, Project, Task
from pmo.projects.services import task_create
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.personas import World

UNITS = SimpleNamespace(minutes_per_day=480, minutes_per_week=2400, days_per_month=20)


def test_a_header_row_is_recognised_skipped_and_maps_the_columns() -> None:
    text = (
        "Task Name\tPredecessors\tDuration\tOutline Level\n"
        "Design\t\t3d\t1\nSketch\t\t1d\t2\nBuild\t1\t5d?\t1\n"
    )
    rows = parse_paste(text, UNITS)
    assert [(r.name, r.level) for r in rows] == [("Design", 1), ("Sketch", 2), ("Build", 1)]
    assert rows[2].duration is not None and rows[2].duration.minutes == 2400 and rows[2].duration.estimated
    assert [str(p) for p in rows[2].predecessors] == ["1"]
    assert all(not r.errors for r in rows)


def test_without_a_header_the_columns_are_name_duration_start_finish_predecessors() -> None:
    rows = parse_paste("Pour\t2d\t2026-03-05\t\t1FS+1d\r\n\r\nCure\t3ed\t\t06.03.2026\t", UNITS)
    assert rows[0].start == dt.datetime(2026, 3, 5) and str(rows[0].predecessors[0]) == "1FS+1d"
    assert rows[1].duration is not None and rows[1].duration.elapsed
    assert rows[1].finish == dt.datetime(2026, 3, 6, 23, 59)
    assert [r.line for r in rows] == [1, 3]


def test_levels_come_from_leading_tabs_or_ranked_leading_spaces() -> None:
    rows = parse_paste("Phase\n    Step\n        Detail\n    Step 2\n\tTabbed", UNITS)
    assert [r.level for r in rows] == [1, 2, 3, 2, 2]
    assert [r.name for r in rows][:2] == ["Phase", "Step"]


def test_every_problem_is_reported_at_its_line() -> None:
    rows = parse_paste("Duration\tName\tStart\n5x\t\t2026-13-45\n1d\t  Orphan\t", UNITS)
    first = rows[0]
    assert first.line == 2
    assert "the name is empty" in first.errors
    assert any("'5x' is not a duration" in e for e in first.errors)
    assert any("2026-13-45" in e for e in first.errors)
    # the indented row follows a level-1 row: it is a subtask, with no problem
    assert rows[1].errors == [] and rows[1].level == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05", dt.datetime(2026, 3, 5)),
        ("2026-03-05 13:30", dt.datetime(2026, 3, 5, 13, 30)),
        ("05.03.2026", dt.datetime(2026, 3, 5)),
        ("3/5/2026", dt.datetime(2026, 3, 5)),
        ("Thu 3/5/26", dt.datetime(2026, 3, 5)),
        ("3/5/2026 1:00 PM", dt.datetime(2026, 3, 5, 13, 0)),
    ],
)
def test_dates_as_spreadsheets_show_them(text: str, expected: dt.datetime) -> None:
    assert parse_when(text) == expected


@pytest.mark.parametrize("text", ["2026-13-45", "tomorrow", "2026-02-30", "31/12/2026"])
def test_bad_dates_are_refused_naming_the_text(text: str) -> None:
    with pytest.raises(ParseError, match=text.split()[0].replace("/", "/")):
        parse_when(text)


@given(st.lists(st.tuples(st.integers(min_value=0, max_value=3), st.text("abc xyz", min_size=1, max_size=8))))
def test_parse_never_drops_a_line_and_levels_never_jump(lines: list[tuple[int, str]]) -> None:
    text = "\n".join("\t" * tabs + name for tabs, name in lines)
    rows = parse_paste(text, UNITS)
    assert len(rows) == sum(1 for tabs, name in lines if (("\t" * tabs) + name).strip())
    previous = 0
    for row in rows:
        assert row.errors or 1 <= row.level <= previous + 1
        previous = row.level if not row.errors else previous
        previous = max(previous, row.level) if row.errors else previous


@pytest.mark.django_db
def test_preview_then_insert_pastes_every_row_in_one_write(world: World, persona_client: Any) -> None:
    # given a project with one task
    project: Project = world.a.project_direct
    Project.objects.filter(pk=project.pk).update(start_date=dt.date(2026, 3, 2))
    task_create(actor=world.users["manager"], project=project, name="Kick-off", duration_minutes=480)
    client = persona_client("contributor")
    url = reverse("projects:tasks_paste", kwargs={"uid": project.uid})
    text = "Name\tDuration\tPredecessors\nDesign\t3d\t\n  Sketch\t1d\t\nBuild\t5d\t1\n"
    # when the contributor previews: nothing is written, the rows are shown
    before = db_fingerprint()
    preview = client.post(
        url, {"text": text, "relative": "on", "action": "preview"}, headers={"HX-Request": "true"}
    )
    assert preview.status_code == 200 and "Insert 3 rows" in preview.content.decode()
    assert db_fingerprint() == before
    # and then inserts, with predecessor numbers counted from the first pasted row
    response = client.post(url, {"text": text, "relative": "on", "action": "insert"})
    assert response.status_code == 303
    rows = {t.name: t for t in Task.objects.filter(project=project)}
    assert [rows[n].position for n in ("Kick-off", "Design", "Sketch", "Build")] == [1, 2, 3, 4]
    assert rows["Design"].is_summary and rows["Sketch"].parent_id == rows["Design"].pk
    assert Link.objects.get(successor=rows["Build"]).predecessor_id == rows["Design"].pk
    # Design is a summary over Sketch (Mon 2 March), so Build starts on Tue 3 March
    assert rows["Build"].start is not None and rows["Build"].start.date() == dt.date(2026, 3, 3)


@pytest.mark.django_db
def test_a_paste_with_a_bad_line_shows_it_and_inserts_nothing(world: World, persona_client: Any) -> None:
    project: Project = world.a.project_direct
    url = reverse("projects:tasks_paste", kwargs={"uid": project.uid})
    before = db_fingerprint()
    response = persona_client("contributor").post(url, {"text": "A\t1d\nB\t2q\n", "action": "insert"})
    assert response.status_code == 422
    html = response.content.decode().replace("&#x27;", "'")
    assert "'2q' is not a duration" in html and "Insert 2 rows" not in html
    assert db_fingerprint() == before


@pytest.mark.django_db
def test_a_paste_whose_links_make_a_cycle_is_refused_whole(world: World, persona_client: Any) -> None:
    project: Project = world.a.project_direct
    url = reverse("projects:tasks_paste", kwargs={"uid": project.uid})
    before = db_fingerprint()
    response = persona_client("contributor").post(
        url, {"text": "A\t1d\t\t\t2\nB\t1d\t\t\t1\n", "action": "insert"}
    )
    assert response.status_code == 422 and "cycle" in response.content.decode()
    assert db_fingerprint() == before
