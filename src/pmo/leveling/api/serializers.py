"""Serializers of the leveling run API: one output shape, one input allow-list for the preview."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pmo.core.api.serializers import StrictInputSerializer
from pmo.leveling.choices import LevelingMode
from pmo.leveling.models import LevelingRun
from pmo.leveling.services import MAX_TIME_LIMIT


class LevelingRunSerializer(serializers.ModelSerializer[LevelingRun]):
    """A leveling run as the API shows it: the moved tasks with their delay and reason."""

    node = serializers.SerializerMethodField(help_text="Public id of the project, program or portfolio.")
    kind = serializers.CharField(source="scope.kind", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = LevelingRun
        fields = (
            "uid", "version", "node", "kind", "status", "mode", "time_limit", "created_by", "created_at",
            "updated_at", "summary", "changes",
        )  # fmt: skip
        read_only_fields = fields

    def get_node(self, run: LevelingRun) -> str | None:
        """The public id of the levelled node."""
        owner = run.scope.owner
        return str(owner.uid) if owner is not None else None


class LevelingRunCreateSerializer(StrictInputSerializer):
    """Body of ``POST /leveling-runs/``: level a node and keep the preview."""

    node = serializers.UUIDField(help_text="Public id of a project, program or portfolio.")
    mode = serializers.ChoiceField(choices=LevelingMode.choices, default=LevelingMode.HEURISTIC)
    time_limit = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_TIME_LIMIT,
        help_text="Seconds (optimize).",
    )


class EmptySerializer(StrictInputSerializer):
    """An action without a body (``{}``)."""
