"""The risk register: threats and opportunities of portfolios, programs and projects."""

from django.apps import AppConfig


class RisksConfig(AppConfig):
    """Risk register, heat maps and burn-down."""

    name = "pmo.risks"
    label = "risks"
    verbose_name = "Risks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Risks section to the project workspace.

        Status reports take the top risks from :func:`pmo.risks.signals.top_risks`; reporting, the
        higher layer, registers it.
        """
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("risks", "Risks", "risks:project_register", order=77))
