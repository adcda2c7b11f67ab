"""Simulations: Monte Carlo schedule and cost risk analysis of a project (the Risk analysis section)."""

from django.apps import AppConfig


class SimulationsConfig(AppConfig):
    """Three-point estimates, correlation groups and Monte Carlo runs of projects."""

    name = "pmo.simulations"
    label = "simulations"
    verbose_name = "Risk analysis"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Risk analysis section to the project workspace."""
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("risk_analysis", "Risk analysis", "simulations:analysis", order=85))
