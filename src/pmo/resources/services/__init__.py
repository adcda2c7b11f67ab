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
from pmo.resources.services.plans import (
    resource_demand_create,
    resource_demand_delete,
    resource_demand_set,
    resource_demand_update,
)
from pmo.resources.services.pool import (
    calendar_create,
    calendar_delete,
    calendar_update,
    holiday_create,
    holiday_delete,
    holiday_update,
    resource_calendar_set,
    resource_skill_create,
    resource_skill_delete,
    resource_skill_update,
    skill_create,
    skill_delete,
    skill_update,
    team_create,
    team_delete,
    team_update,
    time_off_create,
    time_off_delete,
    time_off_update,
)
from pmo.resources.services.rates import (
    RATE_ROW_FIELDS,
    resource_rate_create,
    resource_rate_delete,
    resource_rate_update,
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
    "RATE_ROW_FIELDS",
    "RESOURCE_FIELDS",
    "assignment_create",
    "assignment_delete",
    "assignment_update",
    "assignments_replace",
    "calendar_create",
    "calendar_delete",
    "calendar_update",
    "holiday_create",
    "holiday_delete",
    "holiday_update",
    "resource_calendar_set",
    "resource_create",
    "resource_delete",
    "resource_demand_create",
    "resource_demand_delete",
    "resource_demand_set",
    "resource_demand_update",
    "resource_rate_create",
    "resource_rate_delete",
    "resource_rate_update",
    "resource_skill_create",
    "resource_skill_delete",
    "resource_skill_update",
    "resource_update",
    "resources_merge",
    "skill_create",
    "skill_delete",
    "skill_update",
    "team_create",
    "team_delete",
    "team_update",
    "time_off_create",
    "time_off_delete",
    "time_off_update",
]
