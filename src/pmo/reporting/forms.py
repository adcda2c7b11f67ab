"""Forms of the Status section; the services do the checking (the forms only parse input)."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from pmo.reporting.choices import OVERRIDE_CHOICES, Cadence, Dimension
from pmo.reporting.models import DIMENSIONS


class DraftForm(forms.Form):
    """Draft (or refresh) the report of a period; blank: the current period."""

    period_end = forms.DateField(
        required=False,
        help_text="The last day of the period (blank: the current period).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class VersionForm(forms.Form):
    """A POST-only action that carries the version the user read."""

    version = forms.IntegerField(min_value=1)


class ReportForm(forms.Form):
    """The narrative of a draft and, per dimension, an override with the comment that justifies it."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    summary = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    achievements = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    next_period = forms.CharField(
        required=False, max_length=5000, label="Next period", widget=forms.Textarea(attrs={"rows": 3})
    )
    decisions_needed = forms.CharField(
        required=False, max_length=5000, label="Decisions needed", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Add an override select and a comment per dimension (labels without a colon, so that
        "Schedule override" names the select exactly)."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for key in DIMENSIONS:
            label = Dimension(key).label
            self.fields[f"{key}_override"] = forms.ChoiceField(
                choices=[("", "No override"), *OVERRIDE_CHOICES], required=False, label=f"{label} override"
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                required=False,
                max_length=2000,
                label=f"{label} override comment",
                help_text="Required with an override: why the drafted RAG does not tell the story.",
            )

    def dimension_fields(self) -> list[tuple[str, Any, Any]]:
        """``(key, override field, comment field)`` per dimension, for the template."""
        return [(key, self[f"{key}_override"], self[f"{key}_comment"]) for key in DIMENSIONS]

    def changes(self) -> dict[str, Any]:
        """The cleaned values the service takes (everything but the version)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class SettingsForm(forms.Form):
    """Cadence, anchor, grace days and the threshold rules (JSON) of a project."""

    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    cadence = forms.ChoiceField(choices=Cadence.choices)
    anchor = forms.DateField(
        help_text="Any day a weekly or fortnightly period ends on (monthly periods are calendar months).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    grace_days = forms.IntegerField(
        min_value=0, max_value=60, help_text="Days after a period's end before a missing report is overdue."
    )
    thresholds = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14, "class": "code"}),
        help_text="RAG threshold rules by dimension, as JSON; rules left out keep their defaults.",
    )

    def clean_thresholds(self) -> Any:
        """Parse the JSON (the service checks the rules)."""
        try:
            return json.loads(self.cleaned_data["thresholds"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"This is not valid JSON: {error.msg} (line {error.lineno})."
            ) from None

    def changes(self) -> dict[str, Any]:
        """The cleaned values the service takes (everything but the version)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}
