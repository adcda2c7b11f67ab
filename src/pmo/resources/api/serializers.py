"""Serializers of resources and assignments: one output shape each, and an input allow-list per write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo.accounts.api.fields import VisibleUserField
from pmo.core.api.serializers import StrictInputSerializer
from pmo.projects.selectors import tasks_visible
from pmo.quality.api.fields import VisibleObjectField
from pmo.resources.api.fields import PoolField
from pmo.resources.choices import Contour, ResourceKind
from pmo.resources.models import Assignment, Resource, ResourceRate
from pmo.resources.selectors import resources_visible


@extend_schema_field({"$ref": "#/components/schemas/ResourceKindEnum"})
class ResourceKindField(serializers.ChoiceField):
    """The kind of a resource in a request body.

    It points at the enum the output shape defines (``ResourceKindEnum``) instead of repeating it:
    another app's ``kind`` enum would otherwise make drf-spectacular name this one by a hash.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ResourceKind.choices, **kwargs)


VERSION_FIELDS = ("version", "etag", "created_at", "updated_at")
ETAG_HELP = "Send it back in If-Match to change this object."
UNITS_HELP = "Work resources: 1 = 100% (one person full time), 0 to 100. Material resources: the quantity."


# --- resources ------------------------------------------------------------------------------------


class ResourceSerializer(serializers.ModelSerializer[Resource]):
    """A resource of a pool as the API shows it."""

    portfolio = serializers.UUIDField(
        source="scope.portfolio.uid", read_only=True, help_text="Public id of the portfolio owning the pool."
    )
    user: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Username of the person, if linked."
    )
    email = serializers.CharField(read_only=True, help_text="E-mail address (empty when unknown).")
    extra = serializers.DictField(read_only=True, help_text="Imported fields pmo does not model.")
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = Resource
        fields = (
            "uid",
            "portfolio",
            "name",
            "kind",
            "code",
            "initials",
            "email",
            "group",
            "user",
            "is_generic",
            "max_units",
            "standard_rate",
            "overtime_rate",
            "cost_per_use",
            "material_label",
            "extra",
            *VERSION_FIELDS,
        )
        read_only_fields = fields


def _email_or_empty(value: str) -> None:
    """An e-mail address or nothing (a plain function, so the schema does not claim format: email
    for a field whose default is empty)."""
    if value:
        try:
            validate_email(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError("Enter a valid e-mail address, or leave it empty.") from error


def _rate(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=4, min_value=0, allow_null=True, default=None, help_text=help_text
    )


class _ResourceFields(StrictInputSerializer):
    """The fields a pool manager edits."""

    name = serializers.CharField(max_length=255, help_text="Unique in the pool, ignoring case.")
    kind = ResourceKindField(default=ResourceKind.WORK)
    code = serializers.CharField(max_length=64, allow_blank=True, default="")
    initials = serializers.CharField(max_length=30, allow_blank=True, default="")
    email = serializers.CharField(
        max_length=254,
        allow_blank=True,
        default="",
        validators=[_email_or_empty],
        help_text="E-mail address (may be empty).",
    )
    group = serializers.CharField(max_length=100, allow_blank=True, default="")
    user = VisibleUserField(allow_null=True, default=None)
    is_generic = serializers.BooleanField(
        default=False, help_text="A role such as 'Developer', not a person."
    )
    max_units = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=0,
        default=Decimal("1.00"),
        help_text="1 = 100% (one person).",
    )
    standard_rate = _rate("Per hour of work (material: per unit).")
    overtime_rate = _rate("Per hour of overtime.")
    cost_per_use = _rate("Charged once per assignment.")
    material_label = serializers.CharField(max_length=30, allow_blank=True, default="")
    extra = serializers.DictField(default=dict, help_text="Fields pmo does not model (kept for export).")


class ResourceCreateSerializer(_ResourceFields):
    """Body of ``POST /resources/``: the portfolio whose pool gets the resource, and its fields."""

    portfolio = PoolField(help_text="Public id of the portfolio whose pool gets the resource.")


class ResourceUpdateSerializer(_ResourceFields):
    """Body of ``PUT``/``PATCH /resources/{uid}/``."""

    read_only_hints = {"portfolio": "A resource stays in its pool."}


# --- assignments ----------------------------------------------------------------------------------


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    """An assignment as the API shows it."""

    project: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    task: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the task."
    )
    resource: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the resource."
    )
    extra = serializers.DictField(read_only=True, help_text="Imported fields pmo does not model.")
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = Assignment
        fields = (
            "uid",
            "project",
            "task",
            "resource",
            "units",
            "work_minutes",
            "actual_work_minutes",
            "remaining_work_minutes",
            "contour",
            "start",
            "finish",
            "cost",
            "extra",
            *VERSION_FIELDS,
        )
        read_only_fields = fields


def _minutes(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, allow_null=True, default=None, help_text=help_text
    )


class _AssignmentFields(StrictInputSerializer):
    """The fields a project manager edits; the task's project is the assignment's project."""

    read_only_hints = {"project": "An assignment belongs to its task's project."}
    task = VisibleObjectField(
        visible=tasks_visible, noun="task", help_text="Public id of a task of the project."
    )
    resource = VisibleObjectField(
        visible=resources_visible,
        noun="resource",
        help_text="Public id of a resource of the pool of the project's portfolio.",
    )
    units = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=0, default=Decimal("1.00"), help_text=UNITS_HELP
    )
    work_minutes = _minutes("Work in minutes.")
    actual_work_minutes = _minutes("Actual work done, in minutes.")
    remaining_work_minutes = _minutes("Work left, in minutes.")
    contour = serializers.ChoiceField(
        choices=Contour.choices,
        default=Contour.FLAT,
        help_text="How the work is spread (as MSPDI's WorkContour).",
    )
    start = serializers.DateTimeField(allow_null=True, default=None)
    finish = serializers.DateTimeField(allow_null=True, default=None)
    cost = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, default=None)
    extra = serializers.DictField(default=dict, help_text="Fields pmo does not model (kept for export).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The contour comes in as its number."""
        if "contour" in attrs:
            attrs["contour"] = int(attrs["contour"])
        return attrs


class AssignmentCreateSerializer(_AssignmentFields):
    """Body of ``POST /assignments/``: the task (its project gets the assignment) and the resource."""


class AssignmentUpdateSerializer(_AssignmentFields):
    """Body of ``PUT``/``PATCH /assignments/{uid}/``."""


# --- dated rates ----------------------------------------------------------------------------------

RATE_HELP = "Per hour of work (a material: per unit); null: no rate from this day."


class ResourceRateSerializer(serializers.ModelSerializer[ResourceRate]):
    """A dated rate of a resource (its rate table, row by row) as the API shows it."""

    resource: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the resource."
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = ResourceRate
        fields = (
            "uid",
            "resource",
            "effective_from",
            "standard_rate",
            "overtime_rate",
            "cost_per_use",
            *VERSION_FIELDS,
        )
        read_only_fields = fields


class _RateFields(StrictInputSerializer):
    effective_from = serializers.DateField(help_text="The first day these rates apply (until the next row).")
    standard_rate = serializers.DecimalField(
        max_digits=14,
        decimal_places=4,
        min_value=Decimal(0),
        allow_null=True,
        default=None,
        help_text=RATE_HELP,
    )
    overtime_rate = serializers.DecimalField(
        max_digits=14,
        decimal_places=4,
        min_value=Decimal(0),
        allow_null=True,
        default=None,
        help_text=RATE_HELP,
    )
    cost_per_use = serializers.DecimalField(
        max_digits=14, decimal_places=4, min_value=Decimal(0), allow_null=True, default=None
    )


class ResourceRateCreateSerializer(_RateFields):
    """Body of ``POST /resource-rates/``: the resource and its rates from a day on."""

    resource = VisibleObjectField(
        visible=resources_visible, noun="resource", help_text="Public id of the resource."
    )


class ResourceRateUpdateSerializer(_RateFields):
    """Body of ``PUT``/``PATCH /resource-rates/{uid}/``."""

    read_only_hints: ClassVar[dict[str, str]] = {"resource": "A dated rate stays with its resource."}
