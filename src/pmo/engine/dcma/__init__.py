"""The DCMA 14-point schedule assessment over an engine project and its schedule (pure).

Public API: :func:`assess` → :class:`Assessment` of fourteen :class:`CheckResult` (figure,
threshold, pass or fail, offending task uids and links), :class:`Check`, :class:`Thresholds`,
:data:`HARD_CONSTRAINTS`. See docs/engine/dcma.md for the definitions and their sources.
"""

from pmo.engine.dcma.checks import HARD_CONSTRAINTS, assess
from pmo.engine.dcma.model import Assessment, Check, CheckResult, Thresholds

__all__ = ["HARD_CONSTRAINTS", "Assessment", "Check", "CheckResult", "Thresholds", "assess"]
