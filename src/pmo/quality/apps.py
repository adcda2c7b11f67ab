"""Deliverables and quality: acceptance criteria, quality reviews, defects, checklists and the
acceptance sign-off (docs/adr/0008-workspace-apps.md)."""

from django.apps import AppConfig


class QualityConfig(AppConfig):
    """Deliverables and quality."""

    name = "pmo.quality"
    label = "quality"
    verbose_name = "Deliverables and quality"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Deliverables section to the project workspace."""
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("deliverables", "Deliverables", "quality:deliverables", order=60))
