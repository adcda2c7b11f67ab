"""Status reports of each side in the persona world (``WORLD_EXTENSIONS``).

For ``side.project``: saved reporting settings (weekly, the default Friday anchor) and a draft report
for the week ending 2026-02-06 with its narrative filled (canaries in every text), so the battery's
"edit" and "submit" really change it when allowed. Nothing is submitted here (submitting starts an
e-mail job, which the world keeps out of the personas' job lists).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pmo.reporting.services import report_draft, report_update, settings_update

#: The period end of the world's draft report (a Friday: weekly periods end on Fridays).
WORLD_PERIOD_END = dt.date(2026, 2, 6)


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's reporting settings and draft report through the services, by registry key."""
    settings = settings_update(
        actor=manager, project=side.project, data={"cadence": "weekly"}, expected_version=None
    )
    report = report_draft(actor=manager, project=side.project, period_end=WORLD_PERIOD_END)
    report = report_update(
        actor=manager,
        report=report,
        data={
            "summary": f"Summary {canary()}",
            "achievements": f"Achieved {canary()}",
            "next_period": f"Next {canary()}",
            "decisions_needed": f"Decide {canary()}",
            "cost_override": "amber",
            "cost_comment": f"Invoices pending {canary()}",
        },
        expected_version=report.version,
    )
    return {"reporting_settings": settings, "status_report": report}
