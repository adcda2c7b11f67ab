"""Resource leveling in the app (issue 8, item 4)."""

from django.apps import AppConfig


class LevelingConfig(AppConfig):
    """Leveling runs: previews of :mod:`pmo.engine.leveling` applied to, or undone from, the plans."""

    name = "pmo.leveling"
    label = "leveling"
    verbose_name = "Leveling"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the "Leveling" section of the project workspace."""
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("leveling", "Leveling", "leveling:project", order=66))
