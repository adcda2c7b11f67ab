"""The Status section: the draft → override with comment → submit → PDF flow of the acceptance test,
refusals shown at their field (400) with nothing written, downloads as attachments, settings form."""

from __future__ import annotations

import re
import zlib
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.reporting.models import ReportingSettings, StatusReport
from pmo.reporting.services import report_update
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def report_urls(report: StatusReport) -> dict[str, str]:
    kwargs = {"uid": report.project.uid, "report_uid": report.uid}
    names = ("report", "report_edit", "report_submit", "report_pdf", "report_html")
    return {name: reverse(f"reporting:{name}", kwargs=kwargs) for name in names}


def pdf_text(content: bytes) -> str:
    """The text of every (deflated) content stream of a PDF, for assertions (pypdf is not installed)."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            texts.append(zlib.decompressobj().decompress(stream).decode("latin-1"))
        except zlib.error:
            texts.append(stream.decode("latin-1"))
    return "\n".join(texts)


def edit_form(report: StatusReport, **changes: Any) -> dict[str, Any]:
    data = {"version": report.version, "summary": "On track", "achievements": "", "next_period": ""}
    data |= {"decisions_needed": ""}
    data |= {f"{d}_override": "" for d in ("schedule", "cost", "scope", "quality", "risk", "resources")}
    data |= {f"{d}_comment": "" for d in ("schedule", "cost", "scope", "quality", "risk", "resources")}
    return data | changes


def test_viewer_sees_history_but_no_draft_or_submit_buttons(world: World) -> None:
    page = client_for(world, "viewer").get(
        reverse("reporting:project_status", kwargs={"uid": world.a.project.uid})
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Current period" in text and "Draft report" not in text and "Reporting settings" not in text
    report = StatusReport.objects.get(pk=world.a.obj("status_report").pk)
    detail = client_for(world, "viewer").get(report_urls(report)["report"]).content.decode()
    assert report.summary in detail and ">Submit<" not in detail and "Download PDF" in detail


def test_draft_override_with_comment_submit_and_download_the_pdf(world: World) -> None:
    # given the project manager on the Status section of a project that never reported
    client = client_for(world, "manager")
    project = world.a.project_direct
    status_url = reverse("reporting:project_status", kwargs={"uid": project.uid})
    assert "Draft report" in client.get(status_url).content.decode()
    # when they draft the report
    response = client.post(reverse("reporting:report_draft", kwargs={"uid": project.uid}), {"period_end": ""})
    assert response.status_code == 302
    report = StatusReport.objects.get(project=project)
    urls = report_urls(report)
    assert response["Location"] == urls["report"]
    page = client.get(urls["report"]).content.decode()
    assert "Schedule override" in page and ">Submit<" in page and "Save report" in page
    # and override one RAG with a comment, and press Submit (it saves the form, then submits)
    assert page.count(">Submit</button>") == 1
    response = client.post(
        urls["report_edit"],
        edit_form(report, schedule_override="amber", schedule_comment="Vendor is late", action="submit"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.is_submitted
    assert report.final_rag("schedule") == "amber" and report.schedule_comment == "Vendor is late"
    assert report.snapshot["dimensions"][0]["comment"] == "Vendor is late"
    page = client.get(urls["report"]).content.decode()
    assert "frozen snapshot" in page and ">Submit<" not in page and "Vendor is late" in page
    # then the PDF downloads as an attachment and holds the project's name
    pdf = client.get(urls["report_pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert pdf.content.startswith(b"%PDF-")
    text = pdf_text(pdf.content)
    assert project.name in text and "Vendor is late" in text
    # and the history lists it
    assert urls["report_pdf"] in client.get(status_url).content.decode()


@pytest.mark.parametrize("action", ["save", "submit"])
def test_override_without_comment_shows_the_message_at_the_field_and_writes_nothing(
    world: World, action: str
) -> None:
    report = StatusReport.objects.select_related("project").get(pk=world.a.obj("status_report").pk)
    before = db_fingerprint()
    response = client_for(world, "manager").post(
        report_urls(report)["report_edit"], edit_form(report, quality_override="red", action=action)
    )
    assert response.status_code == 400
    assert "a comment is required with an override" in response.content.decode()
    assert_fingerprint_unchanged(before)


def test_saving_keeps_the_report_a_draft(world: World) -> None:
    report = StatusReport.objects.select_related("project").get(pk=world.a.obj("status_report").pk)
    response = client_for(world, "manager").post(
        report_urls(report)["report_edit"],
        edit_form(report, risk_override="red", risk_comment="Key person leaves"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "draft" and report.final_rag("risk") == "red"


def test_submitting_twice_from_the_page_is_refused_with_the_date(world: World) -> None:
    report = StatusReport.objects.select_related("project").get(pk=world.a.obj("status_report").pk)
    client = client_for(world, "manager")
    urls = report_urls(report)
    assert client.post(urls["report_submit"], {"version": report.version}).status_code == 302
    report.refresh_from_db()
    before = db_fingerprint()
    response = client.post(urls["report_submit"], {"version": report.version})
    assert response.status_code == 400
    assert "This report was already submitted on" in response.content.decode()
    again = client.post(urls["report_edit"], edit_form(report, action="submit"))
    assert again.status_code == 400
    assert "This report was already submitted on" in again.content.decode()
    assert_fingerprint_unchanged(before)


def test_html_export_is_a_standalone_download_without_script(world: World) -> None:
    report = StatusReport.objects.select_related("project").get(pk=world.a.obj("status_report").pk)
    response = client_for(world, "viewer").get(report_urls(report)["report_html"])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")
    body = response.content.decode()
    assert body.startswith("<!doctype html>") and "<script" not in body
    assert report.summary in body and "Draft, not submitted." in body


def test_settings_form_saves_and_refuses_a_bad_rule_by_name(world: World) -> None:
    client = client_for(world, "manager")
    url = reverse("reporting:settings", kwargs={"uid": world.a.project.uid})
    settings = ReportingSettings.objects.get(project=world.a.project)
    form = {"version": settings.version, "cadence": "monthly", "anchor": "2026-01-02", "grace_days": "5"}
    before = db_fingerprint()
    refused = client.post(url, form | {"thresholds": '{"cost": {"cpi_red": 1.5}}'})
    assert refused.status_code == 400 and "CPI turns red below 1.5" in refused.content.decode()
    bad_json = client.post(url, form | {"thresholds": "{cost"})
    assert bad_json.status_code == 400 and "not valid JSON" in bad_json.content.decode()
    assert_fingerprint_unchanged(before)
    assert client.post(url, form | {"thresholds": '{"cost": {"cpi_amber": 0.97}}'}).status_code == 302
    settings.refresh_from_db()
    assert (settings.cadence, settings.grace_days, settings.thresholds["cost"]["cpi_amber"]) == (
        "monthly",
        5,
        0.97,
    )


def test_program_and_portfolio_pages_link_to_their_status_pages(world: World) -> None:
    client = client_for(world, "viewer")
    program = client.get(reverse("programs:detail", kwargs={"uid": world.a.program.uid})).content.decode()
    assert reverse("reporting:program_status", kwargs={"uid": world.a.program.uid}) in program
    portfolio = client.get(
        reverse("portfolios:detail", kwargs={"uid": world.a.portfolio.uid})
    ).content.decode()
    assert reverse("reporting:portfolio_status", kwargs={"uid": world.a.portfolio.uid}) in portfolio


def test_pdf_of_a_draft_with_non_latin_text_and_long_words_still_renders(world: World) -> None:
    # given a draft whose narrative holds characters the PDF core fonts lack and a very long word
    report = StatusReport.objects.select_related("project").get(pk=world.a.obj("status_report").pk)
    report_update(
        actor=world.users["manager"],
        report=report,
        data={"summary": "Übergabe ✓ 🚀 " + "x" * 400, "decisions_needed": "Ja\nNein"},
        expected_version=report.version,
    )
    # when it is downloaded as a PDF, then it renders, marked as a draft
    response = client_for(world, "viewer").get(report_urls(report)["report_pdf"])
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "DRAFT" in pdf_text(response.content)
