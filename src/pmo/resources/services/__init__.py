"""Writes of the resources app, one module per area (``<entity>_<verb>``, one transaction each).

``resources`` and ``assignments`` hold the single-object services the pages and the API call;
``bulk`` holds the two the import uses (:func:`resources_merge`, :func:`assignments_replace`).
"""

from pmo.resources.services.assignments import (
    ASSIGNMENT_FIELDS,
    assignment_create,
    assignment_delete,
    assignment_update,
)
from pmo.resources.services.bulk import (
    ASSIGNMENT_ROW_FIELDS,
    MERGE_FIELDS,
    assignments_replace,
    resources_merge,
)
from pmo.resources.services.resources import (
    RESOURCE_FIELDS,
    resource_create,
    resource_delete,
    resource_update,
)

__all__ = [
    "ASSIGNMENT_FIELDS",
    "ASSIGNMENT_ROW_FIELDS",
    "MERGE_FIELDS",
    "RESOURCE_FIELDS",
    "assignment_create",
    "assignment_delete",
    "assignment_update",
    "assignments_replace",
    "resource_create",
    "resource_delete",
    "resource_update",
    "resources_merge",
]
