"""Performance: earned value per project and rolled up to programs and portfolios."""

from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """Earned value, its snapshots and the S-curves."""

    name = "pmo.performance"
    label = "performance"
    verbose_name = "Performance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the Earned value section and let saved baselines record each task's planned cost."""
        from pmo.costs.selectors import planned_cost_by_task
        from pmo.projects.services.baselines import register_baseline_costs
        from pmo.projects.workspace import WorkspaceSection, register_section

        register_section(WorkspaceSection("earned_value", "Earned value", "performance:project", order=72))
        register_baseline_costs(planned_cost_by_task)
