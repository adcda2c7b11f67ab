"""The test machinery itself: fingerprints, query counting, the route walker and the matrix loader."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pmo.accounts.models import ApiToken
from pmo.projects.models import Project
from pmo.testing.authz import AuthzMatrix, load_matrix
from pmo.testing.battery import write_changes, written_tables
from pmo.testing.fingerprint import db_fingerprint, fingerprint_diff
from pmo.testing.queries import assert_max_queries, count_queries
from pmo.testing.routes import all_routes


@pytest.mark.django_db
def test_fingerprint_sees_in_place_changes_but_not_bookkeeping(world) -> None:
    """An UPDATE of one column is caught; sign-in and token-use timestamps are not."""
    before = db_fingerprint()
    ApiToken.objects.update(last_used_at=timezone.now())
    world.users["viewer"].last_login = timezone.now()
    world.users["viewer"].save()
    assert fingerprint_diff(before, db_fingerprint()) == []
    Project.objects.filter(pk=world.a.project.pk).update(description="changed")
    assert fingerprint_diff(before, db_fingerprint()) == ["projects_project: rows changed in place (6 rows)"]


@pytest.mark.django_db
def test_battery_fingerprints_exactly_the_tables_a_request_wrote(world) -> None:
    """The battery names the written tables from the SQL and compares only those: a changed row is
    caught, a token's last use (an ignored column) and a read are not."""
    baseline = db_fingerprint()
    with CaptureQueriesContext(connection) as captured:
        list(Project.objects.all())
        ApiToken.objects.update(last_used_at=timezone.now())
    assert written_tables(captured.captured_queries) == {"accounts_apitoken"}
    assert write_changes(baseline, written_tables(captured.captured_queries)) == []
    with CaptureQueriesContext(connection) as captured:
        Project.objects.filter(pk=world.a.project.pk).update(description="changed")
        world.a.project.refresh_from_db()
    tables = written_tables(captured.captured_queries)
    assert tables == {"projects_project"}
    assert write_changes(baseline, tables) == ["projects_project: rows changed in place (6 rows)"]
    assert written_tables([{"sql": "UPDATE unquoted SET x = 1"}]) == {"*"}


@pytest.mark.django_db
def test_query_helpers_count_and_report() -> None:
    """``count_queries`` counts; ``assert_max_queries`` fails listing the SQL."""
    with count_queries() as log:
        list(Project.objects.all())
        list(Project.objects.all())
    assert len(log) == 2

    def two_queries() -> None:
        with assert_max_queries(1):
            list(Project.objects.all())
            list(Project.objects.all())

    with pytest.raises(AssertionError, match=r"expected at most 1 queries, ran 2:\n  1\. SELECT"):
        two_queries()


def test_route_walker_finds_pages_fragments_and_api() -> None:
    """Every kind of route is found, with its kwargs, regex (DRF) or path converters alike."""
    routes = {route.name: route for route in all_routes()}
    assert routes["projects:detail"].kind == "page"
    assert routes["projects:detail"].kwarg_names == ("uid",)
    assert routes["projects:detail"].converter_kind("uid") == "uuid"
    assert routes["portfolios:nav"].kind == "fragment"
    assert routes["api:project-detail"].kind == "api"
    assert routes["api:project-detail"].kwarg_names == ("uid",)
    assert {"GET", "PATCH", "DELETE"} <= (routes["api:project-detail"].allowed_methods() or set())


def test_matrix_rejects_unknown_roles() -> None:
    """A typo in the matrix is an error, not a silently denied role."""
    with pytest.raises(ValueError, match="unknown roles"):
        AuthzMatrix({"objects": {"x": {"actions": {"view": ["viewr"]}}}})
    matrix = load_matrix()
    assert matrix.allows("project", "edit", "manager")
    assert not matrix.allows("project", "edit", "contributor")
    with pytest.raises(KeyError, match="not in"):
        matrix.allows("project", "teleport", "manager")
