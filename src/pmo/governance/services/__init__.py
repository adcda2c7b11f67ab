"""Writes of the governance app: tolerances, exceptions, notifications and the checks."""

from pmo.governance.services.checks import check_after_recalculate, tolerances_check, tolerances_check_all
from pmo.governance.services.exceptions import (
    CLOSING_DECISIONS,
    exception_acknowledge,
    exception_close,
    exception_decide,
    exception_raise,
    managers_of,
    notifications_mark_read,
)
from pmo.governance.services.tolerances import (
    TOLERANCE_FIELDS,
    clean_tolerance,
    tolerance_delete,
    tolerance_set,
)

__all__ = [
    "CLOSING_DECISIONS",
    "TOLERANCE_FIELDS",
    "check_after_recalculate",
    "clean_tolerance",
    "exception_acknowledge",
    "exception_close",
    "exception_decide",
    "exception_raise",
    "managers_of",
    "notifications_mark_read",
    "tolerance_delete",
    "tolerance_set",
    "tolerances_check",
    "tolerances_check_all",
]
