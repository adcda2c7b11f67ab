"""Serializers of the governance API: tolerances and exceptions, one input allow-list per write."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo.accounts.api.fields import VisibleScopeField
from pmo.accounts.api.serializers import ScopeRefSerializer
from pmo.core.api.serializers import StrictInputSerializer
from pmo.governance.choices import DecisionKind, Dimension, Measure
from pmo.governance.models import Tolerance, ToleranceException

VERSION_FIELDS = ("version", "etag", "created_at", "updated_at")
ETAG_HELP = "Send it back in If-Match to change this object."


class ToleranceSerializer(serializers.ModelSerializer[Tolerance]):
    """A tolerance of a project or program (``scope``: the node it limits)."""

    scope = serializers.SerializerMethodField()
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = Tolerance
        fields = (
            "uid",
            "scope",
            "dimension",
            "measure",
            "active",
            "days",
            "percent",
            "amount",
            "score",
            "note",
            *VERSION_FIELDS,
        )
        read_only_fields = fields

    @extend_schema_field(ScopeRefSerializer)
    def get_scope(self, tolerance: Tolerance) -> dict[str, Any]:
        """The project or program the tolerance limits."""
        return ScopeRefSerializer(tolerance.scope).data


class _ToleranceFields(StrictInputSerializer):
    """What a manager of the level above sets (the service checks the fields the dimension uses)."""

    measure = serializers.ChoiceField(
        choices=Measure.choices, required=False, help_text="Default: the dimension's first measure."
    )
    active = serializers.BooleanField(required=False)
    days = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=3650)
    percent = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    score = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ToleranceCreateSerializer(_ToleranceFields):
    """Body of ``POST /tolerances/``: the project or program, the dimension and its limit."""

    scope = VisibleScopeField(kinds=("project", "program"), help_text="Public id of the project or program.")
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    read_only_fields = ("id", "uid", "version", "etag", "created_at", "updated_at")


class ToleranceUpdateSerializer(_ToleranceFields):
    """Body of ``PUT``/``PATCH /tolerances/{uid}/``."""

    read_only_hints = {
        "dimension": "A tolerance keeps its dimension; remove it and create another.",
        "scope": "A tolerance stays with its project or program.",
    }


class ToleranceExceptionSerializer(serializers.ModelSerializer[ToleranceException]):
    """An exception: the breach of a tolerance, escalated to the level above, and its decision."""

    scope = serializers.SerializerMethodField()
    escalated_to = serializers.SerializerMethodField()
    acknowledged_by: Any = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    decided_by: Any = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    decision_kind = serializers.ChoiceField(
        choices=DecisionKind.choices, allow_blank=True, read_only=True, help_text="Blank until decided."
    )

    class Meta:
        model = ToleranceException
        fields = (
            "uid",
            "scope",
            "escalated_to",
            "dimension",
            "measure",
            "measured",
            "limit",
            "unit",
            "detail",
            "status",
            "raised_at",
            "last_breach_at",
            "acknowledged_at",
            "acknowledged_by",
            "decision_kind",
            "decision",
            "decided_at",
            "decided_by",
            "closed_at",
            *VERSION_FIELDS,
        )
        read_only_fields = fields

    @extend_schema_field(ScopeRefSerializer)
    def get_scope(self, exception: ToleranceException) -> dict[str, Any]:
        """The project or program whose tolerance was exceeded."""
        return ScopeRefSerializer(exception.scope).data

    @extend_schema_field(ScopeRefSerializer)
    def get_escalated_to(self, exception: ToleranceException) -> dict[str, Any]:
        """The level above, whose managers decide."""
        return ScopeRefSerializer(exception.escalated_to).data


class ToleranceExceptionStepSerializer(StrictInputSerializer):
    """Body of ``POST /exceptions/{uid}/acknowledge/`` and ``close/`` (empty; ``If-Match`` required)."""


class ToleranceExceptionDecideSerializer(StrictInputSerializer):
    """Body of ``POST /exceptions/{uid}/decide/``."""

    decision_kind = serializers.ChoiceField(choices=DecisionKind.choices)
    decision = serializers.CharField(max_length=4000, help_text="What was decided and why.")
