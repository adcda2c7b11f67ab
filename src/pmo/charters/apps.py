"""Project charters: objectives, scope in and out, success criteria, assumptions, constraints, and
their approval by the sponsor (docs/adr/0008-workspace-apps.md)."""

from django.apps import AppConfig


class ChartersConfig(AppConfig):
    """Project charters."""

    name = "pmo.charters"
    label = "charters"
    verbose_name = "Charters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Charter section to the project workspace."""
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("charter", "Charter", "charters:charter", order=10))
