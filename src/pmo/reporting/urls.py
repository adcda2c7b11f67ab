"""Web pages of status reports: the Status section of a project (``projects/<uid>/status/``) and the
status pages of programs and portfolios (``programs/<uid>/status/``, ``portfolios/<uid>/status/``)."""

from django.urls import path

from pmo.reporting import views

app_name = "reporting"

S = "projects/<uuid:uid>/status/"
ONE = S + "reports/<uuid:report_uid>/"

urlpatterns = [
    path(S, views.ProjectStatusView.as_view(), name="project_status"),
    path(S + "draft/", views.ReportDraftView.as_view(), name="report_draft"),
    path(S + "settings/", views.SettingsView.as_view(), name="settings"),
    path(ONE, views.ReportView.as_view(), name="report"),
    path(ONE + "edit/", views.ReportEditView.as_view(), name="report_edit"),
    path(ONE + "submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path(ONE + "pdf/", views.ReportPdfView.as_view(), name="report_pdf"),
    path(ONE + "html/", views.ReportHtmlView.as_view(), name="report_html"),
    path("programs/<uuid:uid>/status/", views.ProgramStatusView.as_view(), name="program_status"),
    path("portfolios/<uuid:uid>/status/", views.PortfolioStatusView.as_view(), name="portfolio_status"),
]
