"""Routes of the people-and-access API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.accounts.api.views import (
    ApiTokenViewSet,
    AuditRecordViewSet,
    MembershipViewSet,
    TeamViewSet,
    UserViewSet,
)

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")
router.register("teams", TeamViewSet, basename="team")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("tokens", ApiTokenViewSet, basename="token")
router.register("audit", AuditRecordViewSet, basename="audit")

urlpatterns = router.urls
