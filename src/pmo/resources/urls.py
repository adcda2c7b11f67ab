"""Web pages of the resources app (included at the site root by :mod:`pmo.urls`):

* ``portfolios/<uid>/resources/``: the pool of the portfolio ``uid``;
* ``projects/<uid>/resources/``: the Resources section of the project ``uid``.
"""

from django.urls import path

from pmo.resources import views

app_name = "resources"

POOL = "portfolios/<uuid:uid>/resources/"
ONE = POOL + "<uuid:resource_uid>/"
SECTION = "projects/<uuid:uid>/resources/"
ASSIGNMENT = SECTION + "assignments/<uuid:assignment_uid>/"

urlpatterns = [
    path(POOL, views.PoolView.as_view(), name="pool"),
    path(POOL + "new/", views.ResourceFormView.as_view(), name="resource_create"),
    path(ONE + "edit/", views.ResourceFormView.as_view(), name="resource_edit"),
    path(ONE + "delete/", views.ResourceDeleteView.as_view(), name="resource_delete"),
    path(SECTION, views.AssignmentsView.as_view(), name="assignments"),
    path(SECTION + "assign/", views.AssignmentFormView.as_view(), name="assignment_create"),
    path(ASSIGNMENT + "edit/", views.AssignmentFormView.as_view(), name="assignment_edit"),
    path(ASSIGNMENT + "delete/", views.AssignmentDeleteView.as_view(), name="assignment_delete"),
]
