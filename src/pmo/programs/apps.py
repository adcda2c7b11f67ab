from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    """Programs: related projects planned and governed together."""

    name = "pmo.programs"
    label = "programs"
    verbose_name = "Programs"
