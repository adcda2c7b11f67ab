"""Forms of the projects pages."""

from __future__ import annotations

from typing import Any

from django import forms

from pmo.core.forms import NODE_FIELDS, HierarchyNodeForm
from pmo.projects.choices import DO_NOT_LEVEL, PRIORITY_DEFAULT, PROJECT_PRIORITY_HELP
from pmo.projects.models import Project


class ProjectForm(HierarchyNodeForm):
    """A project's own fields (code, name, description, owner, state, dates, leveling priority) and
    the version read."""

    priority = forms.IntegerField(
        label="Leveling priority",
        min_value=0,
        max_value=DO_NOT_LEVEL,
        required=False,
        initial=PRIORITY_DEFAULT,
        help_text=PROJECT_PRIORITY_HELP,
    )

    class Meta(HierarchyNodeForm.Meta):
        model = Project
        fields = (*NODE_FIELDS, "priority")

    def clean_priority(self) -> int:
        """Left empty: the value stored (500 for a new project)."""
        value: int | None = self.cleaned_data.get("priority")
        return self.instance.priority if value is None else value

    def node_data(self) -> dict[str, Any]:
        """The node's fields and the priority, ready for ``project_create`` or ``project_update``."""
        return super().node_data() | {"priority": self.cleaned_data["priority"]}
