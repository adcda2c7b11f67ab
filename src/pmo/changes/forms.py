"""Forms of the Changes section: the request's fields, one operation form per kind, the decision,
and the project's thresholds. Forms turn days and hours into minutes; the services check the rest."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from pmo.accounts.models import User
from pmo.changes.choices import ChangeCategory, Decision, OperationKind
from pmo.changes.operations import LINK_TYPES
from pmo.costs.models import FixedCost
from pmo.projects.models import Project, Task
from pmo.resources.models import Assignment


class VersionForm(forms.Form):
    """The version the user read (every action button posts it)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ChangeRequestForm(forms.Form):
    """Title, description, reason and category of a request."""

    title = forms.CharField(max_length=200)
    category = forms.ChoiceField(choices=ChangeCategory.choices, initial=ChangeCategory.SCOPE)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="Why the change is needed."
    )


def _task_choices(project: Project, *, leaves: bool = False) -> list[tuple[str, str]]:
    tasks = Task.objects.filter(project=project).order_by("position")
    if leaves:
        tasks = tasks.filter(is_summary=False)
    return [(str(t.uid), f"{t.position}. {t.name}") for t in tasks]


#: The fields of each operation form, in order.
OPERATION_FIELDS: dict[str, tuple[str, ...]] = {
    OperationKind.SET_DURATION: ("task", "duration_days"),
    OperationKind.ADD_TASK: ("name", "duration_days", "predecessors", "successors"),
    OperationKind.REMOVE_TASK: ("task",),
    OperationKind.SET_LINK: ("predecessor", "successor", "type", "lag_days"),
    OperationKind.REMOVE_LINK: ("predecessor", "successor"),
    OperationKind.ADD_FIXED_COST: ("task", "name", "amount"),
    OperationKind.SET_FIXED_COST: ("fixed_cost", "amount"),
    OperationKind.SET_ASSIGNMENT_WORK: ("assignment", "work_hours"),
}


class OperationForm(forms.Form):
    """One proposed change of one kind (``kind`` picks the fields, see :data:`OPERATION_FIELDS`)."""

    op = forms.ChoiceField(choices=OperationKind.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, project: Project, kind: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", kind)
        super().__init__(*args, **kwargs)
        self.project = project
        self.kind = kind
        self.fields["op"].initial = kind
        tasks = _task_choices(project)
        leaves = _task_choices(project, leaves=True)
        available: dict[str, forms.Field] = {
            "task": forms.ChoiceField(choices=leaves if kind != OperationKind.REMOVE_TASK else tasks),
            "name": forms.CharField(max_length=200),
            "duration_days": forms.DecimalField(
                min_value=Decimal(0), max_digits=8, decimal_places=2, label="Duration (days)"
            ),
            "predecessors": forms.MultipleChoiceField(
                choices=tasks, required=False, help_text="Finish-to-start."
            ),
            "successors": forms.MultipleChoiceField(
                choices=tasks, required=False, help_text="Finish-to-start."
            ),
            "predecessor": forms.ChoiceField(choices=tasks),
            "successor": forms.ChoiceField(choices=tasks),
            "type": forms.ChoiceField(choices=[(t, t) for t in LINK_TYPES], initial="FS"),
            "lag_days": forms.DecimalField(max_digits=8, decimal_places=2, initial=0, label="Lag (days)"),
            "amount": forms.DecimalField(min_value=Decimal(0), max_digits=16, decimal_places=2),
            "fixed_cost": forms.ChoiceField(
                choices=[
                    (str(c.uid), f"{c.name} on {c.task.name} ({c.amount})")
                    for c in FixedCost.objects.filter(project=project).select_related("task")
                ]
            ),
            "assignment": forms.ChoiceField(
                choices=[
                    (str(a.uid), f"{a.resource.name} on {a.task.name}")
                    for a in Assignment.objects.filter(project=project).select_related("task", "resource")
                ]
            ),
            "work_hours": forms.DecimalField(
                min_value=Decimal(0), max_digits=10, decimal_places=2, label="Work (hours)"
            ),
        }
        for name in OPERATION_FIELDS[kind]:
            self.fields[name] = available[name]

    @property
    def label(self) -> str:
        """The kind in words."""
        return str(OperationKind(self.kind).label)

    def operation(self) -> dict[str, Any]:
        """The cleaned form as one operation of :mod:`pmo.changes.operations` (minutes, public ids)."""
        data = self.cleaned_data
        per_day = self.project.minutes_per_day
        op: dict[str, Any] = {"op": self.kind}
        for name in ("task", "name", "predecessor", "successor", "type", "fixed_cost", "assignment"):
            if name in data:
                op[name] = data[name]
        if "duration_days" in data:
            op["duration_minutes"] = round(data["duration_days"] * per_day)
        if "lag_days" in data:
            op["lag_minutes"] = round(data["lag_days"] * per_day)
        if "amount" in data:
            op["amount"] = str(data["amount"])
        if "work_hours" in data:
            op["work_minutes"] = round(data["work_hours"] * 60)
        if self.kind == OperationKind.ADD_TASK:
            op["predecessors"] = list(data.get("predecessors") or [])
            op["successors"] = list(data.get("successors") or [])
        return op


class DecideForm(forms.Form):
    """The authority's decision."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="Required when rejecting."
    )
    rebaseline = forms.BooleanField(required=False, label="Save the baseline over when the change is applied")
    baseline_number = forms.IntegerField(min_value=0, max_value=10, initial=0, label="Baseline number")


class AuthorityForm(forms.Form):
    """A project's approval thresholds (the level above sets them)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    manager_max_days = forms.IntegerField(min_value=0, label="Project manager: up to (working days of delay)")
    manager_max_cost = forms.DecimalField(
        min_value=Decimal(0), max_digits=16, decimal_places=2, label="Project manager: up to (cost increase)"
    )
    board_max_days = forms.IntegerField(min_value=0, label="Change board: up to (working days of delay)")
    board_max_cost = forms.DecimalField(
        min_value=Decimal(0), max_digits=16, decimal_places=2, label="Change board: up to (cost increase)"
    )
    board_members: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        help_text="Empty: the managers of the level above the project.",
    )
    sponsor: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, help_text="Empty: the charter's sponsor."
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["board_members"].queryset = users  # type: ignore[attr-defined]
        self.fields["sponsor"].queryset = users  # type: ignore[attr-defined]
