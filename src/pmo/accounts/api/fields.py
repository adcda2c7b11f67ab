"""Serializer fields that resolve references through the permission-scoped selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from rest_framework import serializers

from pmo.accounts.models import User
from pmo.accounts.selectors import users_visible, visible_scopes
from pmo.core.models import Scope


class VisibleUserField(serializers.SlugRelatedField):
    """A user named by username, among the users the requester may see.

    A username outside the requester's view gets the same message as one that does not exist.
    """

    default_error_messages = {
        "does_not_exist": "No user '{value}' among the people you can see.",
        "invalid": "Give a username.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "username")
        kwargs.setdefault("help_text", "Username of a person you can see (see /api/v1/users/).")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", User.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[User]:
        """Users visible to the requesting user."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return users_visible(user) if user is not None else User.objects.none()


class VisibleScopeField(serializers.UUIDField):
    """The public id of a portfolio, program or project, resolved to its scope.

    Only scopes the requester may see are found (through :func:`visible_scopes`); any other id,
    existing or not, gets the same 400 message naming the field, so nothing leaks and nothing
    outside the requester's scope can be written to. ``kinds`` limits the levels accepted.
    """

    def __init__(
        self, *, kinds: tuple[str, ...] = ("portfolio", "program", "project"), **kwargs: Any
    ) -> None:
        self.kinds = kinds
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Scope:
        """Resolve the uid to a visible scope of one of ``kinds``, or raise a field error."""
        uid = super().to_internal_value(data)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        condition = Q()
        for kind in self.kinds:
            condition |= Q(kind=kind, **{f"{kind}__uid": uid})
        scope = visible_scopes(user).filter(condition).first() if user is not None else None
        if scope is None:
            label = " or ".join(self.kinds)
            raise serializers.ValidationError(f"No {label} with this id among those you can see.")
        return scope

    def to_representation(self, value: Any) -> Any:
        """A scope is shown by the public id of its owner."""
        if isinstance(value, Scope):
            return str(value.owner.uid)
        return super().to_representation(value)
