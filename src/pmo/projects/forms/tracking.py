"""Forms of tracking: save a baseline, choose the compared one, record progress, the status date,
and milestone feeds. They read input; the services enforce the rules (and name the row)."""

from __future__ import annotations

from typing import Any

from django import forms

from pmo.interchange.text import ParseError, format_duration, parse_duration
from pmo.projects.choices import BASELINE_NUMBERS

BASELINE_CHOICES = [(n, f"Baseline {n}") for n in BASELINE_NUMBERS]
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BaselineSaveForm(forms.Form):
    """Save the current schedule as baseline N; ``confirm`` is needed to save over an existing one."""

    number = forms.TypedChoiceField(choices=BASELINE_CHOICES, coerce=int, initial=0, label="Baseline")
    name = forms.CharField(max_length=100, required=False, label="Name (optional)")
    confirm = forms.BooleanField(
        required=False,
        label="Save over the existing baseline",
        help_text="Saving over a baseline needs the manager role and is audited.",
    )


class CompareBaselineForm(forms.Form):
    """The baseline the project's Gantt and variance table compare with by default."""

    number = forms.TypedChoiceField(choices=BASELINE_CHOICES, coerce=int, label="Compare with")


class ProgressForm(forms.Form):
    """One task's progress; the remaining duration is typed as a duration (``2d``, ``4h``)."""

    percent_complete = forms.IntegerField(label="% complete", required=False)
    actual_start = forms.DateTimeField(required=False, widget=DATETIME_INPUT, label="Actual start")
    actual_finish = forms.DateTimeField(required=False, widget=DATETIME_INPUT, label="Actual finish")
    remaining = forms.CharField(required=False, max_length=32, label="Remaining duration")
    note = forms.CharField(required=False, max_length=300, label="Note")

    def __init__(self, *args: Any, minutes_per_day: int = 480, task: Any = None, **kwargs: Any) -> None:
        self.minutes_per_day = minutes_per_day
        if task is not None:
            kwargs.setdefault("prefix", f"t{task.pk}")
        super().__init__(*args, **kwargs)
        where = f" of row {task.position}" if task is not None else ""
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("aria-label", f"{field.label or name}{where}")
            if task is not None:
                # The inputs sit in table cells; they belong to the row's form by its id.
                field.widget.attrs["form"] = f"progress-form-{task.uid.hex}"
        self.fields["percent_complete"].widget.attrs.update({"class": "num", "size": 4})
        self.fields["remaining"].widget.attrs["size"] = 6
        self.fields["note"].widget.attrs["size"] = 12

    @classmethod
    def for_task(cls, task: Any, minutes_per_day: int = 480) -> ProgressForm:
        """An unbound form with the task's current values."""
        remaining = task.remaining_minutes
        initial = {
            "percent_complete": task.percent_complete,
            "actual_start": task.actual_start,
            "actual_finish": task.actual_finish,
            "remaining": ""
            if remaining is None
            else format_duration(remaining, minutes_per_day=minutes_per_day),
        }
        return cls(initial=initial, minutes_per_day=minutes_per_day, task=task)

    def clean_remaining(self) -> int | None:
        """The remaining duration in working minutes (empty: derived from % complete)."""
        text = (self.cleaned_data.get("remaining") or "").strip()
        if not text:
            return None
        try:
            parsed = parse_duration(text, minutes_per_day=self.minutes_per_day)
        except ParseError as error:
            raise forms.ValidationError(str(error)) from error
        return parsed.minutes

    def progress_data(self) -> dict[str, Any]:
        """The service's ``data``: every progress field (empty clears)."""
        data = self.cleaned_data
        return {
            "percent_complete": data.get("percent_complete") or 0,
            "actual_start": data.get("actual_start"),
            "actual_finish": data.get("actual_finish"),
            "remaining_minutes": data.get("remaining"),
        }


class StatusDateForm(forms.Form):
    """The date progress is reported up to (empty clears it)."""

    status_date = forms.DateField(required=False, widget=DATE_INPUT, label="Status date")


class FeedForm(forms.Form):
    """A new private iCalendar feed of the project's milestones."""

    name = forms.CharField(max_length=100, required=False, label="Name (who or what it is for)")
