"""Serializers shared by every app's API: strict input, problem bodies, audit history entries.

Input and output are separate serializers everywhere. An *input* serializer lists exactly the
fields a client may write for one action (the writable-field allow-list); any other key in the
body is rejected with 400 naming it, as ``read-only`` when the resource shows that field and as
``unknown`` otherwise. DRF would silently ignore such keys, which hides mass-assignment attempts
and client bugs alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from pmo.core.choices import LifecycleState
from pmo.core.models import AuditRecord
from pmo.core.validators import validate_code


class StrictInputSerializer(serializers.Serializer):
    """Base of every write body: rejects keys that are not writable for this action.

    ``read_only_fields`` names fields the resource *shows* but the client cannot set here (so
    the message can say "read-only" instead of "unknown").
    """

    read_only_fields: ClassVar[tuple[str, ...]] = (
        "id",
        "uid",
        "version",
        "etag",
        "created_at",
        "updated_at",
        "scope",
    )
    read_only_hints: ClassVar[dict[str, str]] = {}

    def to_internal_value(self, data: Any) -> Any:
        """Reject unknown and read-only keys (all of them, each named), then validate the rest."""
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {"non_field_errors": [f"expected a JSON object, got {type(data).__name__}"]}
            )
        writable = {name for name, field in self.fields.items() if not field.read_only}
        errors: dict[str, list[str]] = {}
        for key in data:
            if key in writable:
                continue
            if key in self.read_only_hints:
                errors[str(key)] = [self.read_only_hints[key]]
            elif key in self.read_only_fields or key in self.fields:
                errors[str(key)] = ["This field is read-only and cannot be set here."]
            else:
                errors[str(key)] = ["Unknown field."]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if isinstance(error.detail, Mapping):
                errors.update({str(k): v for k, v in error.detail.items()})  # type: ignore[misc]
            raise serializers.ValidationError(errors or error.detail) from error
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def create(self, validated_data: Any) -> Any:  # pragma: no cover - writes go through services
        raise NotImplementedError("input serializers validate only; services write")

    def update(self, instance: Any, validated_data: Any) -> Any:  # pragma: no cover
        raise NotImplementedError("input serializers validate only; services write")


class CodeField(serializers.CharField):
    """A portfolio, program or project code: 1–32 letters, digits, '.', '-' or '_'."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.validators.append(self._validate)

    @staticmethod
    def _validate(value: str) -> None:
        try:
            validate_code(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages[0]) from error


class NodeInputSerializer(StrictInputSerializer):
    """The editable fields every level of the hierarchy shares (apps add ``owner`` and parents).

    On PUT a field left out gets its default; on PATCH it keeps its value.
    """

    code = CodeField(help_text="Unique code: 1–32 letters, digits, '.', '-' or '_'.")
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    state = serializers.ChoiceField(choices=LifecycleState.choices, default=LifecycleState.PROPOSED)
    start_date = serializers.DateField(allow_null=True, default=None)
    finish_date = serializers.DateField(allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The finish date cannot be before the start date (when both are in the body)."""
        start, finish = attrs.get("start_date"), attrs.get("finish_date")
        if start and finish and finish < start:
            raise serializers.ValidationError(
                {"finish_date": ["The finish date cannot be before the start date."]}
            )
        return attrs


class MoveInputSerializer(StrictInputSerializer):
    """Base of a ``move`` body: the destination (added by the app) and a note for the audit trail."""

    note = serializers.CharField(
        allow_blank=True,
        default="",
        max_length=1000,
        help_text="Why the object moves; kept in the audit trail.",
    )


class NodeSerializer(serializers.ModelSerializer):
    """Output fields every level of the hierarchy shares."""

    owner = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Username of the owner."
    )
    etag = serializers.CharField(read_only=True, help_text="Send it back in If-Match to change this object.")

    class Meta:
        fields: tuple[str, ...] = (
            "uid",
            "code",
            "name",
            "description",
            "state",
            "owner",
            "start_date",
            "finish_date",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )


class ProblemErrorSerializer(serializers.Serializer):
    """One error of a problem: the input at fault and what is wrong with it."""

    field = serializers.CharField(
        help_text=(
            "Body field (dotted for nested values), header name, query parameter, "
            "or '' for the request as a whole."
        )
    )
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem: every 4xx (and 503) answer of the API."""

    type = serializers.CharField(default="about:blank")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = ProblemErrorSerializer(many=True)
    current_version = serializers.IntegerField(required=False, help_text="412 only: the version now stored.")
    changed_by = serializers.CharField(required=False, help_text="412 only: who made the most recent change.")
    changed_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="412 only: when the most recent change was made."
    )
    changed_fields = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="412 only: the fields the most recent change touched.",
    )


class AuditEntrySerializer(serializers.ModelSerializer):
    """One entry of an object's history: who did what when, with field-level before/after."""

    actor = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Username, or null for the system."
    )
    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField(), min_length=2, max_length=2),
        help_text="{field: [before, after]}",
    )

    class Meta:
        model = AuditRecord
        fields = ("at", "actor", "action", "changes", "note")
        read_only_fields = fields


class AuditRecordSerializer(AuditEntrySerializer):
    """An audit record with the object it describes (for the installation-wide audit list)."""

    object_type = serializers.SerializerMethodField()

    class Meta(AuditEntrySerializer.Meta):
        fields = ("at", "actor", "action", "object_type", "object_uid", "object_repr", "changes", "note")
        read_only_fields = fields

    def get_object_type(self, record: AuditRecord) -> str:
        """The model name of the object, e.g. ``project`` or ``membership``."""
        return str(record.content_type.model)
