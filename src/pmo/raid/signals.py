"""The "open issues" signal of status reports (registered with reporting's provider registry).

Reporting sits above this app, so the answer is a plain object with the attributes reporting reads
(``rag``, ``reason``, ``items``) instead of its ``RiskSignal`` class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pmo.raid.choices import Priority
from pmo.raid.selectors import open_issues

#: Issues listed in a report at most.
TOP = 5


@dataclass(frozen=True)
class IssueSignal:
    """What the RAID log says about a project: its RAG and its most urgent open issues."""

    rag: str
    reason: str
    items: tuple[Mapping[str, Any], ...] = ()


def open_issues_signal(project: Any, start: dt.date, end: dt.date) -> IssueSignal | None:
    """Red with an open critical issue, amber with an open high one or an overdue one, else green;
    ``None`` (not assessed) when the project has no open issue."""
    if project is None:
        return None
    issues = list(open_issues(project))
    if not issues:
        return None
    critical = sum(1 for i in issues if i.priority == Priority.CRITICAL)
    high = sum(1 for i in issues if i.priority == Priority.HIGH)
    overdue = sum(1 for i in issues if i.is_overdue)
    rag = "red" if critical else "amber" if high or overdue else "green"
    reason = f"{len(issues)} open issue{'s' if len(issues) != 1 else ''}"
    if critical or high or overdue:
        reason += f" ({critical} critical, {high} high, {overdue} overdue)"
    items = tuple({"title": f"Issue: {i.title}", "rating": i.get_priority_display()} for i in issues[:TOP])
    return IssueSignal(rag=rag, reason=reason + ".", items=items)
