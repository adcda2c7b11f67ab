from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    """Portfolios (nestable): the top of the hierarchy and its roll-ups."""

    name = "pmo.portfolios"
    label = "portfolios"
    verbose_name = "Portfolios"
