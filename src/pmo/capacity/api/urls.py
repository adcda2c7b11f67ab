"""Routes of the capacity API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from django.urls import path

from pmo.capacity.api.views import CapacityCellView, CapacityView

urlpatterns = [
    path("capacity/", CapacityView.as_view(), name="capacity"),
    path("capacity/cell/", CapacityCellView.as_view(), name="capacity-cell"),
]
