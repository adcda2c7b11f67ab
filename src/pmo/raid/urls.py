"""Web pages of RAID logs: the log of a project (workspace section), program or portfolio, and for
each kind the record, detail, edit, delete and link pages (``raid:<kind>``, ``raid:<kind>_edit``...)."""

from django.urls import path

from pmo.raid import views
from pmo.raid.kinds import KINDS

app_name = "raid"

urlpatterns = [
    path("projects/<uuid:uid>/raid/", views.ProjectLogView.as_view(), name="project_log"),
    path("programs/<uuid:uid>/raid/", views.NodeLogView.as_view(node="program"), name="program_log"),
    path("portfolios/<uuid:uid>/raid/", views.NodeLogView.as_view(node="portfolio"), name="portfolio_log"),
    path("raid/links/<uuid:uid>/delete/", views.LinkDeleteView.as_view(), name="link_delete"),
    path("raid/decisions/<uuid:uid>/decide/", views.DecideView.as_view(), name="decision_decide"),
    path("raid/decisions/<uuid:uid>/supersede/", views.SupersedeView.as_view(), name="decision_supersede"),
]
for _kind in KINDS.values():
    _one = f"raid/{_kind.plural}/<uuid:uid>/"
    urlpatterns += [
        path(
            f"raid/<uuid:uid>/{_kind.plural}/new/",
            views.ItemFormView.as_view(kind=_kind),
            name=f"{_kind.key}_create",
        ),
        path(_one, views.ItemDetailView.as_view(kind=_kind), name=_kind.key),
        path(_one + "edit/", views.ItemFormView.as_view(kind=_kind, editing=True), name=f"{_kind.key}_edit"),
        path(_one + "delete/", views.ItemDeleteView.as_view(kind=_kind), name=f"{_kind.key}_delete"),
        path(_one + "links/", views.LinkAddView.as_view(kind=_kind), name=f"{_kind.key}_link"),
    ]
