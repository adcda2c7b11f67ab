"""Program serializers: one output shape, and an input allow-list per action."""

from __future__ import annotations

from rest_framework import serializers

from pmo.accounts.api.fields import VisibleScopeField, VisibleUserField
from pmo.core.api.serializers import MoveInputSerializer, NodeInputSerializer, NodeSerializer
from pmo.programs.models import Program

MOVE_HINT = "Use POST /api/v1/programs/{uid}/move/ to move a program to another portfolio."


class ProgramSerializer(NodeSerializer):
    """A program as the API shows it."""

    portfolio = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the portfolio the program is in."
    )

    class Meta(NodeSerializer.Meta):
        model = Program
        fields = (*NodeSerializer.Meta.fields, "portfolio")
        read_only_fields = fields


class ProgramCreateSerializer(NodeInputSerializer):
    """Body of ``POST /programs/``: a program in ``portfolio`` (manager role there)."""

    owner = VisibleUserField(allow_null=True, default=None)
    portfolio = VisibleScopeField(
        kinds=("portfolio",), help_text="Public id of the portfolio the program belongs to."
    )


class ProgramUpdateSerializer(NodeInputSerializer):
    """Body of ``PUT``/``PATCH /programs/{uid}/``: the program's own fields only."""

    read_only_hints = {"portfolio": MOVE_HINT}
    owner = VisibleUserField(allow_null=True, default=None)


class ProgramMoveSerializer(MoveInputSerializer):
    """Body of ``POST /programs/{uid}/move/``: the destination portfolio."""

    portfolio = VisibleScopeField(kinds=("portfolio",), help_text="Public id of the destination portfolio.")
