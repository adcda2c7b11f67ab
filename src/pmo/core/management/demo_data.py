"""The demo organisation loaded by ``pmo demo``: people, a team, portfolios, programs, projects.

Plain data only; :mod:`pmo.core.management.commands.demo` creates it through the services, so the
audit trail and the scope tree are exactly what real use produces. Dates are offsets in days from
the day the demo is first loaded, so the organisation always looks current.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "demo-pmo"  # noqa: S105 - printed for the user on purpose; demo refuses to run in production


@dataclass(frozen=True)
class Person:
    """A demo user and the sentence that says what they may do."""

    username: str
    first_name: str
    last_name: str
    duty: str
    is_pmo_admin: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@demo.pmo.example"


@dataclass(frozen=True)
class Node:
    """A portfolio, program or project; ``parent`` is the code of the node it sits in."""

    code: str
    name: str
    description: str
    state: str
    start: int
    finish: int
    owner: str
    parent: str | None = None


PEOPLE: tuple[Person, ...] = (
    Person("admin", "Alex", "Morgan", "PMO administrator: sees and manages everything", is_pmo_admin=True),
    Person("priya", "Priya", "Raman", "portfolio manager of Digital Transformation"),
    Person("daniel", "Daniel", "Okafor", "portfolio manager of Infrastructure & Operations"),
    Person("marcus", "Marcus", "Chen", "program manager of Customer Experience Platform"),
    Person("elena", "Elena", "Rossi", "program manager of Data Platform Modernisation"),
    Person("sofia", "Sofia", "Alvarez", "project manager of the data-centre migration and the WAN refresh"),
    Person("tom", "Tom", "Becker", "contributor on the portal project and, via Platform Engineering, on I&O"),
    Person("nina", "Nina", "Petrova", "executive sponsor: viewer of Digital Transformation"),
)

TEAM_NAME = "Platform Engineering"
TEAM_DESCRIPTION = "Cloud, network and platform engineers who deliver most infrastructure work."
TEAM_MEMBERS = ("tom", "sofia")
TEAM_ROLE = ("contributor", "INFRA")

# (username, role, code of the portfolio, program or project)
MEMBERSHIPS: tuple[tuple[str, str, str], ...] = (
    ("priya", "manager", "DIGITAL"),
    ("daniel", "manager", "INFRA"),
    ("marcus", "manager", "CXP"),
    ("elena", "manager", "DPM"),
    ("sofia", "manager", "DCX-MIGRATE"),
    ("sofia", "manager", "DCX-NETWORK"),
    ("tom", "contributor", "CX-PORTAL"),
    ("nina", "viewer", "DIGITAL"),
)

PORTFOLIOS: tuple[Node, ...] = (
    Node(
        "DIGITAL",
        "Digital Transformation",
        "Customer-facing digital services and the data that powers them. Funded from the 2025–2027 "
        "transformation budget; reviewed quarterly by the executive board.",
        "active",
        start=-420,
        finish=680,
        owner="priya",
    ),
    Node(
        "DATA",
        "Data & Analytics",
        "Sub-portfolio for the shared data platform, reporting and analytics products.",
        "active",
        start=-300,
        finish=560,
        owner="elena",
        parent="DIGITAL",
    ),
    Node(
        "INFRA",
        "Infrastructure & Operations",
        "Keeps the lights on and moves them to the cloud: hosting, network, service management "
        "and resilience.",
        "active",
        start=-540,
        finish=600,
        owner="daniel",
    ),
)

PROGRAMS: tuple[Node, ...] = (
    Node(
        "CXP",
        "Customer Experience Platform",
        "One front door for customers: portal, mobile app and a single customer record.",
        "active",
        start=-360,
        finish=420,
        owner="marcus",
        parent="DIGITAL",
    ),
    Node(
        "DPM",
        "Data Platform Modernisation",
        "Replace the on-premises warehouse with a governed lakehouse and self-service reporting.",
        "active",
        start=-240,
        finish=480,
        owner="elena",
        parent="DATA",
    ),
    Node(
        "DCX",
        "Data Centre Exit",
        "Leave the Riverside data centre before its lease ends: migrate, re-network, decommission.",
        "active",
        start=-480,
        finish=330,
        owner="daniel",
        parent="INFRA",
    ),
)

PROJECTS: tuple[Node, ...] = (
    Node(
        "CX-PORTAL",
        "Customer Self-Service Portal",
        "Let customers view invoices, change contracts and raise requests without calling us.",
        "planning",
        start=-300,
        finish=90,
        owner="marcus",
        parent="CXP",
    ),  # UPDATES makes it active
    Node(
        "CX-MOBILE",
        "Mobile App Relaunch",
        "Rebuild the iOS and Android apps on the portal's APIs; retire the 2017 app.",
        "planning",
        start=30,
        finish=300,
        owner="marcus",
        parent="CXP",
    ),
    Node(
        "CX-CRM",
        "CRM Consolidation",
        "Merge the three regional CRM instances into one, with a single customer identifier.",
        "active",
        start=-200,
        finish=160,
        owner="marcus",
        parent="CXP",
    ),
    Node(
        "CX-ASSIST",
        "Virtual Service Assistant",
        "A guided assistant on the portal for the twenty most common service requests.",
        "proposed",
        start=120,
        finish=360,
        owner="marcus",
        parent="CXP",
    ),
    Node(
        "CX-FEEDBACK",
        "Customer Feedback Analytics",
        "Collect and analyse survey and complaint data to steer the portal backlog.",
        "completed",
        start=-360,
        finish=-60,
        owner="marcus",
        parent="CXP",
    ),
    Node(
        "DP-LAKE",
        "Enterprise Data Lakehouse",
        "Build the lakehouse, land the finance and sales sources, and switch the nightly loads.",
        "active",
        start=-220,
        finish=200,
        owner="elena",
        parent="DPM",
    ),
    Node(
        "DP-CATALOG",
        "Data Governance & Catalogue",
        "Data owners, definitions and lineage for every certified data set.",
        "planning",
        start=0,
        finish=270,
        owner="elena",
        parent="DPM",
    ),
    Node(
        "DP-BI",
        "Self-Service BI Rollout",
        "Dashboards and training for 400 business users; retire the legacy report server.",
        "active",
        start=-120,
        finish=240,
        owner="elena",
        parent="DPM",
    ),
    Node(
        "DP-FORECAST",
        "Demand Forecasting Models",
        "Weekly demand forecasts per product line; paused until the lakehouse holds sales history.",
        "on_hold",
        start=-90,
        finish=300,
        owner="elena",
        parent="DPM",
    ),
    Node(
        "DA-RETENTION",
        "GDPR Data Retention Clean-up",
        "Apply the retention schedule to customer data in every legacy system.",
        "completed",
        start=-400,
        finish=-100,
        owner="elena",
        parent="DATA",
    ),
    Node(
        "DIG-ESIGN",
        "E-Signature for Contracts",
        "Sign customer and supplier contracts electronically, with an audit trail.",
        "active",
        start=-150,
        finish=60,
        owner="priya",
        parent="DIGITAL",
    ),
    Node(
        "DCX-MIGRATE",
        "Workload Migration Wave 1",
        "Move the 140 applications of wave 1 to the cloud landing zone.",
        "active",
        start=-330,
        finish=120,
        owner="sofia",
        parent="DCX",
    ),
    Node(
        "DCX-NETWORK",
        "WAN Refresh & SD-WAN",
        "Replace the MPLS network with SD-WAN at all 38 sites before the data centre closes.",
        "active",
        start=-180,
        finish=150,
        owner="sofia",
        parent="INFRA",
    ),
    Node(
        "DCX-DECOM",
        "Legacy Data Centre Decommissioning",
        "Power down, wipe and remove the remaining hardware; hand the hall back to the landlord.",
        "proposed",
        start=200,
        finish=330,
        owner="daniel",
        parent="DCX",
    ),
    Node(
        "OPS-ITSM",
        "ITSM Tool Replacement",
        "Replace the service desk tool; migrate incidents, changes and the CMDB.",
        "planning",
        start=45,
        finish=280,
        owner="daniel",
        parent="INFRA",
    ),
)

# A project created in one place and then moved: a deliberate, audited action in the history.
MOVES: tuple[tuple[str, str, str], ...] = (
    ("DCX-NETWORK", "DCX", "Brought under the Data Centre Exit program by the steering committee."),
)

# Edits made by the people who run the work, so the history shows more than the administrator.
UPDATES: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "sofia",
        "DCX-MIGRATE",
        {
            "description": "Move the 140 applications of wave 1 to the cloud landing zone; 96 are live, "
            "the rest follow in two cut-over weekends."
        },
    ),
    ("marcus", "CX-PORTAL", {"state": "active"}),
)


# -- schedules ------------------------------------------------------------------------------------
# Each row: (outline level, name, duration, predecessors by row number). Durations and predecessors
# are written as a user types them in the task grid.

ScheduleRow = tuple[int, str, str, str]

#: The demo project that gets a baseline, progress to a status date and a slip after the baseline.
SCHEDULE_TRACKED = "CX-PORTAL"

SCHEDULES: dict[str, tuple[ScheduleRow, ...]] = {
    "CX-PORTAL": (
        (1, "Discovery", "", ""),
        (2, "Stakeholder interviews", "5d", ""),
        (2, "Current-state journey maps", "4d", "2SS+2d"),
        (2, "Requirements signed off", "0d", "2, 3"),
        (1, "Design", "", ""),
        (2, "Information architecture", "5d", "4"),
        (2, "Visual design", "8d", "6SS+3d"),
        (2, "Accessibility review", "3d", "7FF"),
        (2, "Design approved", "0d", "8"),
        (1, "Build", "", ""),
        (2, "Identity and sign-in", "10d", "9"),
        (2, "Invoices and payments", "15d", "11"),
        (2, "Contract changes", "12d", "11"),
        (2, "Service requests", "10d", "11SS+5d"),
        (2, "API gateway hardening", "8d", "11"),
        (1, "Test and launch", "", ""),
        (2, "System integration test", "10d", "12, 13, 14, 15"),
        (2, "User acceptance test", "8d", "17FS-2d"),
        (2, "Security penetration test", "5d", "17SS+5d"),
        (2, "Go-live readiness review", "1d", "18, 19"),
        (2, "Launch", "0d", "20"),
    ),
    "CX-MOBILE": (
        (1, "Mobile discovery", "", ""),
        (2, "App store review of the 2017 app", "3d", ""),
        (2, "Feature parity list", "5d", "2"),
        (1, "Rebuild", "", ""),
        (2, "Shared component library", "15d", "3"),
        (2, "iOS app", "30d", "5SS+10d"),
        (2, "Android app", "30d", "5SS+10d"),
        (2, "Beta programme", "10d", "6, 7"),
        (2, "Store submission", "0d", "8"),
    ),
}


# -- the portal project's charter and deliverables ------------------------------------------------

CHARTER: dict[str, object] = {
    "purpose": "Give customers one place to see invoices, change contracts and raise service requests, "
    "so that routine calls to the contact centre fall and customers get answers at any hour.",
    "scope_in": [
        "Sign-in with the customer identity platform",
        "Invoices and payments",
        "Contract changes",
        "Service requests",
    ],
    "scope_out": ["Mobile apps (see the Mobile App Relaunch)", "Business customers with framework contracts"],
    "success_criteria": [
        "30 % fewer routine calls six months after launch",
        "WCAG 2.2 AA accessibility, confirmed by an external review",
    ],
    "assumptions": ["The CRM consolidation delivers a single customer identifier before the build starts"],
    "constraints": ["Go-live before the end of April", "No change to the billing system's interfaces"],
    "objectives": [
        {
            "description": "Shift routine contacts online",
            "measure": "Routine calls per month",
            "target_value": "30",
            "unit": "% fewer",
            "due_date": "2026-11-30",
        },
        {
            "description": "Customers use the portal",
            "measure": "Active customer accounts",
            "target_value": "50000",
            "unit": "accounts",
            "due_date": "2026-12-31",
        },
    ],
}
CHARTER_SPONSOR = "nina"
CHARTER_MANAGER = "marcus"

#: (name, acceptance criteria, task names, review result or "")
DELIVERABLES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        "Approved design",
        ("Every journey of the requirements has a screen flow", "Accessibility review passed"),
        ("Information architecture", "Visual design", "Accessibility review"),
        "pass",
    ),
    (
        "Customer portal release 1",
        (
            "Invoices, payments, contract changes and service requests work end to end",
            "No open severe defects",
        ),
        ("Invoices and payments", "Contract changes", "Service requests"),
        "",
    ),
)
