"""Project serializers: one output shape, and an input allow-list per action."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pmo.accounts.api.fields import VisibleScopeField, VisibleUserField
from pmo.core.api.serializers import MoveInputSerializer, NodeInputSerializer, NodeSerializer
from pmo.projects.choices import DO_NOT_LEVEL, PRIORITY_DEFAULT, PROJECT_PRIORITY_HELP
from pmo.projects.models import Project

MOVE_HINT = "Use POST /api/v1/projects/{uid}/move/ to move a project to another program or portfolio."
PARENT_FIELDS = ("program", "portfolio")
PRIORITY_HELP = f"Leveling priority, {PROJECT_PRIORITY_HELP}"


def priority_field() -> serializers.IntegerField:
    """The writable ``priority`` (on PUT a body without it resets it to 500)."""
    return serializers.IntegerField(
        min_value=0, max_value=DO_NOT_LEVEL, default=PRIORITY_DEFAULT, help_text=PRIORITY_HELP
    )


def _one_parent(attrs: dict[str, Any]) -> dict[str, Any]:
    """Exactly one of ``program`` and ``portfolio``; the chosen scope goes to ``parent``."""
    given = [name for name in PARENT_FIELDS if attrs.get(name) is not None]
    if len(given) != 1:
        message = (
            "Give either a program or a portfolio, not both."
            if given
            else "Give the program or the portfolio the project belongs to."
        )
        raise serializers.ValidationError({"program": [message], "portfolio": [message]})
    attrs["parent"] = attrs.pop(given[0])
    for name in PARENT_FIELDS:
        attrs.pop(name, None)
    return attrs


class ProjectSerializer(NodeSerializer):
    """A project as the API shows it."""

    portfolio = serializers.SlugRelatedField(
        slug_field="uid",
        read_only=True,
        help_text="Public id of the portfolio (for a project in a program: the program's portfolio).",
    )
    program = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, allow_null=True, help_text="Public id of the program, if any."
    )

    class Meta(NodeSerializer.Meta):
        model = Project
        fields = (*NodeSerializer.Meta.fields, "portfolio", "program", "priority")
        read_only_fields = fields
        extra_kwargs = {"priority": {"help_text": PRIORITY_HELP}}


class ProjectCreateSerializer(NodeInputSerializer):
    """Body of ``POST /projects/``: a project in ``program`` or directly in ``portfolio``."""

    owner = VisibleUserField(allow_null=True, default=None)
    program = VisibleScopeField(
        kinds=("program",), required=False, allow_null=True, help_text="Public id of the program."
    )
    portfolio = VisibleScopeField(
        kinds=("portfolio",),
        required=False,
        allow_null=True,
        help_text="Public id of the portfolio (for a project outside any program).",
    )
    priority = priority_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Dates in order and exactly one parent."""
        return _one_parent(super().validate(attrs))


class ProjectUpdateSerializer(NodeInputSerializer):
    """Body of ``PUT``/``PATCH /projects/{uid}/``: the project's own fields only."""

    read_only_hints = {"program": MOVE_HINT, "portfolio": MOVE_HINT}
    owner = VisibleUserField(allow_null=True, default=None)
    priority = priority_field()


class ProjectMoveSerializer(MoveInputSerializer):
    """Body of ``POST /projects/{uid}/move/``: the destination program or portfolio."""

    program = VisibleScopeField(
        kinds=("program",), required=False, allow_null=True, help_text="Public id of the destination program."
    )
    portfolio = VisibleScopeField(
        kinds=("portfolio",),
        required=False,
        allow_null=True,
        help_text="Public id of the destination portfolio (the project leaves any program).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Exactly one destination."""
        return _one_parent(super().validate(attrs))
