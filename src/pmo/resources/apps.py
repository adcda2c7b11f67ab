"""Resources: the resource pool of a portfolio (people, generic roles, equipment, material, cost
resources) and their assignments to tasks."""

from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """Resource pool and assignments."""

    name = "pmo.resources"
    label = "resources"
    verbose_name = "Resources"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Resources section to the project workspace."""
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("resources", "Resources", "resources:assignments", order=45))
