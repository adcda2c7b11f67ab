"""Costs: budgets, fixed costs, cost entries and the planned-value curve."""

from django.apps import AppConfig


class CostsConfig(AppConfig):
    """Budgets and costs of projects."""

    name = "pmo.costs"
    label = "costs"
    verbose_name = "Costs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Cost section to the project workspace."""
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("cost", "Cost", "costs:cost", order=70))
