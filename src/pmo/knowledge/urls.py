"""Web pages of lessons learned: ``projects/<uid>/lessons/`` (the section) and ``lessons/`` (search)."""

from django.urls import path

from pmo.knowledge import views

app_name = "knowledge"

L = "projects/<uuid:uid>/lessons/"

urlpatterns = [
    path("lessons/", views.LessonSearchView.as_view(), name="search"),
    path(L, views.LessonsView.as_view(), name="lessons"),
    path(L + "new/", views.LessonFormView.as_view(), name="lesson_create"),
    path(L + "<uuid:lesson_uid>/edit/", views.LessonFormView.as_view(), name="lesson_edit"),
    path(L + "<uuid:lesson_uid>/delete/", views.LessonDeleteView.as_view(), name="lesson_delete"),
]
