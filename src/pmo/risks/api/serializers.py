"""Serializers of the risk register: one output shape each, and an input allow-list per write."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import Http404
from rest_framework import serializers

from pmo.core.api.serializers import StrictInputSerializer
from pmo.quality.api.fields import VisibleObjectField
from pmo.risks.choices import ActionStatus, ImpactUnit, RiskCategory, RiskKind, Strategy
from pmo.risks.models import Risk, RiskAction, RiskMatrix
from pmo.risks.selectors import node_scope, risks_visible

ETAG_HELP = "Send it back in If-Match to change this object."
STRATEGY_HELP = "Threats: avoid, mitigate, transfer, accept; opportunities: exploit, enhance, share, accept."
OWNER_HELP = "Username of someone with a role on the node (or null)."
NODE_HELP = "Public id of the portfolio, program or project the object belongs to."


class NodeField(serializers.UUIDField):
    """The public id of a portfolio, program or project the caller may see; resolves to its scope."""

    def to_internal_value(self, data: Any) -> Any:
        """The node's scope, or 400 naming the field (the same for unknown and out of view)."""
        uid = super().to_internal_value(data)
        request = self.context.get("request")
        try:
            return node_scope(getattr(request, "user", None), "", uid)
        except Http404:
            raise serializers.ValidationError(
                "No portfolio, program or project with this id among those you can see."
            ) from None

    def to_representation(self, value: Any) -> Any:
        """A scope is shown by its node's public id."""
        return str(value.owner.uid)


class _NodeOutput(serializers.Serializer):  # type: ignore[type-arg]
    node = serializers.SerializerMethodField(help_text=NODE_HELP)
    node_kind = serializers.CharField(
        source="scope.kind", read_only=True, help_text="portfolio, program or project"
    )

    def get_node(self, obj: Any) -> str:
        """The node's public id."""
        return str(obj.scope.owner.uid)


class RiskSerializer(_NodeOutput, serializers.ModelSerializer[Risk]):
    """A risk as the API shows it (scores are computed: inherent, residual and current)."""

    owner: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    current_score = serializers.IntegerField(read_only=True)
    exposure = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    task_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = Risk
        fields = (
            "uid",
            "node",
            "node_kind",
            "kind",
            "title",
            "cause",
            "event",
            "effect",
            "category",
            "owner",
            "strategy",
            "triggers",
            "proximity",
            "probability",
            "impact_time",
            "impact_cost",
            "impact_scope",
            "impact_quality",
            "score",
            "residual_probability",
            "residual_time",
            "residual_cost",
            "residual_scope",
            "residual_quality",
            "residual_score",
            "current_score",
            "probability_percent",
            "time_unit",
            "time_min",
            "time_likely",
            "time_max",
            "cost_min",
            "cost_likely",
            "cost_max",
            "exposure",
            "task_ids",
            "status",
            "close_reason",
            "closed_at",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


def _risk_fields(*, create: bool) -> dict[str, serializers.Field]:  # type: ignore[type-arg]
    """The writable fields of a risk: with defaults on create, all optional on update."""

    def opt(**kwargs: Any) -> dict[str, Any]:
        if not create:
            kwargs.pop("default", None)
            kwargs["required"] = False
        return kwargs

    level: dict[str, Any] = {"min_value": 0, "max_value": 10}
    nullable_level: dict[str, Any] = {"min_value": 0, "max_value": 10, "allow_null": True}
    money: dict[str, Any] = {"max_digits": 16, "decimal_places": 2, "allow_null": True}
    text: dict[str, Any] = {"allow_blank": True, "max_length": 4000}
    return {
        "kind": serializers.ChoiceField(choices=RiskKind.choices, **opt(default=RiskKind.THREAT)),
        "title": serializers.CharField(max_length=200, **opt()),
        "cause": serializers.CharField(**text, **opt(default="")),
        "event": serializers.CharField(**text, **opt(default="")),
        "effect": serializers.CharField(**text, **opt(default="")),
        "category": serializers.ChoiceField(choices=RiskCategory.choices, **opt(default=RiskCategory.OTHER)),
        "owner": serializers.CharField(
            allow_null=True, max_length=150, help_text=OWNER_HELP, **opt(default=None)
        ),
        "strategy": serializers.ChoiceField(
            choices=Strategy.choices,
            allow_blank=True,
            help_text=STRATEGY_HELP,
            **opt(default=""),
        ),
        "triggers": serializers.CharField(**text, **opt(default="")),
        "proximity": serializers.DateField(allow_null=True, **opt(default=None)),
        "probability": serializers.IntegerField(
            min_value=0, max_value=10, help_text="1 to the matrix's levels.", **opt()
        ),
        "impact_time": serializers.IntegerField(**level, **opt(default=0)),
        "impact_cost": serializers.IntegerField(**level, **opt(default=0)),
        "impact_scope": serializers.IntegerField(**level, **opt(default=0)),
        "impact_quality": serializers.IntegerField(**level, **opt(default=0)),
        "residual_probability": serializers.IntegerField(**nullable_level, **opt(default=None)),
        "residual_time": serializers.IntegerField(**nullable_level, **opt(default=None)),
        "residual_cost": serializers.IntegerField(**nullable_level, **opt(default=None)),
        "residual_scope": serializers.IntegerField(**nullable_level, **opt(default=None)),
        "residual_quality": serializers.IntegerField(**nullable_level, **opt(default=None)),
        "probability_percent": serializers.DecimalField(
            max_digits=6, decimal_places=2, allow_null=True, help_text="0 to 100.", **opt(default=None)
        ),
        "time_unit": serializers.ChoiceField(choices=ImpactUnit.choices, **opt(default=ImpactUnit.DAYS)),
        "time_min": serializers.FloatField(allow_null=True, **opt(default=None)),
        "time_likely": serializers.FloatField(allow_null=True, **opt(default=None)),
        "time_max": serializers.FloatField(allow_null=True, **opt(default=None)),
        "cost_min": serializers.DecimalField(**money, **opt(default=None)),
        "cost_likely": serializers.DecimalField(**money, **opt(default=None)),
        "cost_max": serializers.DecimalField(**money, **opt(default=None)),
        "task_ids": serializers.ListField(
            child=serializers.IntegerField(),
            max_length=500,
            help_text="Ids of tasks of the risk's project.",
            **opt(default=list),
        ),
    }


_READ_ONLY_HINTS: dict[str, str] = {
    name: "Computed by the server."
    for name in ("score", "residual_score", "current_score", "exposure", "node_kind")
} | {
    "status": "Use the close and reopen actions.",
    "close_reason": "Give it to the close action.",
    "closed_at": "Set by the close action.",
}


def _risk_input(name: str, doc: str, *, create: bool, extra: dict[str, Any]) -> type[StrictInputSerializer]:
    hints = _READ_ONLY_HINTS if create else _READ_ONLY_HINTS | {"node": "A risk stays on its node."}
    attrs: dict[str, Any] = {"__doc__": doc, "__module__": __name__, "read_only_hints": hints}
    return type(name, (StrictInputSerializer,), attrs | extra | _risk_fields(create=create))


RiskCreateSerializer = _risk_input(
    "RiskCreateSerializer",
    "Body of ``POST /risks/``.",
    create=True,
    extra={"node": NodeField(help_text=NODE_HELP)},
)
RiskUpdateSerializer = _risk_input(
    "RiskUpdateSerializer",
    "Body of ``PUT``/``PATCH /risks/{uid}/``: the fields sent change, the others stay.",
    create=False,
    extra={},
)


class RiskCloseSerializer(StrictInputSerializer):
    """Body of ``POST /risks/{uid}/close/``."""

    close_reason = serializers.CharField(max_length=2000, help_text="Why the risk is closed.")


class RiskReopenSerializer(StrictInputSerializer):
    """Body of ``POST /risks/{uid}/reopen/`` (empty)."""


class RiskActionSerializer(serializers.ModelSerializer[RiskAction]):
    """A response action as the API shows it."""

    risk: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    owner: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    overdue = serializers.BooleanField(read_only=True, help_text="Open and past its due date.")
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = RiskAction
        fields = (
            "uid",
            "risk",
            "title",
            "owner",
            "due_date",
            "status",
            "overdue",
            "done_at",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class _ActionFields(StrictInputSerializer):
    read_only_hints: ClassVar[dict[str, str]] = {"overdue": "Computed.", "done_at": "Set when marked done."}
    title = serializers.CharField(max_length=200)
    owner = serializers.CharField(allow_null=True, max_length=150, default=None, help_text=OWNER_HELP)
    due_date = serializers.DateField(allow_null=True, default=None)
    status = serializers.ChoiceField(choices=ActionStatus.choices, default=ActionStatus.OPEN)


class RiskActionCreateSerializer(_ActionFields):
    """Body of ``POST /risk-actions/``."""

    risk = VisibleObjectField(visible=risks_visible, noun="risk", help_text="Public id of the risk.")


class RiskActionUpdateSerializer(_ActionFields):
    """Body of ``PUT``/``PATCH /risk-actions/{uid}/``."""

    read_only_hints = {**_ActionFields.read_only_hints, "risk": "An action stays with its risk."}


class RiskMatrixSerializer(_NodeOutput, serializers.ModelSerializer[RiskMatrix]):
    """The matrix a node sets for itself and the nodes below it."""

    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = RiskMatrix
        fields = (
            "uid",
            "node",
            "node_kind",
            "levels",
            "medium_from",
            "high_from",
            "critical_from",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class _MatrixFields(StrictInputSerializer):
    levels = serializers.IntegerField(min_value=3, max_value=10, required=False)
    medium_from = serializers.IntegerField(min_value=2, required=False, help_text="Lowest score of medium.")
    high_from = serializers.IntegerField(min_value=2, required=False, help_text="Lowest score of high.")
    critical_from = serializers.IntegerField(
        min_value=2, required=False, help_text="Lowest score of critical."
    )


class RiskMatrixCreateSerializer(_MatrixFields):
    """Body of ``POST /risk-matrices/`` (unsent settings keep the inherited values)."""

    node = NodeField(help_text=NODE_HELP)


class RiskMatrixUpdateSerializer(_MatrixFields):
    """Body of ``PUT``/``PATCH /risk-matrices/{uid}/``."""

    read_only_hints: ClassVar[dict[str, str]] = {"node": "A matrix stays on its node."}
