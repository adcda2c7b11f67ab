"""``/api/v1/lessons/``: lessons learned of the projects the caller may see, with full-text search.

Reads come from :mod:`pmo.knowledge.selectors` (404 outside the caller's scope), writes from
:mod:`pmo.knowledge.services`; roles: see ``docs/authz/knowledge.yaml``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.knowledge import selectors, services
from pmo.knowledge.api import serializers as s
from pmo.knowledge.filtersets import LessonFilterSet
from pmo.knowledge.models import Lesson


@extend_schema(tags=["lessons"])
class LessonViewSet(HistoryMixin, VersionedViewSet):
    """Lessons learned. Contributors record and change them; managers delete them. ``?search=``
    finds lessons by words or "quoted phrases" in any text or tag, best match first."""

    serializer_class = s.LessonSerializer
    filterset_class = LessonFilterSet
    input_serializer_classes = {
        "create": s.LessonCreateSerializer,
        "update": s.LessonUpdateSerializer,
        "partial_update": s.LessonUpdateSerializer,
    }

    def visible(self) -> QuerySet[Lesson]:
        """Lessons visible to the caller."""
        return selectors.lessons_visible(self.request.user)

    def fetch(self, uid: Any) -> Lesson:
        """One visible lesson, or 404."""
        return selectors.lesson_get(self.request.user, uid)

    def require_writable(self, instance: Lesson) -> None:
        """Changing a lesson needs the contributor role (deleting one: the manager role)."""
        role = Role.MANAGER if self.action == "destroy" else Role.CONTRIBUTOR
        require_role(self.request.user, instance.scope, role)

    def perform_create(self, data: dict[str, Any]) -> Lesson:
        """Record through :func:`~pmo.knowledge.services.lesson_create`."""
        return services.lesson_create(actor=self.request.user, **data)

    def perform_update(self, instance: Lesson, data: dict[str, Any], version: int) -> Lesson:
        """Change through :func:`~pmo.knowledge.services.lesson_update`."""
        return services.lesson_update(
            actor=self.request.user, lesson=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: Lesson, version: int) -> None:
        """Delete through :func:`~pmo.knowledge.services.lesson_delete`."""
        services.lesson_delete(actor=self.request.user, lesson=instance, expected_version=version)
