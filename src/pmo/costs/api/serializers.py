"""Serializers of the costs API: one output shape per object, one input allow-list per write.

Amounts are decimals with two places, in the project currency (cost entries: in their own
``currency``, with ``exchange_rate`` and ``project_amount``). The services check the rest (month
periods, known currencies, rates above zero) and refuse by field.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers

from pmo.core.api.serializers import StrictInputSerializer
from pmo.costs.choices import Accrual, CostCategory, EntryKind
from pmo.costs.models import BudgetLine, CostEntry, CostEntryAttachment, FixedCost
from pmo.costs.selectors import cost_entries_visible
from pmo.projects.api.tracking_serializers import VisibleProjectField, VisibleTaskField
from pmo.quality.api.fields import VisibleObjectField

VERSION_FIELDS = ("version", "etag", "created_at", "updated_at")
ETAG_HELP = "Send it back in If-Match to change this object."
MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


class BudgetLineSerializer(serializers.ModelSerializer[BudgetLine]):
    """A budget line as the API shows it, with its project and its budget's status."""

    project = serializers.SerializerMethodField(help_text="Public id of the project.")
    budget_status = serializers.CharField(source="budget.status", read_only=True)
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = BudgetLine
        fields = ("uid", "project", "budget_status", "category", "period", "amount", "note", *VERSION_FIELDS)
        read_only_fields = fields

    def get_project(self, line: BudgetLine) -> str:
        """The public id of the line's project."""
        return str(line.budget.project.uid)


class _LineFields(StrictInputSerializer):
    category = serializers.ChoiceField(choices=CostCategory.choices)
    period = serializers.DateField(help_text="The month: its first day (YYYY-MM-01).")
    amount = serializers.DecimalField(**MONEY, min_value=0)
    note = serializers.CharField(max_length=200, allow_blank=True, default="")


class BudgetLineCreateSerializer(_LineFields):
    """Body of ``POST /budget-lines/``: the project (its draft budget gets the line, created on first use)."""

    project = VisibleProjectField(help_text="Public id of the project.")


class BudgetLineUpdateSerializer(_LineFields):
    """Body of ``PUT``/``PATCH /budget-lines/{uid}/`` (the budget must be a draft)."""

    read_only_hints: ClassVar[dict[str, str]] = {"project": "A line stays in its project's budget."}


class CostEntrySerializer(serializers.ModelSerializer[CostEntry]):
    """A cost entry as the API shows it."""

    project: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    task: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, allow_null=True, help_text="Public id of the task charged, if any."
    )
    project_amount = serializers.DecimalField(
        **MONEY, read_only=True, help_text="The amount in the project currency."
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = CostEntry
        fields = (
            "uid",
            "project",
            "kind",
            "date",
            "category",
            "task",
            "amount",
            "currency",
            "exchange_rate",
            "project_amount",
            "reference",
            "description",
            *VERSION_FIELDS,
        )
        read_only_fields = fields


class _EntryFields(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=EntryKind.choices, default=EntryKind.INVOICE)
    date = serializers.DateField()
    category = serializers.ChoiceField(choices=CostCategory.choices)
    task = VisibleTaskField(allow_null=True, default=None, help_text="Public id of a task of the project.")
    amount = serializers.DecimalField(**MONEY, help_text="Negative for a credit note.")
    currency = serializers.CharField(
        max_length=3, required=False, help_text="ISO 4217 code (default: the project currency)."
    )
    exchange_rate = serializers.DecimalField(
        max_digits=18,
        decimal_places=8,
        required=False,
        help_text="Project currency per unit of ``currency``; needed for any other currency.",
    )
    reference = serializers.CharField(max_length=100, allow_blank=True, default="")
    description = serializers.CharField(max_length=500, allow_blank=True, default="")


class CostEntryCreateSerializer(_EntryFields):
    """Body of ``POST /cost-entries/``."""

    project = VisibleProjectField(help_text="Public id of the project.")


class CostEntryUpdateSerializer(_EntryFields):
    """Body of ``PUT``/``PATCH /cost-entries/{uid}/``."""

    read_only_hints: ClassVar[dict[str, str]] = {"project": "An entry stays in its project."}


class FixedCostSerializer(serializers.ModelSerializer[FixedCost]):
    """A fixed cost of a task as the API shows it (amount in the project currency)."""

    project: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    task: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the task."
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = FixedCost
        fields = ("uid", "project", "task", "name", "category", "amount", "accrual", *VERSION_FIELDS)
        read_only_fields = fields


class _FixedFields(StrictInputSerializer):
    task = VisibleTaskField(help_text="Public id of a task (not a summary) of the project.")
    name = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=CostCategory.choices, default=CostCategory.OTHER)
    amount = serializers.DecimalField(**MONEY, min_value=0)
    accrual = serializers.ChoiceField(
        choices=Accrual.choices,
        default=Accrual.PRORATED,
        help_text="When it is planned: at the task's start, its end, or spread over it (prorated).",
    )


class FixedCostCreateSerializer(_FixedFields):
    """Body of ``POST /fixed-costs/`` (the task's project gets the cost)."""


class FixedCostUpdateSerializer(_FixedFields):
    """Body of ``PUT``/``PATCH /fixed-costs/{uid}/`` (the task must stay in the same project)."""

    read_only_hints: ClassVar[dict[str, str]] = {"project": "A fixed cost stays in its project."}


class CostAttachmentSerializer(serializers.ModelSerializer[CostEntryAttachment]):
    """A receipt or invoice file of a cost entry (its bytes come from ``download/``)."""

    entry: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the cost entry."
    )
    project = serializers.UUIDField(
        source="entry.project.uid", read_only=True, help_text="Public id of the project."
    )
    uploaded_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Who uploaded it."
    )
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = CostEntryAttachment
        fields = (
            "uid",
            "entry",
            "project",
            "file_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            *VERSION_FIELDS,
        )
        read_only_fields = fields


class CostAttachmentCreateSerializer(StrictInputSerializer):
    """Body of ``POST /cost-attachments/`` (multipart/form-data): the entry and the file."""

    entry = VisibleObjectField(
        visible=cost_entries_visible, noun="cost entry", help_text="Public id of the cost entry."
    )
    file = serializers.FileField(
        help_text="A PDF, PNG, JPEG or plain text file whose name's extension matches its content.",
        allow_empty_file=True,
    )
