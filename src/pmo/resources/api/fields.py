"""Serializer fields of the resources API that resolve public ids through the scoped selectors."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pmo.core.models import Scope
from pmo.resources.selectors import pools_visible


class PoolField(serializers.UUIDField):
    """The public id of a portfolio, resolved to its pool (scope) among the pools the caller sees.

    Any other id, existing or not, gets the same 400 naming the field, so nothing leaks.
    """

    def to_internal_value(self, data: Any) -> Scope:  # type: ignore[override]
        """Resolve the uid to a visible pool."""
        uid = super().to_internal_value(data)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        pool = pools_visible(user).filter(portfolio__uid=uid).first() if user is not None else None
        if pool is None:
            raise serializers.ValidationError("No portfolio with this id among those whose pool you can see.")
        return pool

    def to_representation(self, value: Any) -> Any:
        """A pool is shown by its portfolio's public id."""
        if isinstance(value, Scope):
            return str(value.portfolio.uid)
        return super().to_representation(value)
