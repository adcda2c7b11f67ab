"""Shared helpers of the leveling tests: every schedule a test produces goes through the validator."""

from __future__ import annotations

from pmo.engine.leveling import LevelingProblem, LevelingResult, level, validate


def checked(problem: LevelingProblem, **options: object) -> LevelingResult:
    """``level(problem, **options)``, asserting that the independent validator accepts the result."""
    result = level(problem, **options)  # type: ignore[arg-type]
    violations = validate(problem, result.start.tolist())
    assert violations == [], violations
    assert result.makespan == max((int(f) for f in result.finish), default=0)
    assert result.makespan >= result.lower_bound >= result.cpm_makespan
    return result
