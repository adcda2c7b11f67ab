"""Forms of the projects app, one module per area."""

from pmo.projects.forms.project import ProjectForm

__all__ = ["ProjectForm"]
