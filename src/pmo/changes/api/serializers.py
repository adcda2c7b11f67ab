"""Serializers of the change request API: one output shape, one input allow-list per write.

``operations`` is the list of proposed changes to the plan (see :mod:`pmo.changes.operations`);
``assessment`` the last impact assessment (current vs proposed finish, cost, critical path, moved
tasks; ``null`` until assessed).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers

from pmo.changes.choices import Authority, ChangeCategory, Decision
from pmo.changes.models import ChangeRequest
from pmo.core.api.serializers import StrictInputSerializer
from pmo.projects.api.tracking_serializers import VisibleProjectField

STATE_HINT = "Set by the assess/, submit/, decide/, apply/ and withdraw/ actions."
OPERATIONS_HELP = (
    "Proposed changes to the plan, in order: objects with 'op' (set_duration, add_task, remove_task, "
    "set_link, remove_link, add_fixed_cost, set_fixed_cost, set_assignment_work) and its fields; "
    "tasks, fixed costs and assignments by public id, durations and lags in working minutes."
)


def _user() -> serializers.SlugRelatedField[Any]:
    return serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)


class ChangeRequestSerializer(serializers.ModelSerializer[ChangeRequest]):
    """A change request as the API shows it."""

    project: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    code = serializers.CharField(read_only=True, help_text="CR-<number> within the project.")
    requested_by = _user()
    decided_by = _user()
    applied_by = _user()
    required_authority = serializers.ChoiceField(
        choices=Authority.choices,
        allow_blank=True,
        read_only=True,
        help_text="Who must decide, from the impact; empty until assessed.",
    )
    operations = serializers.ListField(
        child=serializers.DictField(), read_only=True, help_text=OPERATIONS_HELP
    )
    assessment = serializers.DictField(
        read_only=True, allow_null=True, help_text="The last impact assessment."
    )
    etag = serializers.CharField(read_only=True, help_text="Send it back in If-Match to change this object.")

    class Meta:
        model = ChangeRequest
        fields = (
            "uid",
            "project",
            "code",
            "number",
            "title",
            "description",
            "reason",
            "category",
            "status",
            "requested_by",
            "operations",
            "assessment",
            "assessed_at",
            "required_authority",
            "decided_by",
            "decided_at",
            "decision_comment",
            "rebaseline",
            "baseline_number",
            "applied_by",
            "applied_at",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class _Fields(StrictInputSerializer):
    read_only_hints: ClassVar[dict[str, str]] = {
        name: STATE_HINT
        for name in (
            "status",
            "assessment",
            "required_authority",
            "decided_by",
            "applied_by",
            "number",
            "code",
        )
    }

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, default="")
    reason = serializers.CharField(allow_blank=True, default="")
    category = serializers.ChoiceField(choices=ChangeCategory.choices, default=ChangeCategory.SCOPE)
    operations = serializers.ListField(child=serializers.DictField(), default=list, help_text=OPERATIONS_HELP)


class ChangeRequestCreateSerializer(_Fields):
    """Body of ``POST /change-requests/``: a draft on the project."""

    project = VisibleProjectField(help_text="Public id of the project.")


class ChangeRequestUpdateSerializer(_Fields):
    """Body of ``PUT``/``PATCH /change-requests/{uid}/`` (drafts only)."""


class EmptySerializer(StrictInputSerializer):
    """An action without a body (``{}``)."""


class ChangeRequestDecideSerializer(StrictInputSerializer):
    """Body of ``POST /change-requests/{uid}/decide/`` (the required authority only)."""

    decision = serializers.ChoiceField(choices=Decision.choices)
    comment = serializers.CharField(
        allow_blank=True, default="", max_length=2000, help_text="Required when rejecting: why."
    )
    rebaseline = serializers.BooleanField(default=False, help_text="When applied, save the baseline over.")
    baseline_number = serializers.IntegerField(default=0, min_value=0, max_value=10)
