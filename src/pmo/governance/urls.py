"""Web pages of governance: tolerances of a project (workspace section) or program, exceptions and
notifications."""

from django.urls import path

from pmo.governance import views

app_name = "governance"

E = "exceptions/<uuid:uid>/"

urlpatterns = [
    path("projects/<uuid:uid>/tolerances/", views.ProjectTolerancesView.as_view(), name="project"),
    path("programs/<uuid:uid>/tolerances/", views.ProgramTolerancesView.as_view(), name="program"),
    path("tolerances/<uuid:uid>/delete/", views.ToleranceDeleteView.as_view(), name="tolerance_delete"),
    path("exceptions/", views.ExceptionListView.as_view(), name="exceptions"),
    path("exceptions/notifications/read/", views.NotificationsReadView.as_view(), name="notifications_read"),
    path(E, views.ExceptionView.as_view(), name="exception"),
    path(E + "acknowledge/", views.ExceptionAcknowledgeView.as_view(), name="exception_acknowledge"),
    path(E + "decide/", views.ExceptionDecideView.as_view(), name="exception_decide"),
    path(E + "close/", views.ExceptionCloseView.as_view(), name="exception_close"),
]
