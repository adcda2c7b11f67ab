"""Pages of the timesheets app."""

from pmo.timesheets.views.approvals import ApprovalsView, DecideView
from pmo.timesheets.views.settings import ProjectSettingsView
from pmo.timesheets.views.sheet import CellView, MyTimesheetView, SubmitView

__all__ = ["ApprovalsView", "CellView", "DecideView", "MyTimesheetView", "ProjectSettingsView", "SubmitView"]
