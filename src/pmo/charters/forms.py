"""Forms of the charter pages: the charter's fields (the allow-list) with its objectives as a
formset, the submission and the sponsor's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from pmo.charters.choices import Decision
from pmo.core.forms import DateInput
from pmo.quality.forms import LinesField, VersionedForm


class CharterForm(VersionedForm):
    """What a manager edits on a charter (objectives come with :data:`ObjectiveFormSet`)."""

    purpose = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the project exists: background and business need.",
    )
    scope_in = LinesField(label="In scope", help_text="One item per line.")
    scope_out = LinesField(label="Out of scope", help_text="One item per line.")
    success_criteria = LinesField(label="Success criteria", help_text="One criterion per line.")
    assumptions = LinesField(label="Assumptions", help_text="One per line.")
    constraints = LinesField(label="Constraints", help_text="One per line.")

    def __init__(self, *args: Any, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"] = forms.ModelChoiceField(
            queryset=people,
            required=False,
            empty_label="— nobody yet —",
            help_text="The person who approves the charter (they must be able to see the project).",
        )
        self.fields["project_manager"] = forms.ModelChoiceField(
            queryset=people, required=False, empty_label="— nobody yet —", label="Project manager"
        )


class ObjectiveForm(forms.Form):
    """One measurable objective."""

    description = forms.CharField(max_length=300)
    measure = forms.CharField(max_length=200, help_text="How it is measured.")
    target_value = forms.DecimalField(max_digits=16, decimal_places=4, label="Target")
    unit = forms.CharField(max_length=40, required=False)
    due_date = forms.DateField(widget=DateInput(), label="Due")


ObjectiveFormSet = forms.formset_factory(ObjectiveForm, extra=2, can_delete=True, can_order=True)


def objective_rows(formset: Any) -> list[dict[str, Any]]:
    """The objectives kept in a valid formset, in the order the user gave (blank extra rows dropped)."""
    return [
        {name: form.cleaned_data[name] for name in ObjectiveForm.base_fields}
        for form in formset.ordered_forms
        if form.cleaned_data
    ]


class SubmitForm(VersionedForm):
    """Submit the charter for approval."""

    comment = forms.CharField(required=False, max_length=2000, label="Note to the sponsor")


class DecideForm(VersionedForm):
    """The sponsor's decision."""

    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to return the charter: say what must change.",
    )
