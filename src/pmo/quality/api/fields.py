"""Serializer fields resolving public ids through the permission-scoped selectors (400 naming the
field when the id is unknown or outside the caller's view, so nothing leaks)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers


class VisibleObjectField(serializers.UUIDField):
    """The public id of an object found in ``visible(user)``; serialised back as its ``uid``."""

    def __init__(self, *, visible: Callable[[Any], QuerySet[Any]], noun: str, **kwargs: Any) -> None:
        self.visible = visible
        self.noun = noun
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        """Resolve the uid among the objects the requester may see."""
        uid = super().to_internal_value(data)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        found = self.visible(user).filter(uid=uid).first() if user is not None else None
        if found is None:
            raise serializers.ValidationError(f"No {self.noun} with this id among those you can see.")
        return found

    def to_representation(self, value: Any) -> Any:
        """An object is shown by its public id."""
        return str(getattr(value, "uid", value))


class TextListField(serializers.ListField):
    """A list of non-empty texts of at most 500 characters (criteria, items, scope lines)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.CharField(max_length=500))
        super().__init__(**kwargs)
