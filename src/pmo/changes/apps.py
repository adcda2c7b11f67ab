"""Change control: change requests, impact assessment, approval by authority thresholds."""

from django.apps import AppConfig


class ChangesConfig(AppConfig):
    """Change requests of projects."""

    name = "pmo.changes"
    label = "changes"
    verbose_name = "Change control"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Changes section to the project workspace."""
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("changes", "Changes", "changes:list", order=75))
