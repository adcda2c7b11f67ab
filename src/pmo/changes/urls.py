"""Web pages of the Changes section, under ``projects/<uid>/changes/`` (``uid``: the project)."""

from django.urls import path

from pmo.changes import views

app_name = "changes"

C = "<uuid:uid>/changes/"
R = C + "<uuid:request_uid>/"

urlpatterns = [
    path(C, views.ChangesView.as_view(), name="list"),
    path(C + "new/", views.ChangeCreateView.as_view(), name="create"),
    path(C + "authority/", views.AuthorityView.as_view(), name="authority"),
    path(R, views.ChangeDetailView.as_view(), name="detail"),
    path(R + "edit/", views.ChangeEditView.as_view(), name="edit"),
    path(R + "operations/new/", views.OperationAddView.as_view(), name="operation_add"),
    path(R + "operations/remove/", views.OperationRemoveView.as_view(), name="operation_remove"),
    path(R + "assess/", views.AssessView.as_view(), name="assess"),
    path(R + "submit/", views.SubmitView.as_view(), name="submit"),
    path(R + "decide/", views.DecideView.as_view(), name="decide"),
    path(R + "apply/", views.ApplyView.as_view(), name="apply"),
    path(R + "withdraw/", views.WithdrawView.as_view(), name="withdraw"),
]
