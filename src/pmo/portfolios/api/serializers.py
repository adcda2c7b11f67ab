"""Portfolio serializers: one output shape, and an input allow-list per action."""

from __future__ import annotations

from rest_framework import serializers

from pmo.accounts.api.fields import VisibleScopeField, VisibleUserField
from pmo.core.api.serializers import MoveInputSerializer, NodeInputSerializer, NodeSerializer
from pmo.portfolios.models import Portfolio

MOVE_HINT = "Use POST /api/v1/portfolios/{uid}/move/ to move a portfolio."


class PortfolioSerializer(NodeSerializer):
    """A portfolio as the API shows it."""

    parent = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, allow_null=True, help_text="Public id of the parent portfolio."
    )

    class Meta(NodeSerializer.Meta):
        model = Portfolio
        fields = (*NodeSerializer.Meta.fields, "parent")
        read_only_fields = fields


class PortfolioCreateSerializer(NodeInputSerializer):
    """Body of ``POST /portfolios/``: top level (PMO administrators) or under ``parent``."""

    owner = VisibleUserField(allow_null=True, default=None)
    parent = VisibleScopeField(
        kinds=("portfolio",),
        allow_null=True,
        default=None,
        help_text="Public id of the parent portfolio; leave out for a top-level portfolio.",
    )


class PortfolioUpdateSerializer(NodeInputSerializer):
    """Body of ``PUT``/``PATCH /portfolios/{uid}/``: the portfolio's own fields only."""

    read_only_hints = {"parent": MOVE_HINT}
    owner = VisibleUserField(allow_null=True, default=None)


class PortfolioMoveSerializer(MoveInputSerializer):
    """Body of ``POST /portfolios/{uid}/move/``: the new parent portfolio."""

    parent = VisibleScopeField(kinds=("portfolio",), help_text="Public id of the new parent portfolio.")
