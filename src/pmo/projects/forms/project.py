"""Forms of the projects pages."""

from __future__ import annotations

from pmo.core.forms import HierarchyNodeForm
from pmo.projects.models import Project


class ProjectForm(HierarchyNodeForm):
    """A project's own fields (code, name, description, owner, state, dates) and the version read."""

    class Meta(HierarchyNodeForm.Meta):
        model = Project
