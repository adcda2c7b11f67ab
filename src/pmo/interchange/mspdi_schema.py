"""Element order and field classes of Microsoft Project XML (MSPDI), for the reader and the writer.

Microsoft Project validates each element's children as an ``xs:sequence``: a child out of order
makes the file fail to open. The ``*_ORDER`` tuples give the order of the children of
``<Project>``, ``<Task>``, ``<Resource>`` and ``<Assignment>``. They were derived from the 143 files
saved by Microsoft Project 2002-2019 in the shared test data (every pair of elements that occurs
in some file occurs in the same order in all of them, except in two files not written by Microsoft
Project: Aspose's ``not updated.xml`` and MPXJ's ``legacy/sample1.xml``), completed with the
elements of the Project 2007 schema (``mspdi_pj12.xsd``) that no file carries, placed next to their
neighbours in that schema. Project 2010 and later write a few elements in a different order from
the 2007 schema (``IsPublished``/``CommitmentType`` before ``Baseline``): the files win.

``*_READ`` are the elements the reader turns into modelled fields (the engine task, the task
details, the resource, the assignment); ``*_RECOMPUTED`` are the values Microsoft Project (or our
engine) computes from the rest, which a writer must not copy back from an old import. Everything
else is an *extra*, kept verbatim and written back.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "ASSIGNMENT_ORDER",
    "ASSIGNMENT_READ",
    "ASSIGNMENT_RECOMPUTED",
    "BASELINE_ORDER",
    "PROJECT_ORDER",
    "PROJECT_READ",
    "PROJECT_RECOMPUTED",
    "RESOURCE_ORDER",
    "RESOURCE_READ",
    "RESOURCE_RECOMPUTED",
    "TASK_ORDER",
    "TASK_READ",
    "TASK_RECOMPUTED",
    "rank",
]

PROJECT_ORDER: tuple[str, ...] = (
    "SaveVersion", "BuildNumber", "Name", "Title", "GUID", "Subject", "Category", "Company", "Manager",
    "Author", "CreationDate", "Revision", "LastSaved", "ScheduleFromStart", "StartDate", "FinishDate",
    "FYStartDate", "CriticalSlackLimit", "CurrencyDigits", "CurrencySymbol", "CurrencyCode",
    "CurrencySymbolPosition", "CalendarUID", "DefaultStartTime", "DefaultFinishTime", "MinutesPerDay",
    "MinutesPerWeek", "DaysPerMonth", "DefaultTaskType", "DefaultFixedCostAccrual", "DefaultStandardRate",
    "DefaultOvertimeRate", "DurationFormat", "WorkFormat", "EditableActualCosts", "HonorConstraints",
    "EarnedValueMethod", "InsertedProjectsLikeSummary", "MultipleCriticalPaths", "NewTasksEffortDriven",
    "NewTasksEstimated", "SplitsInProgressTasks", "SpreadActualCost", "SpreadPercentComplete",
    "TaskUpdatesResource", "FiscalYearStart", "WeekStartDay", "MoveCompletedEndsBack",
    "MoveRemainingStartsBack", "MoveRemainingStartsForward", "MoveCompletedEndsForward",
    "BaselineForEarnedValue", "AutoAddNewResourcesAndTasks", "StatusDate", "CurrentDate",
    "MicrosoftProjectServerURL", "Autolink", "NewTaskStartDate", "NewTasksAreManual", "DefaultTaskEVMethod",
    "ProjectExternallyEdited", "ExtendedCreationDate", "ActualsInSync", "RemoveFileProperties",
    "AdminProject",
    "UpdateManuallyScheduledTasksWhenEditingLinks", "KeepTaskOnNearestWorkingTimeWhenMadeAutoScheduled",
    "Views", "Filters", "Groups", "Tables", "Maps", "Reports", "Drawings", "DataLinks", "VBAProjects",
    "OutlineCodes", "WBSMasks", "ExtendedAttributes", "Calendars", "Tasks", "Resources", "Assignments",
)  # fmt: skip

TASK_ORDER: tuple[str, ...] = (
    "UID", "GUID", "ID", "Name", "Active", "Manual", "Type", "IsNull", "CreateDate", "Contact", "WBS",
    "WBSLevel", "OutlineNumber", "OutlineLevel", "Priority", "StartText", "FinishText", "DurationText",
    "Start", "Finish", "Duration", "ManualStart", "ManualFinish", "ManualDuration", "DurationFormat",
    "FreeformDurationFormat", "Work", "Stop", "Resume", "ResumeValid", "EffortDriven", "Recurring",
    "OverAllocated", "Estimated", "Milestone", "Summary", "DisplayAsSummary", "Critical", "IsSubproject",
    "IsSubprojectReadOnly", "SubprojectName", "ExternalTask", "ExternalTaskProject", "EarlyStart",
    "EarlyFinish", "LateStart", "LateFinish", "StartVariance", "FinishVariance", "WorkVariance", "FreeSlack",
    "TotalSlack", "StartSlack", "FinishSlack", "FixedCost", "FixedCostAccrual", "PercentComplete",
    "PercentWorkComplete", "Cost", "OvertimeCost", "OvertimeWork", "ActualStart", "ActualFinish",
    "ActualDuration", "ActualCost", "ActualOvertimeCost", "ActualWork", "ActualOvertimeWork", "RegularWork",
    "RemainingDuration", "RemainingCost", "RemainingWork", "RemainingOvertimeCost", "RemainingOvertimeWork",
    "ACWP", "CV", "ConstraintType", "CalendarUID", "ConstraintDate", "Deadline", "LevelAssignments",
    "LevelingCanSplit", "LevelingDelay", "LevelingDelayFormat", "PreLeveledStart", "PreLeveledFinish",
    "Hyperlink", "HyperlinkAddress", "HyperlinkSubAddress", "IgnoreResourceCalendar", "Notes", "HideBar",
    "Rollup", "BCWS", "BCWP", "PhysicalPercentComplete", "EarnedValueMethod", "PredecessorLink",
    "IsPublished", "StatusManager", "CommitmentStart", "CommitmentFinish", "CommitmentType",
    "ActualWorkProtected", "ActualOvertimeWorkProtected", "Baseline", "TimephasedData", "ExtendedAttribute",
    "BoardStatusColumnOrderingID", "SprintColumnOrderingID", "NextAvailableBoardStatusColumnOrderingID",
    "NextAvailableSprintOrderingID", "OutlineCode",
)  # fmt: skip

BASELINE_ORDER: tuple[str, ...] = (
    "TimephasedData", "Number", "Interim", "Start", "Finish", "Duration", "DurationFormat",
    "EstimatedDuration", "Work", "Cost", "BCWS", "BCWP", "FixedCost",
)  # fmt: skip

RESOURCE_ORDER: tuple[str, ...] = (
    "UID", "GUID", "ID", "Name", "Type", "IsNull", "Initials", "Phonetics", "NTAccount", "Code",
    "MaterialLabel", "Group", "WorkGroup", "EmailAddress", "Hyperlink", "HyperlinkAddress",
    "HyperlinkSubAddress", "MaxUnits", "PeakUnits", "OverAllocated", "AvailableFrom", "AvailableTo", "Start",
    "Finish", "CanLevel", "AccrueAt", "Work", "RegularWork", "OvertimeWork", "ActualWork", "RemainingWork",
    "ActualOvertimeWork", "RemainingOvertimeWork", "PercentWorkComplete", "StandardRate",
    "StandardRateFormat", "Cost", "OvertimeRate", "OvertimeRateFormat", "OvertimeCost", "CostPerUse",
    "ActualCost", "ActualOvertimeCost", "RemainingCost", "RemainingOvertimeCost", "WorkVariance",
    "CostVariance", "SV", "CV", "ACWP", "CalendarUID", "Notes", "BCWS", "BCWP", "IsGeneric", "IsInactive",
    "IsEnterprise", "BookingType", "ActualWorkProtected", "ActualOvertimeWorkProtected",
    "ActiveDirectoryGUID",
    "CreationDate", "IsCostResource", "IsBudget", "Baseline", "ExtendedAttribute", "OutlineCode", "Rates",
    "AvailabilityPeriods", "TimephasedData",
)  # fmt: skip

ASSIGNMENT_ORDER: tuple[str, ...] = (
    "UID", "GUID", "TaskUID", "ResourceUID", "PercentWorkComplete", "ActualCost", "ActualFinish",
    "ActualOvertimeCost", "ActualOvertimeWork", "ActualStart", "ActualWork", "ACWP", "Confirmed", "Cost",
    "CostRateTable", "RateScale", "CostVariance", "CV", "Delay", "Finish", "FinishVariance", "WorkVariance",
    "HasFixedRateUnits", "FixedMaterial", "Hyperlink", "HyperlinkAddress", "HyperlinkSubAddress",
    "LevelingDelay", "LevelingDelayFormat", "LinkedFields", "Milestone", "Notes", "Overallocated",
    "OvertimeCost", "OvertimeWork", "PeakUnits", "RegularWork", "RemainingCost", "RemainingOvertimeCost",
    "RemainingOvertimeWork", "RemainingWork", "ResponsePending", "Start", "Stop", "Resume", "StartVariance",
    "Units", "UpdateNeeded", "VAC", "Work", "WorkContour", "BCWS", "BCWP", "BookingType",
    "ActualWorkProtected", "ActualOvertimeWorkProtected", "CreationDate", "BudgetCost", "BudgetWork",
    "ExtendedAttribute", "Baseline", "TimephasedData",
)  # fmt: skip

# --- What the reader models (the engine reader's fields, the document's fields) -------------------
PROJECT_READ = frozenset({
    "Name", "Title", "ScheduleFromStart", "StartDate", "FinishDate", "CriticalSlackLimit", "CalendarUID",
    "MinutesPerDay", "MinutesPerWeek", "DaysPerMonth", "MultipleCriticalPaths", "StatusDate",
    "Calendars", "Tasks", "Resources", "Assignments",
})  # fmt: skip
TASK_READ = frozenset({
    "UID", "Name", "Active", "Manual", "IsNull", "WBS", "OutlineLevel", "Duration", "DurationFormat",
    "Estimated", "Milestone", "PercentComplete", "ActualStart", "ActualFinish", "RemainingDuration",
    "ConstraintType", "CalendarUID", "ConstraintDate", "Deadline", "ManualStart", "ManualFinish",
    "PredecessorLink", "Baseline", "Notes", "Priority", "FixedCost",
})  # fmt: skip
RESOURCE_READ = frozenset({
    "UID", "Name", "Type", "IsCostResource", "Initials", "Code", "EmailAddress", "Group", "IsGeneric",
    "Generic", "MaxUnits", "StandardRate", "OvertimeRate", "CostPerUse", "MaterialLabel", "CalendarUID",
})  # fmt: skip
ASSIGNMENT_READ = frozenset({
    "UID", "TaskUID", "ResourceUID", "Units", "Work", "ActualWork", "RemainingWork", "WorkContour",
    "Start", "Finish", "Cost",
})  # fmt: skip

# --- What is recomputed, so never kept as an extra ------------------------------------------------
# Project: the writer's identity (we write the file, not Microsoft Project's build).
PROJECT_RECOMPUTED = frozenset({"SaveVersion", "BuildNumber"})
TASK_RECOMPUTED = frozenset({
    # Position and outline: derived from the task order and parents.
    "ID", "OutlineNumber", "Summary",
    # Dates, slack and criticality: the schedule's output.
    "Start", "Finish", "EarlyStart", "EarlyFinish", "LateStart", "LateFinish", "TotalSlack", "FreeSlack",
    "StartSlack", "FinishSlack", "Critical", "StartVariance", "FinishVariance", "Stop", "Resume",
    "ResumeValid", "OverAllocated",
    # Derived from the duration and progress.
    "ManualDuration", "ActualDuration", "DurationVariance",
    # Work and cost roll-ups from assignments (and summary roll-ups), earned value.
    "Work", "WorkVariance", "Cost", "OvertimeCost", "OvertimeWork", "ActualCost", "ActualOvertimeCost",
    "ActualWork", "ActualOvertimeWork", "RegularWork", "RemainingCost", "RemainingWork",
    "RemainingOvertimeCost", "RemainingOvertimeWork", "PercentWorkComplete", "ACWP", "CV", "SV", "BCWS",
    "BCWP", "VAC", "CostVariance",
    # Time-phased values are recomputed by Microsoft Project when it opens the file.
    "TimephasedData",
})  # fmt: skip
RESOURCE_RECOMPUTED = frozenset({
    "ID", "IsNull", "PeakUnits", "OverAllocated", "Start", "Finish",
    # Work and cost roll-ups from the resource's assignments, earned value, baselines of roll-ups.
    "Work", "RegularWork", "OvertimeWork", "ActualWork", "RemainingWork", "ActualOvertimeWork",
    "RemainingOvertimeWork", "PercentWorkComplete", "Cost", "OvertimeCost", "ActualCost",
    "ActualOvertimeCost", "RemainingCost", "RemainingOvertimeCost", "WorkVariance", "CostVariance", "SV",
    "CV", "ACWP", "BCWS", "BCWP", "Baseline", "TimephasedData",
})  # fmt: skip
ASSIGNMENT_RECOMPUTED = frozenset({
    # Derived from work, units, rates and the task's dates.
    "PercentWorkComplete", "ActualCost", "ActualOvertimeCost", "ACWP", "CostVariance", "CV", "SV", "VAC",
    "FinishVariance", "StartVariance", "WorkVariance", "Milestone", "Overallocated", "OvertimeCost",
    "PeakUnits", "RegularWork", "RemainingCost", "RemainingOvertimeCost", "Stop", "Resume", "BCWS", "BCWP",
    "TimephasedData",
})  # fmt: skip


def rank(order: tuple[str, ...]) -> Mapping[str, int]:
    """Position of each element name in an order table.

    >>> rank(("UID", "Name"))["Name"]
    1
    """
    return {name: i for i, name in enumerate(order)}
