"""Forms of the import and export pages: the upload (over a project, or as a new project), the
column mapping of a table, the choice of project in a Primavera P6 file, and the version a
manager read before applying or discarding. The file itself is read by the view (capped), never
by the form; domain rules (formats, caps, codes) stay in :mod:`pmo.transfers.services`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from pmo.core.models import Scope

#: The value of a mapping select meaning "this field is not in the file".
UNMAPPED = ""


class UploadForm(forms.Form):
    """The file to import over an existing project."""

    file = forms.FileField(
        label="File",
        help_text=(
            "Microsoft Project XML (.xml), Primavera P6 (.xer or P6 XML), Excel (.xlsx) or CSV. "
            "You see what will change before anything is written."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.xer,.xlsx,.csv,.txt"}),
    )


class NewProjectImportForm(UploadForm):
    """A file to import as a new project in a program or portfolio the user manages."""

    parent = forms.ChoiceField(label="Create the project in", help_text="A program or portfolio you manage.")
    code = forms.CharField(
        label="Code", max_length=32, help_text="The new project's code (letters, digits, dashes), e.g. PRJ-7."
    )
    name = forms.CharField(
        label="Name", max_length=200, required=False, help_text="Leave empty to use the name in the file."
    )
    field_order = ("parent", "code", "name", "file")

    def __init__(self, *args: Any, parents: Sequence[Scope] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parents = {str(scope.owner.uid): scope for scope in parents}
        choices = [
            (uid, f"{scope.kind.capitalize()} {scope.owner.code} — {scope.owner.name}")
            for uid, scope in self.parents.items()
        ]
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ChoiceField)  # noqa: S101 - declared above
        parent_field.choices = [("", "— choose —"), *choices]

    def parent_scope(self) -> Scope:
        """The chosen program's or portfolio's scope (after validation)."""
        return self.parents[self.cleaned_data["parent"]]


class VersionForm(forms.Form):
    """The version of the import the manager looked at (apply and discard)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class MappingForm(VersionForm):
    """Which column of the table holds each field: one select per field, the headers as options.

    ``fields`` are ``[key, label]`` pairs, ``headers`` the table's header row, ``current`` the
    mapping in use (field → column index).
    """

    def __init__(
        self,
        *args: Any,
        fields: Sequence[Sequence[str]] = (),
        headers: Sequence[str] = (),
        current: dict[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        options = [(UNMAPPED, "— not in the file —")] + [
            (str(index), header or f"Column {index + 1}") for index, header in enumerate(headers)
        ]
        self.field_keys = [str(key) for key, _ in fields]
        for key, label in fields:
            value = (current or {}).get(str(key))
            self.fields[f"map_{key}"] = forms.ChoiceField(
                label=str(label),
                choices=options,
                required=False,
                initial="" if value is None else str(value),
            )

    def clean(self) -> dict[str, Any]:
        """A column may feed one field only; the task name must come from some column."""
        cleaned = super().clean() or {}
        used: dict[str, str] = {}
        for key in self.field_keys:
            column = cleaned.get(f"map_{key}") or UNMAPPED
            if column == UNMAPPED:
                continue
            if column in used:
                self.add_error(f"map_{key}", f"This column already feeds {used[column]}; pick another.")
            else:
                used[column] = str(self.fields[f"map_{key}"].label)
        if "name" in self.field_keys and not cleaned.get("map_name"):
            self.add_error("map_name", "Choose the column that holds the task names.")
        return cleaned

    def mapping(self) -> dict[str, int]:
        """The mapping as the readers take it (field → column index)."""
        return {
            key: int(self.cleaned_data[f"map_{key}"])
            for key in self.field_keys
            if self.cleaned_data.get(f"map_{key}")
        }


class ProjectChoiceForm(VersionForm):
    """Which project of a Primavera P6 file with several projects to import."""

    project = forms.ChoiceField(label="Project in the file")

    def __init__(self, *args: Any, projects: Sequence[Sequence[str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["project"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(str(key), f"{key} — {name}") for key, name in projects]
