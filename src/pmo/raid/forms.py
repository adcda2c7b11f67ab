"""Forms of the RAID pages: per kind the fields a contributor edits (the allow-list of
:attr:`Kind.fields`), the log filters, linking, deciding and superseding. Rules stay in services."""

from __future__ import annotations

from typing import Any

from django import forms

from pmo.accounts.selectors import users_visible
from pmo.core.models import Scope
from pmo.projects.models import Task
from pmo.projects.selectors import projects_visible
from pmo.raid.kinds import Kind

OPTIONS_HELP = "One option per line: option | pros | cons."


class OptionsField(forms.CharField):
    """A decision's options typed one per line as ``option | pros | cons``."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        """Stored options are shown one per line."""
        if isinstance(value, list):
            return "\n".join(" | ".join(str(o.get(k, "")) for k in ("option", "pros", "cons")) for o in value)
        return value

    def to_python(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        """Each non-blank line as ``{"option", "pros", "cons"}``."""
        rows = []
        for line in str(value or "").splitlines():
            if line.strip():
                parts = [part.strip() for part in line.split("|")] + ["", ""]
                rows.append({"option": parts[0], "pros": parts[1], "cons": "|".join(parts[2:]).strip(" |")})
        return rows


def item_form_class(kind: Kind) -> type[ItemFormBase]:
    """A model form of ``kind`` limited to the fields a contributor writes."""
    overrides: dict[str, Any] = {}
    if "options" in kind.fields:
        overrides["options"] = OptionsField(required=False, help_text=OPTIONS_HELP)
    meta = type("Meta", (), {"model": kind.model, "fields": kind.fields, "widgets": _widgets(kind)})
    return type(f"{kind.model.__name__}Form", (ItemFormBase,), {"Meta": meta, **overrides})


def _widgets(kind: Kind) -> dict[str, Any]:
    widgets: dict[str, Any] = {
        "raised_on": forms.DateInput(attrs={"type": "date"}),
        "due_date": forms.DateInput(attrs={"type": "date"}),
    }
    for name in ("description", "impact", "resolution", "rationale", "context"):
        if name in kind.fields:
            widgets[name] = forms.Textarea(attrs={"rows": 3})
    return widgets


class ItemFormBase(forms.ModelForm):  # type: ignore[type-arg]
    """Common setup: choices limited to what the user may see, the due date labelled per kind,
    and the version read when editing."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, user: Any, scope: Scope, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = self._meta.model
        self.fields["due_date"].label = model.due_label
        fields: Any = self.fields
        fields["owner"].queryset = users_visible(user).order_by("username")
        tasks = Task.objects.filter(project__scope=scope).order_by("position")
        if scope.kind == "project":
            fields["tasks"].queryset = tasks
        else:
            del self.fields["tasks"]
        if "other_project" in self.fields:
            fields["other_project"].queryset = projects_visible(user).exclude(scope=scope)
        if editing:
            self.fields["version"].required = True
        else:
            del self.fields["version"]

    def _post_clean(self) -> None:
        """Model validation is the service's job (it knows the scope)."""

    def data_for_service(self) -> dict[str, Any]:
        """The cleaned values without the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class FilterForm(forms.Form):
    """The log filters: status, owner, overdue and words of the title."""

    status = forms.ChoiceField(required=False)
    owner = forms.CharField(required=False, max_length=150, label="Owner (username)")
    overdue = forms.ChoiceField(
        required=False, choices=[("", "Any"), ("true", "Overdue"), ("false", "Not overdue")]
    )
    search = forms.CharField(required=False, max_length=200, label="Title contains")

    def __init__(self, *args: Any, kind: Kind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status: Any = self.fields["status"]
        status.choices = [("", "Any status"), *kind.statuses]


class VersionForm(forms.Form):
    """The version the user read (delete, unlink)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class LinkForm(forms.Form):
    """Link the item to another one (``<kind>:<uid>``)."""

    target = forms.ChoiceField(label="Link to")
    note = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target: Any = self.fields["target"]
        target.choices = choices


class DecideForm(forms.Form):
    """Record a decision: the option chosen and why."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    chosen_option = forms.CharField(max_length=200)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class SupersedeForm(forms.Form):
    """Supersede a decided decision by another one (``by``: its public id)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    by = forms.ChoiceField(label="Superseded by")
    note = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by: Any = self.fields["by"]
        by.choices = choices
