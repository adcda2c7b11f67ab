"""Helpers for the permission-scoped selectors of every app."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from pmo.core.models import AuditRecord

M = TypeVar("M", bound=models.Model)


def get_visible(queryset: QuerySet[M], **lookup: Any) -> M:
    """Fetch one row from an already scoped queryset, or raise ``Http404`` (out of scope = absent)."""
    from django.core.exceptions import ValidationError

    try:
        return queryset.get(**lookup)
    except (models.ObjectDoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise Http404(f"no {queryset.model._meta.verbose_name} matches the given id") from error


def history_of(instance: models.Model) -> QuerySet[AuditRecord]:
    """Audit records of one object the caller has already fetched through a scoped selector."""
    from django.contrib.contenttypes.models import ContentType

    return AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
    ).select_related("actor")
