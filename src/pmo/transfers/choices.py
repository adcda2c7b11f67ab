"""Choices of the transfers app."""

from django.db import models


class ImportStatus(models.TextChoices):
    """Where an import stands: previewed, then applied (inline or as a background job) or discarded."""

    PREVIEWED = "previewed", "Ready to apply"
    QUEUED = "queued", "Queued"
    APPLYING = "applying", "Applying"
    APPLIED = "applied", "Applied"
    FAILED = "failed", "Failed"
    DISCARDED = "discarded", "Discarded"


class ImportMode(models.TextChoices):
    """Into a new project, or over an existing one (matching its tasks to the file's)."""

    NEW = "new", "New project"
    UPDATE = "update", "Over an existing project"


class FileFormat(models.TextChoices):
    """The file formats we read (``ics`` is export only)."""

    MSPDI = "mspdi", "Microsoft Project XML"
    XER = "xer", "Primavera P6 XER"
    PMXML = "pmxml", "Primavera P6 XML"
    XLSX = "xlsx", "Excel workbook"
    CSV = "csv", "CSV"


class ExportFormat(models.TextChoices):
    """The formats a project can be exported to."""

    MSPDI = "mspdi", "Microsoft Project XML (.xml)"
    XLSX = "xlsx", "Excel workbook (.xlsx)"
    CSV = "csv", "CSV (.csv)"
    ICS = "ics", "Milestones as iCalendar (.ics)"
