"""Forms of the Calendars section: a calendar's week, an exception, the project calendar.

Working periods are typed as people say them, ``08:00-12:00, 13:00-17:00`` (``8-12, 13-17``
works too), and stored as minutes after midnight (``[[480, 720], [780, 1020]]``).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from pmo.core.forms import DateInput
from pmo.projects.models import CalendarException, WorkCalendar

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_MODES = (("working", "Working"), ("off", "Non-working"), ("base", "As the base calendar"))
RECURRENCE_CHOICES = (
    ("", "Does not repeat"),
    ("daily", "Daily"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("yearly", "Yearly"),
)
_TIME = r"(\d{1,2})(?:[:.h](\d{2}))?"
_PERIOD = re.compile(rf"^\s*{_TIME}\s*[-–]\s*{_TIME}\s*$")


def parse_periods(text: str) -> list[list[int]]:
    """``08:00-12:00, 13:00-17:00`` as ``[[480, 720], [780, 1020]]`` (empty text: no periods).

    Examples
    --------
    >>> parse_periods("8-12, 13:00-17:30")
    [[480, 720], [780, 1050]]
    """
    periods: list[list[int]] = []
    for part in re.split(r"[,;]", text or ""):
        if not part.strip():
            continue
        match = _PERIOD.match(part)
        if not match:
            raise forms.ValidationError(f"{part.strip()!r} is not a period; write it as 08:00-12:00.")
        h1, m1, h2, m2 = (int(value or 0) for value in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if not (m1 < 60 and m2 < 60 and 0 <= start < end <= 1440):
            raise forms.ValidationError(f"{part.strip()!r}: a period goes forward within 00:00–24:00.")
        if periods and start < periods[-1][1]:
            raise forms.ValidationError(f"{part.strip()!r} overlaps or comes before the period before it.")
        periods.append([start, end])
    return periods


def format_periods(periods: list[list[int]] | None) -> str:
    """``[[480, 720], [780, 1020]]`` as ``08:00-12:00, 13:00-17:00``."""
    return ", ".join(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in periods or [])


class CalendarForm(forms.Form):
    """A calendar: name, base calendar, and each weekday working (with its periods) or not."""

    name = forms.CharField(max_length=100)
    base = forms.ChoiceField(
        required=False, label="Based on", help_text="Days set to “as the base” follow it."
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(
        self, *args: Any, calendars: list[WorkCalendar], instance: WorkCalendar | None = None, **kwargs: Any
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(instance, calendars)
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.bases = {str(c.uid): c for c in calendars if instance is None or c.pk != instance.pk}
        base = self.fields["base"]
        assert isinstance(base, forms.ChoiceField)  # noqa: S101 - declared above
        base.choices = [("", "No base calendar")] + [(uid, c.name) for uid, c in self.bases.items()]
        self.days = []
        for number, day in enumerate(WEEKDAYS):
            mode = forms.ChoiceField(choices=DAY_MODES, label=day, initial="working" if number < 5 else "off")
            hours = forms.CharField(
                required=False,
                label=f"{day} working times",
                initial="08:00-12:00, 13:00-17:00" if number < 5 else "",
                widget=forms.TextInput(attrs={"placeholder": "08:00-12:00, 13:00-17:00"}),
            )
            self.fields[f"day{number}_mode"] = mode
            self.fields[f"day{number}_hours"] = hours
            self.days.append((day, self[f"day{number}_mode"], self[f"day{number}_hours"]))

    @staticmethod
    def initial_for(calendar: WorkCalendar, calendars: list[WorkCalendar]) -> dict[str, Any]:
        """The form's values for a stored calendar."""
        by_id = {c.pk: str(c.uid) for c in calendars}
        initial: dict[str, Any] = {
            "name": calendar.name,
            "base": by_id.get(calendar.base_id or 0, ""),
            "version": calendar.version,
        }
        for number, periods in enumerate(calendar.week):
            if periods is None:
                initial[f"day{number}_mode"] = "base"
                initial[f"day{number}_hours"] = ""
            else:
                initial[f"day{number}_mode"] = "working" if periods else "off"
                initial[f"day{number}_hours"] = format_periods(periods)
        return initial

    def clean(self) -> dict[str, Any]:
        """Build the week: seven days of periods (``None``: as the base)."""
        data = super().clean() or {}
        base = self.bases.get(data.get("base") or "")
        week: list[list[list[int]] | None] = []
        for number, day in enumerate(WEEKDAYS):
            mode = data.get(f"day{number}_mode")
            try:
                periods = parse_periods(data.get(f"day{number}_hours", ""))
            except forms.ValidationError as error:
                self.add_error(f"day{number}_hours", error)
                periods = []
            if mode == "base":
                if base is None:
                    self.add_error(
                        f"day{number}_mode", f"{day} can follow a base calendar only if one is chosen."
                    )
                week.append(None)
            elif mode == "working":
                if not periods and f"day{number}_hours" not in self.errors:
                    self.add_error(f"day{number}_hours", f"Give {day}'s working times, e.g. 08:00-12:00.")
                week.append(periods)
            else:
                week.append([])
        data["week"] = week
        data["base_calendar"] = base
        return data

    def service_data(self) -> dict[str, Any]:
        """``name``, ``base`` and ``week`` for the calendar services."""
        data = self.cleaned_data
        return {"name": data["name"], "base": data["base_calendar"], "week": data["week"]}


class ExceptionForm(forms.Form):
    """An exception: its days, working or not (with periods), and an optional recurrence."""

    name = forms.CharField(max_length=100, required=False)
    start = forms.DateField(label="First day", widget=DateInput())
    finish = forms.DateField(label="Last day", widget=DateInput())
    working = forms.BooleanField(required=False, label="Working on these days (else non-working)")
    hours = forms.CharField(
        required=False,
        label="Working times",
        widget=forms.TextInput(attrs={"placeholder": "08:00-12:00"}),
        help_text="Only for working days.",
    )
    recurrence = forms.ChoiceField(choices=RECURRENCE_CHOICES, required=False, label="Repeats")
    period = forms.IntegerField(min_value=1, max_value=99, initial=1, label="Every", required=False)
    weekdays = forms.MultipleChoiceField(
        choices=[(str(i), day) for i, day in enumerate(WEEKDAYS)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="On (weekly)",
    )
    day = forms.IntegerField(min_value=1, max_value=31, required=False, label="Day of the month")
    month = forms.IntegerField(min_value=1, max_value=12, required=False, label="Month (yearly)")
    occurrences = forms.IntegerField(min_value=1, required=False, label="End after (occurrences)")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    @staticmethod
    def initial_for(exception: CalendarException) -> dict[str, Any]:
        """The form's values for a stored exception."""
        recurrence = exception.recurrence or {}
        return {
            "name": exception.name,
            "start": exception.start,
            "finish": exception.finish,
            "working": bool(exception.working_times),
            "hours": format_periods(exception.working_times),
            "recurrence": recurrence.get("type", ""),
            "period": recurrence.get("period", 1),
            "weekdays": [str(d) for d in recurrence.get("weekdays", [])],
            "day": recurrence.get("day"),
            "month": recurrence.get("month"),
            "occurrences": recurrence.get("occurrences"),
            "version": exception.version,
        }

    def clean_hours(self) -> list[list[int]]:
        """The working periods."""
        return parse_periods(self.cleaned_data.get("hours", ""))

    def clean(self) -> dict[str, Any]:
        """Working days need periods; build the recurrence."""
        data = super().clean() or {}
        if data.get("working") and not data.get("hours") and "hours" not in self.errors:
            self.add_error("hours", "Give the working times of these days, e.g. 08:00-12:00.")
        kind = data.get("recurrence") or ""
        recurrence: dict[str, Any] | None = None
        if kind:
            recurrence = {"type": kind, "period": data.get("period") or 1}
            if data.get("weekdays"):
                recurrence["weekdays"] = sorted(int(d) for d in data["weekdays"])
            for key in ("day", "month", "occurrences"):
                if data.get(key) is not None:
                    recurrence[key] = data[key]
            if kind == "monthly" and "day" not in recurrence:
                self.add_error("day", "A monthly exception needs the day of the month.")
            if kind == "yearly" and ("day" not in recurrence or "month" not in recurrence):
                self.add_error("month", "A yearly exception needs its day and month.")
            if kind == "weekly" and "weekdays" not in recurrence:
                self.add_error("weekdays", "Choose the weekdays it repeats on.")
        data["recurrence_data"] = recurrence
        return data

    def service_data(self) -> dict[str, Any]:
        """Fields of the exception services."""
        data = self.cleaned_data
        return {
            "name": data.get("name", ""),
            "start": data["start"],
            "finish": data["finish"],
            "working_times": data["hours"] if data.get("working") else [],
            "recurrence": data["recurrence_data"],
        }


class ProjectCalendarForm(forms.Form):
    """The project calendar: one of the project's calendars, or the built-in Standard one."""

    calendar = forms.ChoiceField(required=False, label="Project calendar")

    def __init__(self, *args: Any, calendars: list[WorkCalendar], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calendars = {str(c.uid): c for c in calendars}
        field = self.fields["calendar"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", "Standard (built in: Mon–Fri 08:00–12:00, 13:00–17:00)")] + [
            (uid, c.name) for uid, c in self.calendars.items()
        ]

    def chosen(self) -> WorkCalendar | None:
        """The chosen calendar (``None``: Standard)."""
        return self.calendars.get(self.cleaned_data.get("calendar") or "")
