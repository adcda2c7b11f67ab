"""Capacity against demand (issue 8, item 3)."""

from django.apps import AppConfig


class CapacityConfig(AppConfig):
    """The capacity heat map of the pools a user may see, and what-if scenarios."""

    name = "pmo.capacity"
    label = "capacity"
    verbose_name = "Capacity"
    default_auto_field = "django.db.models.BigAutoField"
