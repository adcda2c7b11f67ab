"""Filters of the simulations API lists: by project, run status, distribution."""

from __future__ import annotations

import django_filters

from pmo.simulations.choices import DistributionChoice, RunStatus
from pmo.simulations.models import SimulationRun, TaskEstimate


class SimulationRunFilterSet(django_filters.FilterSet):
    """Project and status of runs."""

    project = django_filters.UUIDFilter(field_name="project__uid", help_text="Public id of the project.")
    status = django_filters.MultipleChoiceFilter(choices=RunStatus.choices)

    class Meta:
        model = SimulationRun
        fields = ("project", "status")


class TaskEstimateFilterSet(django_filters.FilterSet):
    """Project, task and distribution of estimates."""

    project = django_filters.UUIDFilter(field_name="project__uid", help_text="Public id of the project.")
    task = django_filters.UUIDFilter(field_name="task__uid", help_text="Public id of the task.")
    distribution = django_filters.MultipleChoiceFilter(choices=DistributionChoice.choices)

    class Meta:
        model = TaskEstimate
        fields = ("project", "task", "distribution")
