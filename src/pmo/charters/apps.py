from django.apps import AppConfig


class ChartersConfig(AppConfig):
    """Project charters."""

    name = "pmo.charters"
    label = "charters"
    default_auto_field = "django.db.models.BigAutoField"
