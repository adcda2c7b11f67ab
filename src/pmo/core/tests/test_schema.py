"""The committed OpenAPI schema is exactly what the code generates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from pmo.testing.openapi import SCHEMA_PATH

REGENERATE = "PMO_DATA_DIR=/tmp/pmo-api .venv/bin/pmo spectacular --file schema/openapi.yaml --validate"


def test_committed_schema_matches_the_generated_one(tmp_path: Path) -> None:
    # given the schema generated from the code now
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    # then the committed file is identical
    assert SCHEMA_PATH.exists(), f"schema/openapi.yaml is missing; generate it with: {REGENERATE}"
    assert SCHEMA_PATH.read_text() == generated.read_text(), (
        f"schema/openapi.yaml is stale; regenerate it with: {REGENERATE}"
    )


def test_every_error_response_in_the_schema_is_problem_json() -> None:
    # given the committed schema
    import yaml

    schema = yaml.safe_load(SCHEMA_PATH.read_text())
    # then every 4xx answer of every operation is application/problem+json with the Problem body
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    content = response["content"]
                    assert list(content) == ["application/problem+json"], (path, method, code)
                    assert content["application/problem+json"]["schema"] == {
                        "$ref": "#/components/schemas/Problem"
                    }


@pytest.mark.django_db
def test_api_docs_page_runs_under_the_csp_without_inline_script(client: Client) -> None:
    # given the interactive API page
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    # then every script is a file from this site (script-src 'self' allows it, no inline code)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL)
    assert scripts
    for attributes, body in scripts:
        assert 'src="/' in attributes and not body.strip()
    assert "script-src 'self'" in page["Content-Security-Policy"]
    # and the start-up script and the assets it names are served from installed packages
    start = client.get("/api/v1/docs/?script=")
    assert start.status_code == 200
    assert start["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in start.content.decode()
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
