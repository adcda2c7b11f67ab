"""Serializers of the simulations API: runs (the list without results; one run with them) and the
three-point estimates of tasks (durations in working minutes, cost range in % of the planned cost)."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers

from pmo.core.api.serializers import StrictInputSerializer
from pmo.projects.api.tracking_serializers import VisibleProjectField, VisibleTaskField
from pmo.quality.api.fields import VisibleObjectField
from pmo.simulations.choices import DistributionChoice
from pmo.simulations.models import SimulationRun, TaskEstimate
from pmo.simulations.selectors import groups_visible

VERSION_FIELDS = ("version", "etag", "created_at", "updated_at")
ETAG_HELP = "Send it back in If-Match to change this object."
PERCENT: dict[str, Any] = {"max_digits": 7, "decimal_places": 2, "required": False, "allow_null": True}


class SimulationRunSerializer(serializers.ModelSerializer[SimulationRun]):
    """A run as the list shows it: what ran, how, and its state (no inputs or results)."""

    project: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    job: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, allow_null=True, help_text="The background job (progress)."
    )
    started_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = SimulationRun
        fields: tuple[str, ...] = (
            "uid", "project", "number", "status", "job", "seed", "iterations", "deadline", "note",
            "engine_version", "error", "started_by", "finished_at", *VERSION_FIELDS,
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class SimulationRunDetailSerializer(SimulationRunSerializer):
    """One run with its settings and results (finish and cost distributions, P-values, per-task
    criticality and sensitivity, the risk tornado, joint confidence); ``results`` is empty until done."""

    settings = serializers.JSONField(source="run_settings", read_only=True)
    results = serializers.JSONField(read_only=True)

    class Meta(SimulationRunSerializer.Meta):
        fields = (*SimulationRunSerializer.Meta.fields, "settings", "results")
        read_only_fields = fields


class SimulationRunCreateSerializer(StrictInputSerializer):
    """Body of ``POST /simulations/``: start a run of a project (a background job)."""

    project = VisibleProjectField(help_text="Public id of the project.")
    iterations = serializers.IntegerField(default=10_000, help_text="1 up to the configured cap.")
    seed = serializers.IntegerField(
        required=False, allow_null=True, help_text="Reproduce a run; empty: fresh."
    )
    deadline = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TaskEstimateSerializer(serializers.ModelSerializer[TaskEstimate]):
    """A task's three-point duration estimate (working minutes) as the API shows it."""

    task: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    project: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True
    )
    group: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, allow_null=True, help_text="Correlation group, if any."
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = TaskEstimate
        fields = (
            "uid", "task", "project", "minimum_minutes", "most_likely_minutes", "maximum_minutes",
            "distribution", "cost_minimum_percent", "cost_most_likely_percent", "cost_maximum_percent",
            "group", *VERSION_FIELDS,
        )  # fmt: skip
        read_only_fields = fields


class _EstimateFields(StrictInputSerializer):
    minimum_minutes = serializers.IntegerField()
    most_likely_minutes = serializers.IntegerField()
    maximum_minutes = serializers.IntegerField()
    distribution = serializers.ChoiceField(
        choices=DistributionChoice.choices, default=DistributionChoice.TRIANGULAR
    )
    cost_minimum_percent = serializers.DecimalField(**PERCENT)
    cost_most_likely_percent = serializers.DecimalField(**PERCENT)
    cost_maximum_percent = serializers.DecimalField(**PERCENT)
    group = VisibleObjectField(
        visible=groups_visible, noun="correlation group", required=False, allow_null=True
    )


class TaskEstimateCreateSerializer(_EstimateFields):
    """Body of ``POST /simulation-estimates/``: the estimate of a leaf task (replaces an existing one)."""

    task = VisibleTaskField(help_text="Public id of the leaf task.")


class TaskEstimateUpdateSerializer(_EstimateFields):
    """Body of ``PUT``/``PATCH /simulation-estimates/{uid}/``."""

    read_only_hints: ClassVar[dict[str, str]] = {"task": "An estimate stays on its task."}
