from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Base models, scope tree, audit trail, permission and API helpers shared by every app."""

    name = "pmo.core"
    label = "core"
    verbose_name = "Core"
