from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    """Projects: the unit of delivery (later: charter, WBS, schedule, baselines, deliverables)."""

    name = "pmo.projects"
    label = "projects"
    verbose_name = "Projects"
