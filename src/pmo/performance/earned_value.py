"""The earned value of projects, served from snapshots that are recomputed when an input changed.

This is the module other apps use (status reports, governance):

- :func:`project_earned_value` — one project's figures;
- :func:`earned_values` — many projects' figures in a fixed number of queries when their
  snapshots are current (each stale one is recomputed and stored, a few queries each);
- :func:`project_detail` — figures, S-curve and per-task values, computed live for the project page.

Callers pass projects they fetched through a scoped selector: nothing here checks permissions.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction

from pmo.performance.compute import ProjectEarnedValue, compute
from pmo.performance.figures import EarnedValueFigures, Series
from pmo.performance.fingerprints import fingerprints
from pmo.performance.models import EarnedValueSnapshot
from pmo.projects.models import Project

__all__ = [
    "EarnedValueFigures",
    "Series",
    "earned_values",
    "project_detail",
    "project_earned_value",
    "snapshots",
]


def _store(project: Project, fingerprint: str, value: ProjectEarnedValue) -> None:
    """Save the snapshot (a concurrent writer of the same snapshot wins; both computed the same)."""
    fields = {
        "fingerprint": fingerprint,
        "status_date": value.figures.status_date,
        "figures": value.figures.to_json(),
        "series": value.series.to_json(),
    }
    try:
        with transaction.atomic():
            EarnedValueSnapshot.objects.update_or_create(project=project, defaults=fields)
    except IntegrityError:  # another request created it between our read and our insert
        pass


def snapshots(projects: Sequence[Project]) -> dict[int, tuple[EarnedValueFigures, Series]]:
    """Figures and S-curve of each project by id, recomputing the snapshots that are out of date."""
    if not projects:
        return {}
    prints = fingerprints(projects)
    stored = {
        s.project_id: s
        for s in EarnedValueSnapshot.objects.filter(project_id__in=list(prints)).only(
            "project_id", "fingerprint", "figures", "series"
        )
    }
    out: dict[int, tuple[EarnedValueFigures, Series]] = {}
    for project in projects:
        snap = stored.get(project.pk)
        if snap is not None and snap.fingerprint == prints[project.pk]:
            out[project.pk] = (EarnedValueFigures.from_json(snap.figures), Series.from_json(snap.series))
            continue
        value = compute(project)
        _store(project, prints[project.pk], value)
        out[project.pk] = (value.figures, value.series)
    return out


def refresh_stale(projects: Sequence[Project]) -> int:
    """Recompute the snapshots of ``projects`` that are out of date; return how many were."""
    if not projects:
        return 0
    prints = fingerprints(projects)
    current = dict(
        EarnedValueSnapshot.objects.filter(project_id__in=list(prints)).values_list(
            "project_id", "fingerprint"
        )
    )
    stale = [p for p in projects if current.get(p.pk) != prints[p.pk]]
    for project in stale:
        _store(project, prints[project.pk], compute(project))
    return len(stale)


def earned_values(projects: Sequence[Project]) -> dict[int, EarnedValueFigures]:
    """The figures of each project by id (see :func:`snapshots`)."""
    return {pk: figures for pk, (figures, _) in snapshots(projects).items()}


def project_earned_value(project: Project) -> EarnedValueFigures:
    """One project's figures at its status date."""
    return earned_values([project])[project.pk]


def project_detail(project: Project) -> ProjectEarnedValue:
    """Figures, S-curve and per-task values computed now (and stored as the project's snapshot)."""
    value = compute(project)
    _store(project, fingerprints([project])[project.pk], value)
    return value
