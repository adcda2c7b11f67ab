"""Forms shared by every level of the hierarchy: the node form, list filters and the move form.

Apps subclass :class:`HierarchyNodeForm` with their model; the people offered as owner come from
the caller (a permission-scoped selector), never from an unscoped query.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

NODE_FIELDS = ("code", "name", "description", "owner", "state", "start_date", "finish_date")

#: Orderings offered on list pages (values of the filtersets' ``ordering`` allow-list).
SORT_CHOICES = [
    ("code", "Code (A–Z)"),
    ("-code", "Code (Z–A)"),
    ("name", "Name (A–Z)"),
    ("-name", "Name (Z–A)"),
    ("state", "State"),
    ("start_date", "Start (earliest first)"),
    ("-start_date", "Start (latest first)"),
    ("finish_date", "Finish (earliest first)"),
    ("-finish_date", "Finish (latest first)"),
    ("-updated_at", "Recently changed"),
]


class DateInput(forms.DateInput):
    """A native date picker (ISO format, which ``<input type=date>`` requires)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class HierarchyNodeForm(forms.ModelForm):  # type: ignore[type-arg]  # each app binds its model
    """Fields a manager edits on a portfolio, program or project, plus the version they read.

    ``version`` is only required when editing (optimistic concurrency); a create form drops it.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        fields: tuple[str, ...] = NODE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": DateInput(),
            "finish_date": DateInput(),
        }
        help_texts = {"owner": "The person accountable for it."}

    def __init__(self, *args: Any, owners: QuerySet[Any], editing: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)  # noqa: S101 - the model field is a foreign key
        owner.queryset = owners
        owner.empty_label = "— nobody yet —"
        if not editing:
            del self.fields["version"]
        self.fields["code"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def node_data(self) -> dict[str, Any]:
        """The cleaned values of the node's own fields, ready for the app's service."""
        return {name: self.cleaned_data[name] for name in NODE_FIELDS if name in self.cleaned_data}


class MoveForm(forms.Form):
    """Choose the new parent of a node (only places the user manages) and say why."""

    destination = forms.ChoiceField(label="Move to")
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why it moves; kept in the history.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, destinations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        destination = self.fields["destination"]
        assert isinstance(destination, forms.ChoiceField)  # noqa: S101
        destination.choices = [("", "— choose a destination —"), *destinations]


class VersionForm(forms.Form):
    """Just the version the user read: for confirmations such as delete."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
