"""Writes of the quality app, one module per area (``<entity>_<verb>``, one transaction each)."""

from pmo.quality.services.checklists import (
    checklist_template_create,
    checklist_template_delete,
    checklist_template_update,
)
from pmo.quality.services.defects import (
    defect_close,
    defect_create,
    defect_delete,
    defect_reopen,
    defect_update,
)
from pmo.quality.services.deliverables import (
    deliverable_create,
    deliverable_decide,
    deliverable_delete,
    deliverable_submit,
    deliverable_update,
    require_acceptor,
)
from pmo.quality.services.reviews import review_create, review_delete, review_update, templates_applying_to

__all__ = [
    "checklist_template_create",
    "checklist_template_delete",
    "checklist_template_update",
    "defect_close",
    "defect_create",
    "defect_delete",
    "defect_reopen",
    "defect_update",
    "deliverable_create",
    "deliverable_decide",
    "deliverable_delete",
    "deliverable_submit",
    "deliverable_update",
    "require_acceptor",
    "review_create",
    "review_delete",
    "review_update",
    "templates_applying_to",
]
