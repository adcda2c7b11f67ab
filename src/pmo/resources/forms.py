"""Forms of the pool and assignment pages: the fields a user may edit (the allow-list), with the
version they read for edits. Domain rules (name unique in the pool, units range, the task's
project, the resource's pool) stay in the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from pmo.projects.models import Project, Task
from pmo.quality.forms import VersionedForm
from pmo.resources.choices import Contour, ResourceKind

UNITS_HELP = "1 = 100% (one person full time); for a material, the quantity."


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (``datetime-local``)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _rate(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=14, decimal_places=4, help_text="Per hour."
    )


class ResourceForm(VersionedForm):
    """What a pool manager edits on a resource."""

    name = forms.CharField(max_length=255)
    kind = forms.ChoiceField(choices=ResourceKind.choices, initial=ResourceKind.WORK)
    is_generic = forms.BooleanField(
        label="Generic role", required=False, help_text="A role such as 'Developer', not a person."
    )
    code = forms.CharField(max_length=64, required=False, help_text="Its ID in another system, if any.")
    initials = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(required=False)
    group = forms.CharField(max_length=100, required=False, help_text="Team or department.")
    max_units = forms.DecimalField(
        label="Max units",
        min_value=0,
        max_digits=8,
        decimal_places=2,
        initial=Decimal("1.00"),
        help_text="The most it can work at once: 1 = 100% (one person full time), 3 = three people.",
    )
    standard_rate = _rate("Standard rate")
    overtime_rate = _rate("Overtime rate")
    cost_per_use = forms.DecimalField(
        label="Cost per use", required=False, min_value=0, max_digits=14, decimal_places=4
    )
    material_label = forms.CharField(
        label="Material label", max_length=30, required=False, help_text="Materials: the unit, e.g. 't'."
    )

    def __init__(self, *args: Any, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"] = forms.ModelChoiceField(
            queryset=people,
            required=False,
            label="Person",
            empty_label="— not linked —",
            help_text="The user this resource is, if it is a person with an account.",
        )
        self.order_fields(["name", "kind", "is_generic", "user"])


class TaskRowField(forms.IntegerField):
    """One task of a project named by its row number."""

    def __init__(self, *, project: Project, **kwargs: Any) -> None:
        self.project = project
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("help_text", "The row number of the task in the project's task list.")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        """A task is shown as its row number."""
        return value.position if isinstance(value, Task) else value

    def clean(self, value: Any) -> Task | None:
        """The task at that row of the project."""
        position = super().clean(value)
        if position is None:
            return None
        task = Task.objects.filter(project=self.project, position=position).first()
        if task is None:
            raise forms.ValidationError(f"The project has no task at row {position}.")
        return task


class AssignmentForm(VersionedForm):
    """What a project manager edits on an assignment (work is typed in hours)."""

    units = forms.DecimalField(min_value=0, max_digits=8, decimal_places=2, initial=1, help_text=UNITS_HELP)
    work_hours = forms.DecimalField(
        label="Work (hours)", required=False, min_value=0, max_digits=10, decimal_places=2
    )
    contour = forms.TypedChoiceField(choices=Contour.choices, coerce=int, initial=Contour.FLAT)
    start = forms.DateTimeField(required=False, widget=DateTimeInput())
    finish = forms.DateTimeField(required=False, widget=DateTimeInput())

    def __init__(self, *args: Any, project: Project, resources: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"] = TaskRowField(project=project, label="Task row")
        self.fields["resource"] = forms.ModelChoiceField(
            queryset=resources,
            label="Resource",
            empty_label="— choose —",
            help_text="From the resource pool of the project's portfolio.",
        )
        self.order_fields(["task", "resource", "units", "work_hours", "contour", "start", "finish"])

    def data_for_service(self) -> dict[str, Any]:
        """The cleaned values with work in minutes, without the version."""
        data = super().data_for_service()
        hours = data.pop("work_hours", None)
        data["work_minutes"] = None if hours is None else round(hours * 60)
        return data


class ResourceRateForm(VersionedForm):
    """Rates of a resource from a day on (its rate table); empty means "no rate" from that day."""

    effective_from = forms.DateField(
        label="Effective from",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The first day these rates apply; they hold until the next row.",
    )
    standard_rate = _rate("Standard rate")
    overtime_rate = _rate("Overtime rate")
    cost_per_use = forms.DecimalField(
        label="Cost per use", required=False, min_value=0, max_digits=14, decimal_places=4
    )
