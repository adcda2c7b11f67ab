from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, teams, role memberships on scopes, API tokens and the login throttle."""

    name = "pmo.accounts"
    label = "accounts"
    verbose_name = "People and access"
