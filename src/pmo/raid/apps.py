"""RAID: issues, assumptions, dependencies, decisions and actions of any portfolio, program or project."""

from django.apps import AppConfig


class RaidConfig(AppConfig):
    """RAID logs."""

    name = "pmo.raid"
    label = "raid"
    verbose_name = "RAID"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the RAID section to the project workspace.

        Status reports take the open issues from :func:`pmo.raid.signals.open_issues_signal`;
        reporting, the higher layer, registers it.
        """
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("raid", "RAID", "raid:project_log", order=78))
