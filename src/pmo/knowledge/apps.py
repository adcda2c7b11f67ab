"""Lessons learned: a register per project, searchable across every project the user may see."""

from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    """Lessons learned."""

    name = "pmo.knowledge"
    label = "knowledge"
    verbose_name = "Lessons learned"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Lessons section to the project workspace."""
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("lessons", "Lessons", "knowledge:lessons", order=90))
