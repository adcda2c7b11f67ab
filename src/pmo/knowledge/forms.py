"""Forms of the lessons pages: the fields a contributor edits (the allow-list) with the version they
read, and the search filters. Domain rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from pmo.knowledge.choices import LessonCategory, LessonKind
from pmo.knowledge.validators import MAX_TAGS


class TagsField(forms.CharField):
    """Tags typed as a comma-separated list (``vendor, go-live``); blanks dropped."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", f"Comma-separated, at most {MAX_TAGS}, e.g. vendor, go-live.")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        """A stored list is shown comma-separated."""
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        """The non-blank comma-separated parts, stripped."""
        text = super().to_python(value) or ""
        return [part.strip() for part in str(text).split(",") if part.strip()]


def _text(rows: int, *, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        required=required, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text, strip=True
    )


class LessonForm(forms.Form):
    """What a contributor records on a lesson (``version`` only when editing)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=LessonKind.choices, initial=LessonKind.TO_IMPROVE)
    category = forms.ChoiceField(choices=LessonCategory.choices, initial=LessonCategory.OTHER)
    what_happened = _text(4, required=True, help_text="What happened, in a few sentences.")
    impact = _text(2, help_text="What it did to schedule, cost, quality or people.")
    root_cause = _text(2)
    recommendation = _text(3, help_text="What the next project should do.")
    tags = TagsField()

    def __init__(self, *args: Any, editing: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["version"]

    def data_for_service(self) -> dict[str, Any]:
        """The cleaned values without the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class VersionForm(forms.Form):
    """The version the user read (delete)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class LessonSearchForm(forms.Form):
    """The search across projects: words or "quoted phrases", category, kind and tag."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        help_text='Words that must all appear; put a phrase in "double quotes".',
    )
    category = forms.ChoiceField(choices=[("", "Any category"), *LessonCategory.choices], required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *LessonKind.choices], required=False)
    tag = forms.CharField(required=False, max_length=40)
