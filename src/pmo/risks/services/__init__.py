"""Writes of the risk register (``<entity>_<verb>``, one transaction each, audited)."""

from pmo.risks.services.actions import ACTION_FIELDS, action_create, action_delete, action_update
from pmo.risks.services.matrices import MATRIX_FIELDS, matrix_set
from pmo.risks.services.risks import (
    RISK_FIELDS,
    risk_close,
    risk_create,
    risk_delete,
    risk_reopen,
    risk_update,
)

__all__ = [
    "ACTION_FIELDS",
    "MATRIX_FIELDS",
    "RISK_FIELDS",
    "action_create",
    "action_delete",
    "action_update",
    "matrix_set",
    "risk_close",
    "risk_create",
    "risk_delete",
    "risk_reopen",
    "risk_update",
]
