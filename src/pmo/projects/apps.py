from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    """Projects: the unit of delivery, with its WBS, live schedule, Gantt, baselines and progress."""

    name = "pmo.projects"
    label = "projects"
    verbose_name = "Projects"

    def ready(self) -> None:
        """Register the workspace sections of this app (see :mod:`pmo.projects.workspace`)."""
        from pmo.projects.workspace import WorkspaceSection, register_section

        for section in (
            WorkspaceSection("tasks", "Tasks", "projects:tasks", order=20),
            WorkspaceSection("gantt", "Gantt", "projects:gantt", order=30),
            WorkspaceSection("progress", "Progress", "projects:progress", order=35),
            WorkspaceSection("baselines", "Baselines", "projects:baselines", order=40),
            WorkspaceSection("milestones", "Milestones", "projects:milestones", order=50),
            WorkspaceSection("schedule_quality", "Schedule quality", "projects:schedule_quality", order=55),
            WorkspaceSection("calendars", "Calendars", "projects:calendars", order=70),
        ):
            register_section(section)
