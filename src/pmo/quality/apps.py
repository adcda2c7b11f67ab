from django.apps import AppConfig


class QualityConfig(AppConfig):
    """Deliverables and quality."""

    name = "pmo.quality"
    label = "quality"
    default_auto_field = "django.db.models.BigAutoField"
