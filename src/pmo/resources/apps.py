"""Resources: the resource pool of a portfolio (people, generic roles, equipment, material, cost
resources) and their assignments to tasks."""

from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """Resource pool and assignments."""

    name = "pmo.resources"
    label = "resources"
    verbose_name = "Resources"
    default_auto_field = "django.db.models.BigAutoField"
