"""Every shared MS Project and Primavera file goes through the real import (into the database)
and, for MS Project files, back out and in again with nothing lost and the same schedule.

The folders are walked whole: a new file in ``../shared/data`` is a new test case. A file is
either imported or refused with a deliberate message listed in ``REFUSED`` (documented in
docs/user/import-export.md).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from pmo.core.errors import DomainRuleError
from pmo.engine.readers.xer import early_date_agreement
from pmo.interchange.formats import read_document
from pmo.projects.adapters import to_wall
from pmo.projects.models import Task
from pmo.testing.data import require_shared_data, shared_data_dir
from pmo.transfers.adapters import document_from_project
from pmo.transfers.exports import project_export
from pmo.transfers.tests.helpers import import_new, plan_signature, schedule_signature

#: Files refused on purpose, by path under shared/data, with the start of the message they get.
REFUSED: dict[str, str] = {}


def _files(folder: str, *patterns: str) -> list[Path]:
    root = shared_data_dir() / folder
    if not root.exists():
        return []
    return sorted(p for pattern in patterns for p in root.rglob(pattern))


def _id(path: Path | None) -> str:
    return "absent" if path is None else f"{path.parent.name}/{path.name}"


def _relative(path: Path) -> str:
    return str(path.relative_to(shared_data_dir()))


def _import_or_refuse(desk: Any, path: Path) -> Any:
    expected = REFUSED.get(_relative(path))
    if expected is not None:
        with pytest.raises(DomainRuleError, match=expected):
            import_new(desk, path.read_bytes(), path.name)
        return None
    return import_new(desk, path.read_bytes(), path.name)


def _stored_dates(project: Any) -> list[tuple[Any, ...]]:
    rows = Task.objects.filter(project=project).order_by("position").values_list("start", "finish")
    return [(i, to_wall(start), to_wall(finish)) for i, (start, finish) in enumerate(rows)]


@pytest.mark.parametrize("path", _files("mspdi", "*.xml") or [None], ids=_id)
def test_mspdi_file_imports_and_round_trips(desk: Any, path: Path | None) -> None:
    """Import → export → import keeps tasks, links, lags, calendar exceptions, constraints,
    baselines, and the stored schedule equals the engine's schedule of the file itself."""
    root = require_shared_data("mspdi")
    if path is None:
        pytest.fail(f"no MSPDI files under {root}")
    data = path.read_bytes()
    project = _import_or_refuse(desk, path)
    if project is None:
        return
    original = read_document(data, "mspdi")
    first = document_from_project(project)
    assert plan_signature(first.project) == plan_signature(original.project)
    assert _stored_dates(project) == schedule_signature(original.project)

    exported = project_export(project, "mspdi").content
    again = import_new(desk, exported, f"again-{path.name}")
    second = document_from_project(again)
    assert plan_signature(second.project) == plan_signature(first.project)
    assert _stored_dates(again) == _stored_dates(project)
    assert _calendars(second) == _calendars(first)
    assert _baselines(second) == _baselines(first)
    assert [d.notes for d in _details(second)] == [d.notes for d in _details(first)]
    # Fields we do not model come back verbatim, on tasks, resources, assignments and the project.
    assert [d.extra for d in _details(first)] == [d.extra for d in _details(original)]
    assert [d.extra for d in _details(second)] == [d.extra for d in _details(first)]
    assert sorted(r.extra.items() for r in second.resources) == sorted(
        r.extra.items() for r in first.resources
    )
    assert second.extra == first.extra == original.extra
    assert len(second.resources) == len(first.resources)
    assert len(second.assignments) == len(first.assignments)


def _details(doc: Any) -> list[Any]:
    return [doc.detail(t.uid) for t in doc.project.tasks]


def _calendars(doc: Any) -> list[Any]:
    return sorted(
        (c.name, c.week, tuple(sorted(c.exceptions, key=repr)), c.base.name if c.base else None)
        for c in doc.project.calendars.values()
    )


def _baselines(doc: Any) -> list[Any]:
    return [sorted(doc.detail(t.uid).baselines.items()) for t in doc.project.tasks]


@pytest.mark.parametrize("path", _files("xer", "*.xer", "*.xml") or [None], ids=_id)
def test_p6_file_imports_and_reproduces_p6_early_dates(
    desk: Any, path: Path | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every P6 file imports (or is refused on purpose); the stored schedule agrees with P6's own
    early dates as far as the engine does (the figure is printed: "N of M activities agree")."""
    root = require_shared_data("xer")
    if path is None:
        pytest.fail(f"no P6 files under {root}")
    project = _import_or_refuse(desk, path)
    if project is None:
        return
    data = path.read_bytes()
    doc = read_document(data, "xer" if path.suffix == ".xer" else "pmxml")
    assert Task.objects.filter(project=project).count() == len(doc.project.tasks)
    rows = Task.objects.filter(project=project).values_list("extra", "early_start", "early_finish")
    result = SimpleNamespace(
        tasks=[
            SimpleNamespace(uid=extra["uid"], early_start=to_wall(es), early_finish=to_wall(ef))
            for extra, es, ef in rows
        ]
    )
    agree, compared = early_date_agreement(dict(doc.stored), result)  # type: ignore[arg-type]
    with capsys.disabled():
        print(f"\n{_relative(path)}: {agree} of {compared} activities agree with P6's early dates")
    if doc.project.tasks:
        stored = sorted((to_wall(es), to_wall(ef)) for _, es, ef in rows)
        from pmo.engine.schedule import schedule

        engine = sorted((r.early_start, r.early_finish) for r in schedule(doc.project).tasks)
        assert stored == engine
