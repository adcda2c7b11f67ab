"""Timesheets: weekly time entries on tasks, their approval and the progress they feed."""

from django.apps import AppConfig


class TimesheetsConfig(AppConfig):
    """Timesheets."""

    name = "pmo.timesheets"
    label = "timesheets"
    verbose_name = "Timesheets"
    default_auto_field = "django.db.models.BigAutoField"
