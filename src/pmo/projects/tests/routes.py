"""Permission-battery routes of the projects app's workspace pages and endpoints.

The WBS area (tasks, links, calendars) lists its routes in ``routes_schedule.py``; tracking
(Gantt, progress, baselines, milestones, feeds) in ``routes_tracking.py``. The project's own
pages are in ``tests/route_registry.py``.
"""

from pmo.projects.tests.routes_schedule import ROUTES as SCHEDULE_ROUTES
from pmo.projects.tests.routes_tracking import ROUTES as TRACKING_ROUTES

ROUTES = [*SCHEDULE_ROUTES, *TRACKING_ROUTES]
