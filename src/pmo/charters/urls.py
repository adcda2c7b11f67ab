"""Web pages of the Charter section, under ``projects/<uid>/charter/`` (``uid``: the project)."""

from django.urls import path

from pmo.charters import views

app_name = "charters"

urlpatterns = [
    path("<uuid:uid>/charter/", views.CharterView.as_view(), name="charter"),
    path("<uuid:uid>/charter/edit/", views.CharterEditView.as_view(), name="edit"),
    path("<uuid:uid>/charter/submit/", views.CharterSubmitView.as_view(), name="submit"),
    path("<uuid:uid>/charter/decide/", views.CharterDecideView.as_view(), name="decide"),
    path("<uuid:uid>/charter/history/", views.CharterHistoryView.as_view(), name="history"),
]
