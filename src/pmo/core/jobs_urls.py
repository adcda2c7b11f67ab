"""URLs of the background jobs pages (included at ``jobs/``)."""

from django.urls import path

from pmo.core import jobs_views

app_name = "jobs"

urlpatterns = [
    path("", jobs_views.job_list, name="list"),
    path("scope-check/", jobs_views.job_start_scope_check, name="start-scope-check"),
    path("<uuid:uid>/", jobs_views.job_detail, name="detail"),
]
