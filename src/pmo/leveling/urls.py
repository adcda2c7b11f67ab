"""Web pages of leveling (included at the site root by :mod:`pmo.urls`):

* ``projects/<uid>/leveling/``: the project workspace section (GET; POST levels the project);
* ``leveling/nodes/<uid>/``: leveling of a program or portfolio (GET; POST levels its projects);
* ``leveling/runs/<uid>/``: one run with its moved tasks, and its ``apply/``, ``discard/``, ``undo/``.
"""

from django.urls import path

from pmo.leveling import views

app_name = "leveling"

RUN = "leveling/runs/<uuid:uid>/"

urlpatterns = [
    path("projects/<uuid:uid>/leveling/", views.ProjectLevelingView.as_view(), name="project"),
    path("leveling/nodes/<uuid:uid>/", views.NodeLevelingView.as_view(), name="node"),
    path(RUN, views.RunView.as_view(), name="run"),
    path(RUN + "apply/", views.RunActionView.as_view(verb="apply"), name="apply"),
    path(RUN + "discard/", views.RunActionView.as_view(verb="discard"), name="discard"),
    path(RUN + "undo/", views.RunActionView.as_view(verb="undo"), name="undo"),
]
