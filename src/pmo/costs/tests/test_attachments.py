"""Receipt and invoice files on cost entries: what is kept (PDF, PNG, JPEG, plain text, recognised
from the bytes), what is refused with a message naming the file (HTML or SVG whatever the name,
executables, oversize, a name that lies), how it is served (attachment, nosniff, sandbox CSP), and
who may do what (404 outside the project)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from pmo.core.errors import DomainRuleError
from pmo.core.selectors import history_of
from pmo.costs.attachments import sanitize_name
from pmo.costs.models import CostEntryAttachment
from pmo.costs.services import cost_attachment_add, cost_attachment_delete
from pmo.testing.doctests import run_examples
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import schema_client
from pmo.testing.personas import World

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
JPEG = b"\xff\xd8\xff\xe0" + bytes(32)
TEXT = "Taxi 12,50 € — merci\n".encode()
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64)


def test_the_module_examples_hold() -> None:
    result = run_examples("pmo.costs.attachments")
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("/etc/shadow.txt", "shadow.txt"),
        ("x\x00.png", "x.png"),
        ("bill\u202efdp.exe", "billfdp.exe"),
        (".hidden.pdf", "hidden.pdf"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
        ("", "attachment"),
    ],
)
def test_names_are_sanitised(name: str, expected: str) -> None:
    assert sanitize_name(name) == expected


# -- service ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("receipt.pdf", PDF, "application/pdf"),
        ("scan.png", PNG, "image/png"),
        ("photo.JPG", JPEG, "image/jpeg"),
        ("note.txt", TEXT, "text/plain"),
    ],
)
def test_allowed_files_are_kept_with_their_detected_type(
    world: World, name: str, content: bytes, kind: str
) -> None:
    entry = world.a.obj("cost_entry")
    kept = cost_attachment_add(actor=world.users["contributor"], entry=entry, name=name, content=content)
    stored = CostEntryAttachment.objects.get(pk=kept.pk)
    assert (stored.file_name, stored.content_type, stored.size) == (name, kind, len(content))
    assert bytes(stored.data) == content
    record = history_of(stored).first()
    assert record.changes["file_name"] == [None, name]
    assert "data" not in record.changes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("invoice.pdf", HTML, "invoice.pdf is not a PDF, PNG, JPEG or plain text file (it holds HTML"),
        ("logo.png", SVG, "logo.png is not a PDF, PNG, JPEG or plain text file (it holds HTML"),
        ("page.html", HTML, "page.html is not a PDF"),
        ("setup.pdf", EXE, "setup.pdf is not a PDF, PNG, JPEG or plain text file; it was not kept."),
        ("scan.pdf", PNG, "scan.pdf holds a PNG image but its name ends in .pdf; rename it to .png."),
        ("notes.html", TEXT, "notes.html holds plain text but its name ends in .html"),
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("../../x.pdf", HTML, "x.pdf is not a PDF"),
    ],
)
def test_hostile_or_mislabelled_files_are_refused_naming_the_file(
    world: World, name: str, content: bytes, says: str
) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        cost_attachment_add(
            actor=world.users["contributor"], entry=world.a.obj("cost_entry"), name=name, content=content
        )
    assert refused.value.field == "file"
    assert says in refused.value.message
    assert_fingerprint_unchanged(before)


@pytest.mark.django_db
@override_settings(PMO_ATTACHMENT_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused(world: World) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        cost_attachment_add(
            actor=world.users["contributor"],
            entry=world.a.obj("cost_entry"),
            name="big.pdf",
            content=PDF + bytes(1024),
        )
    assert refused.value.field == "file" and "big.pdf is larger than the limit" in refused.value.message
    assert_fingerprint_unchanged(before)


@pytest.mark.django_db
def test_viewers_cannot_attach_and_contributors_cannot_remove(world: World) -> None:
    before = db_fingerprint()
    attachment = world.a.obj("cost_attachment")
    with pytest.raises(PermissionDenied):
        cost_attachment_add(
            actor=world.users["viewer"], entry=world.a.obj("cost_entry"), name="r.pdf", content=PDF
        )
    with pytest.raises(PermissionDenied):
        cost_attachment_delete(
            actor=world.users["contributor"], attachment=attachment, expected_version=attachment.version
        )
    assert_fingerprint_unchanged(before)


# -- pages ------------------------------------------------------------------------------------------


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def upload_url(world: World) -> str:
    return reverse(
        "costs:attachment_upload",
        kwargs={"uid": world.a.project.uid, "entry_uid": world.a.obj("cost_entry").uid},
    )


@pytest.mark.django_db
def test_a_contributor_uploads_on_the_entry_row_and_a_viewer_downloads_it_safely(world: World) -> None:
    upload = SimpleUploadedFile("taxi.txt", TEXT, content_type="text/html")  # the browser's claim is ignored
    response = client_for(world, "contributor").post(upload_url(world), {"file": upload})
    assert response.status_code == 302
    kept = CostEntryAttachment.objects.get(entry=world.a.obj("cost_entry"), file_name="taxi.txt")
    page = client_for(world, "viewer").get(reverse("costs:cost", kwargs={"uid": world.a.project.uid}))
    download = reverse("costs:attachment", kwargs={"uid": world.a.project.uid, "attachment_uid": kept.uid})
    assert download in page.content.decode()
    got = client_for(world, "viewer").get(download)
    assert got.status_code == 200
    assert got.content == TEXT
    assert got["Content-Type"] == "text/plain; charset=utf-8"
    assert got["Content-Disposition"].startswith('attachment; filename="taxi.txt"')
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.django_db
def test_html_disguised_as_pdf_is_refused_on_the_page_with_the_files_name(world: World) -> None:
    before = db_fingerprint()
    upload = SimpleUploadedFile("invoice.pdf", HTML, content_type="application/pdf")
    response = client_for(world, "contributor").post(upload_url(world), {"file": upload})
    assert response.status_code == 400
    assert "invoice.pdf is not a PDF, PNG, JPEG or plain text file" in response.content.decode()
    assert_fingerprint_unchanged(before)


@pytest.mark.django_db
@override_settings(PMO_ATTACHMENT_MAX_BYTES=2048)
def test_an_oversize_upload_is_refused_on_the_page(world: World) -> None:
    before = db_fingerprint()
    upload = SimpleUploadedFile("huge.pdf", PDF + bytes(4096), content_type="application/pdf")
    response = client_for(world, "contributor").post(upload_url(world), {"file": upload})
    assert response.status_code == 400
    assert "huge.pdf is larger than the limit" in response.content.decode()
    assert_fingerprint_unchanged(before)


@pytest.mark.django_db
def test_another_projects_file_is_not_found_through_this_project_or_by_an_outsider(world: World) -> None:
    other = world.b.obj("cost_attachment")
    mixed = reverse("costs:attachment", kwargs={"uid": world.a.project.uid, "attachment_uid": other.uid})
    assert client_for(world, "pmo_admin").get(mixed).status_code == 404
    own = reverse("costs:attachment", kwargs={"uid": world.b.project.uid, "attachment_uid": other.uid})
    assert client_for(world, "manager").get(own).status_code == 404


@pytest.mark.django_db
def test_a_manager_removes_a_file(world: World) -> None:
    attachment = world.a.obj("cost_attachment")
    url = reverse(
        "costs:attachment_delete", kwargs={"uid": world.a.project.uid, "attachment_uid": attachment.uid}
    )
    assert client_for(world, "contributor").post(url, {"version": attachment.version}).status_code == 403
    assert client_for(world, "manager").post(url, {"version": attachment.version}).status_code == 302
    assert not CostEntryAttachment.objects.filter(pk=attachment.pk).exists()


# -- API --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_takes_a_multipart_upload_and_serves_the_download(world: World) -> None:
    client = schema_client(world, "contributor")
    client.check_schema = False
    entry = world.a.obj("cost_entry")
    upload = SimpleUploadedFile("scan.png", PNG, content_type="image/png")
    created = client.post(
        "/api/v1/cost-attachments/", {"entry": str(entry.uid), "file": upload}, format="multipart"
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["file_name"], data["content_type"], data["size"], data["entry"]) == (
        "scan.png",
        "image/png",
        len(PNG),
        str(entry.uid),
    )
    got = client.get(f"/api/v1/cost-attachments/{data['uid']}/download/")
    assert got.status_code == 200 and got.content == PNG
    assert got["Content-Disposition"].startswith("attachment;")
    assert got["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_api_refuses_an_svg_named_png_by_field(world: World) -> None:
    client = schema_client(world, "contributor")
    client.check_schema = False
    before = db_fingerprint()
    upload = SimpleUploadedFile("logo.png", SVG, content_type="image/png")
    refused = client.post(
        "/api/v1/cost-attachments/",
        {"entry": str(world.a.obj("cost_entry").uid), "file": upload},
        format="multipart",
    )
    assert refused.status_code == 400
    assert "file" in {error["field"] for error in refused.json()["errors"]}
    assert "logo.png is not a PDF" in refused.content.decode()
    assert_fingerprint_unchanged(before)


@pytest.mark.django_db
def test_the_api_hides_other_portfolios_files(world: World) -> None:
    client = schema_client(world, "viewer")
    client.check_schema = False
    other = world.b.obj("cost_attachment")
    uids = {row["uid"] for row in client.get("/api/v1/cost-attachments/").json()["results"]}
    assert str(world.a.obj("cost_attachment").uid) in uids and str(other.uid) not in uids
    assert client.get(f"/api/v1/cost-attachments/{other.uid}/download/").status_code == 404
