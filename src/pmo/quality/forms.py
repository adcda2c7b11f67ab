"""Forms of the deliverables pages: the fields a user may edit (the allow-list), with the version
they read for edits. Domain rules stay in the services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from pmo.core.forms import DateInput
from pmo.projects.models import Project, Task
from pmo.quality.choices import AcceptanceDecision, ItemResult, ReviewResult, Severity
from pmo.quality.validators import ITEM_MAX_LENGTH

_ROWS = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


class LinesField(forms.CharField):
    """A list of texts typed one per line (blank lines are dropped)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "One per line.")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        """A stored list is shown one item per line."""
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        """The non-blank lines, stripped."""
        text = super().to_python(value) or ""
        lines = [line.strip() for line in str(text).splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            if len(line) > ITEM_MAX_LENGTH:
                raise forms.ValidationError(f"Line {number} is longer than {ITEM_MAX_LENGTH} characters.")
        return lines


class TaskRowsField(forms.CharField):
    """Tasks of one project named by their row numbers: ``3, 5, 8-10``."""

    def __init__(self, *, project: Project, **kwargs: Any) -> None:
        self.project = project
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Row numbers of the project's tasks, e.g. 3, 5, 8-10.")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        """Linked tasks are shown as their row numbers."""
        if isinstance(value, (list, tuple, QuerySet)) and all(isinstance(t, Task) for t in value):
            return ", ".join(str(task.position) for task in value)
        return value

    def to_python(self, value: Any) -> list[Task]:  # type: ignore[override]
        """The tasks at the given rows of the project (every row must exist)."""
        text = super().to_python(value) or ""
        positions: list[int] = []
        for part in filter(None, (p.strip() for p in str(text).split(","))):
            match = _ROWS.match(part)
            if not match:
                raise forms.ValidationError(f"“{part}” is not a row number or a range such as 8-10.")
            first, last = int(match[1]), int(match[2] or match[1])
            if last < first or last - first > 1000:
                raise forms.ValidationError(f"“{part}” is not a usable range.")
            positions.extend(range(first, last + 1))
        found = {t.position: t for t in Task.objects.filter(project=self.project, position__in=positions)}
        missing = [p for p in dict.fromkeys(positions) if p not in found]
        if missing:
            raise forms.ValidationError(f"The project has no task at row {missing[0]}.")
        return [found[p] for p in dict.fromkeys(positions)]


class VersionedForm(forms.Form):
    """A form that carries the version the user read (dropped when creating)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, editing: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["version"]

    def data_for_service(self) -> dict[str, Any]:
        """The cleaned values without the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def _person_field(
    people: QuerySet[Any], label: str, *, required: bool, help_text: str
) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        queryset=people, required=required, label=label, empty_label="— nobody yet —", help_text=help_text
    )


class DeliverableForm(VersionedForm):
    """What a manager edits on a deliverable."""

    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    acceptance_criteria = LinesField(label="Acceptance criteria", help_text="One criterion per line.")
    due_date = forms.DateField(required=False, widget=DateInput())

    def __init__(self, *args: Any, project: Project, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tasks"] = TaskRowsField(project=project, label="Linked tasks")
        self.fields["acceptor"] = _person_field(
            people, "Acceptor", required=False, help_text="The person who signs the deliverable off."
        )


class DecisionForm(VersionedForm):
    """The acceptor's sign-off."""

    decision = forms.ChoiceField(choices=AcceptanceDecision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to reject.",
    )


class NoteForm(VersionedForm):
    """A version and an optional note (submit)."""

    note = forms.CharField(required=False, max_length=1000, label="Note")


class ReviewForm(VersionedForm):
    """A quality review."""

    review_date = forms.DateField(widget=DateInput())
    result = forms.ChoiceField(choices=ReviewResult.choices)
    defects_found = forms.IntegerField(min_value=0, initial=0)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, people: QuerySet[Any], templates: QuerySet[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"] = _person_field(
            people, "Reviewer", required=True, help_text="Someone who can see the project."
        )
        self.order_fields(["reviewer", "review_date", "result", "defects_found", "notes"])
        if templates is not None:
            self.fields["checklist_template"] = forms.ModelChoiceField(
                queryset=templates,
                required=False,
                label="Checklist",
                empty_label="— no checklist —",
                help_text="Copies the template's items into the review, to check one by one.",
            )


class ChecklistResultForm(forms.Form):
    """The result of one checklist item."""

    result = forms.ChoiceField(choices=ItemResult.choices)
    note = forms.CharField(required=False, max_length=300)


ChecklistResultFormSet = forms.formset_factory(ChecklistResultForm, extra=0)


class DefectForm(VersionedForm):
    """A defect."""

    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(choices=Severity.choices, initial=Severity.MEDIUM)

    def __init__(self, *args: Any, reviews: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review"] = forms.ModelChoiceField(
            queryset=reviews, required=False, label="Found in review", empty_label="— not in a review —"
        )


class CloseForm(VersionedForm):
    """Close a defect on a date (default today)."""

    closed_date = forms.DateField(required=False, widget=DateInput())


class ChecklistTemplateForm(VersionedForm):
    """A checklist template; ``scopes`` (creating only) are the places the user may attach it to."""

    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    items = LinesField(label="Items", required=True, help_text="One checklist item per line, in order.")

    def __init__(self, *args: Any, scopes: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if scopes is not None:
            self.fields["scope"] = forms.ChoiceField(
                choices=[("", "— choose —"), *scopes],
                label="Applies to",
                help_text="The project, or a program or portfolio above it (it applies below).",
            )
            self.order_fields(["scope", "name", "description", "items"])
