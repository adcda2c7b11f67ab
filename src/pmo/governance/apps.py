"""Governance: tolerances, exceptions (escalation by tolerance) and their notifications."""

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Tolerances of projects and programs, the exceptions their breaches raise, and notifications."""

    name = "pmo.governance"
    label = "governance"
    verbose_name = "Governance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Tolerances section to the project workspace; check tolerances after recalculations."""
        from pmo.governance.services import check_after_recalculate
        from pmo.projects.hooks import register_after_recalculate
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("tolerances", "Tolerances", "governance:project", order=78))
        register_after_recalculate(check_after_recalculate)
