"""Results and thresholds of the DCMA 14-point schedule assessment."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Assessment", "Check", "CheckResult", "Thresholds"]


class Check(StrEnum):
    """The fourteen checks, in DCMA's order (the value is a stable key for pages and the API)."""

    LOGIC = "logic"
    LEADS = "leads"
    LAGS = "lags"
    RELATIONSHIP_TYPES = "relationship_types"
    HARD_CONSTRAINTS = "hard_constraints"
    HIGH_FLOAT = "high_float"
    NEGATIVE_FLOAT = "negative_float"
    HIGH_DURATION = "high_duration"
    INVALID_DATES = "invalid_dates"
    RESOURCES = "resources"
    MISSED_TASKS = "missed_tasks"
    CRITICAL_PATH_TEST = "critical_path_test"
    CPLI = "cpli"
    BEI = "bei"

    @property
    def number(self) -> int:
        """1 to 14."""
        return list(Check).index(self) + 1


@dataclass(frozen=True)
class Thresholds:
    """The pass marks (DCMA-EA PAM 200.1 defaults); percentages are of the counted tasks or links.

    Attributes
    ----------
    logic_percent, lags_percent, hard_constraints_percent, high_float_percent,
    high_duration_percent, missed_tasks_percent : float
        Pass when the share does not exceed the value (5 %).
    fs_percent : float
        Pass when at least this share of links is finish-to-start (90 %).
    high_float_days, high_duration_days : float
        A task is flagged above this many working days (44: two months).
    cpli, bei : float
        Pass at or above (0.95).
    critical_path_delay_days : float
        The delay added to a critical task by the critical path test (600 working days).
    """

    logic_percent: float = 5.0
    lags_percent: float = 5.0
    fs_percent: float = 90.0
    hard_constraints_percent: float = 5.0
    high_float_percent: float = 5.0
    high_float_days: float = 44.0
    high_duration_percent: float = 5.0
    high_duration_days: float = 44.0
    missed_tasks_percent: float = 5.0
    cpli: float = 0.95
    bei: float = 0.95
    critical_path_delay_days: float = 600.0


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Attributes
    ----------
    check : Check
    name : str
        Display name ("Missing logic").
    figure : float or None
        The measured value in ``unit``; ``None`` when the check could not be assessed.
    unit : str
        ``"%"``, ``"count"``, ``"index"`` or ``"days"``.
    threshold : str
        The pass mark as text ("≤ 5 %").
    passed : bool or None
        ``None`` when the check does not apply or lacks its input (see ``note``).
    count, total : int
        Offending items and the items counted (tasks or links).
    tasks : tuple of int
        Uids of the offending tasks, in input order.
    links : tuple of tuple of int
        Offending links as (predecessor uid, successor uid), for the link checks.
    note : str
        Why a check was not assessed, or what was done (the delayed task of the critical path test).
    """

    check: Check
    name: str
    figure: float | None
    unit: str
    threshold: str
    passed: bool | None
    count: int = 0
    total: int = 0
    tasks: tuple[int, ...] = ()
    links: tuple[tuple[int, int], ...] = ()
    note: str = ""

    @property
    def number(self) -> int:
        """The check's number, 1 to 14."""
        return self.check.number


@dataclass(frozen=True)
class Assessment:
    """All fourteen results, in order."""

    checks: tuple[CheckResult, ...]

    def __getitem__(self, check: Check) -> CheckResult:
        return next(c for c in self.checks if c.check is check)

    @property
    def failed(self) -> tuple[Check, ...]:
        """The checks that failed."""
        return tuple(c.check for c in self.checks if c.passed is False)

    @property
    def passed(self) -> bool:
        """No check failed (checks that could not be assessed do not count as failures)."""
        return not self.failed
