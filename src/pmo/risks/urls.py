"""Web pages of the risk register: the register, a new risk and the matrix of each kind of node
(``projects/<uid>/risks/``: the workspace's Risks section; ``programs/`` and ``portfolios/``), and
the pages of one risk (``risks/<uid>/``) with its response actions."""

from django.urls import path

from pmo.risks import views

app_name = "risks"

R = "risks/<uuid:uid>/"
A = R + "actions/<uuid:action_uid>/"

urlpatterns = [
    path("projects/<uuid:uid>/risks/", views.ProjectRegisterView.as_view(), name="project_register"),
    path("projects/<uuid:uid>/risks/new/", views.ProjectRiskCreateView.as_view(), name="project_risk_create"),
    path(
        "projects/<uuid:uid>/risks/matrix/", views.MatrixView.as_view(kind="project"), name="project_matrix"
    ),
    path(
        "programs/<uuid:uid>/risks/", views.NodeRegisterView.as_view(kind="program"), name="program_register"
    ),
    path(
        "programs/<uuid:uid>/risks/new/",
        views.NodeRiskCreateView.as_view(kind="program"),
        name="program_risk_create",
    ),
    path(
        "programs/<uuid:uid>/risks/matrix/", views.MatrixView.as_view(kind="program"), name="program_matrix"
    ),
    path(
        "portfolios/<uuid:uid>/risks/",
        views.NodeRegisterView.as_view(kind="portfolio"),
        name="portfolio_register",
    ),
    path(
        "portfolios/<uuid:uid>/risks/new/",
        views.NodeRiskCreateView.as_view(kind="portfolio"),
        name="portfolio_risk_create",
    ),
    path(
        "portfolios/<uuid:uid>/risks/matrix/",
        views.MatrixView.as_view(kind="portfolio"),
        name="portfolio_matrix",
    ),
    path(R, views.RiskDetailView.as_view(), name="detail"),
    path(R + "edit/", views.RiskEditView.as_view(), name="edit"),
    path(R + "close/", views.RiskCloseView.as_view(), name="close"),
    path(R + "reopen/", views.RiskReopenView.as_view(), name="reopen"),
    path(R + "delete/", views.RiskDeleteView.as_view(), name="delete"),
    path(R + "actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path(A + "edit/", views.ActionEditView.as_view(), name="action_edit"),
    path(A + "delete/", views.ActionDeleteView.as_view(), name="action_delete"),
]
