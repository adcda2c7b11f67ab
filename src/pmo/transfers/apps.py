"""Transfers: importing plans into projects and exporting them (web pages, API, CLI, background
jobs) over the pure readers and writers of :mod:`pmo.interchange`."""

from django.apps import AppConfig


class TransfersConfig(AppConfig):
    """Import and export of project plans."""

    name = "pmo.transfers"
    label = "transfers"
    verbose_name = "Import and export"
    default_auto_field = "django.db.models.BigAutoField"
