"""The page frame: layout, CSP-friendly scripts, htmx set-up, error pages and vendored assets."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_needs_a_login(client):
    response = client.get(reverse("core:home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_layout_has_skip_link_search_user_menu_and_nonced_scripts(world, persona_client):
    response = persona_client("viewer").get(reverse("portfolios:overview"))
    body = response.content.decode()
    assert 'href="#main"' in body
    assert 'role="search"' in body
    assert reverse("accounts:tokens") in body
    assert 'hx-get="/portfolios/nav/"' in body
    assert "includeIndicatorStyles" in body
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>", body)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag or 'type="application/json"' in tag for tag in scripts)
    assert "django_htmx/htmx" in body
    assert not re.search(r"\son[a-z]+=", body)  # no inline event handlers
    assert "cdn" not in body.lower()


def test_jobs_link_only_when_the_page_exists(world, persona_client):
    from django.urls import NoReverseMatch

    body = persona_client("viewer").get(reverse("portfolios:overview")).content.decode()
    try:
        jobs = reverse("jobs:list")
    except NoReverseMatch:
        assert "Background jobs" not in body
    else:
        assert jobs in body


def test_friendly_404_without_traceback(world, persona_client):
    response = persona_client("viewer").get("/projects/00000000-0000-0000-0000-000000000000/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body
    assert "Traceback" not in body


def test_plotly_is_served_from_the_installed_package():
    assert finders.find("vendor/plotly/plotly.min.js")
    assert finders.find("pmo/pmo.css")
    assert finders.find("pmo/pmo.js")
