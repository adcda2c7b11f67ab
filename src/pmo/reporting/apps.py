"""Status reports of projects, and the status pages of programs and portfolios."""

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Status reports."""

    name = "pmo.reporting"
    label = "reporting"
    verbose_name = "Status reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Status section to the project workspace; take risk signals from the registers."""
        from pmo.projects.workspace import WorkspaceSection, register_section
        from pmo.raid.signals import open_issues_signal
        from pmo.reporting.signals import register_provider
        from pmo.risks.signals import top_risks

        register_provider("risk", top_risks)
        register_provider("risk", open_issues_signal)

        register_section(WorkspaceSection("status", "Status", "reporting:project_status", order=75))
