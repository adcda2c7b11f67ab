"""``pmo import`` and ``pmo export``: the same services as the pages, one-line refusals (exit 2)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pmo.interchange.formats import read_document
from pmo.projects.models import Project, Task
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.transfers.tests.samples import XXE, tiny_csv, tiny_mspdi


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_new_then_over_it_then_export_every_format(desk: Any, tmp_path: Path) -> None:
    """Given an MSPDI file, `pmo import --new --in IMP` creates the project; importing the file
    again matches every task; each export format is written and the XML reads back the same plan."""
    plan = tmp_path / "plan.xml"
    plan.write_bytes(tiny_mspdi())
    said = _run("import", str(plan), "--project", "CLI-1", "--new", "--in", "IMP", "--as", "importer")
    assert "3 tasks created" in said
    project = Project.objects.get(code="CLI-1")
    assert list(Task.objects.filter(project=project).values_list("name", flat=True)) == [
        "Design",
        "Build",
        "Ship",
    ]
    again = _run("import", str(plan), "--project", "CLI-1")
    assert "0 tasks created, 3 updated, 0 deleted" in again
    for fmt, head in (
        ("mspdi", b"<?xml"),
        ("xlsx", b"PK"),
        ("csv", b"\xef\xbb\xbf"),
        ("ics", b"BEGIN:VCALENDAR"),
    ):
        target = tmp_path / f"out.{fmt}"
        _run("export", "CLI-1", "--format", fmt, "-o", str(target))
        assert target.read_bytes().startswith(head)
    back = read_document((tmp_path / "out.mspdi").read_bytes(), "mspdi")
    assert [t.name for t in back.project.tasks] == ["Design", "Build", "Ship"]
    assert len(back.project.links) == 2


def test_dry_run_changes_nothing(desk: Any, tmp_path: Path) -> None:
    plan = tmp_path / "tasks.csv"
    plan.write_bytes(tiny_csv())
    before = db_fingerprint()
    said = _run("import", str(plan), "--project", "CLI-2", "--new", "--in", "IMP", "--dry-run")
    assert "csv: 3 tasks" in said and "dry run" in said
    assert_fingerprint_unchanged(before, "a dry run")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "/no/such/file.xml", "--project", "X"), "no such file"),
        (
            ("import", "{xxe}", "--project", "CLI-3", "--new", "--in", "IMP"),
            "DTDs and entities are not allowed",
        ),
        (("import", "{plan}", "--project", "NOPE"), "no project with code 'NOPE'"),
        (("import", "{plan}", "--project", "CLI-4", "--new"), "--new needs --in"),
        (("import", "{plan}", "--project", "CLI-5", "--new", "--in", "ZZZ"), "no program or portfolio"),
        (("import", "{plan}", "--project", "X", "--as", "ghost"), "no active user named 'ghost'"),
        (("export", "NOPE", "--format", "mspdi", "-o", "{out}"), "no project with code"),
        (("export", "IMP-X", "--format", "pdf", "-o", "{out}"), "not one of mspdi, xlsx, csv, ics"),
    ],
    ids=[
        "missing-file",
        "xxe",
        "unknown-project",
        "new-without-parent",
        "unknown-parent",
        "unknown-user",
        "export-unknown-project",
        "export-bad-format",
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    desk: Any, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "plan.xml").write_bytes(tiny_mspdi())
    (tmp_path / "xxe.xml").write_bytes(XXE)
    paths = {"plan": str(tmp_path / "plan.xml"), "xxe": str(tmp_path / "xxe.xml"), "out": str(tmp_path / "o")}
    before = db_fingerprint()
    with pytest.raises(CommandError) as raised:
        _run(*(arg.format(**paths) for arg in args))
    assert raised.value.returncode == 2
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert_fingerprint_unchanged(before, "a refused command")
