"""Import and export pages: upload → preview → apply or discard, refusals, the column mapping, a
background apply with progress, downloads with safe headers, and the upload cap."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from pmo.projects.models import Project, Task
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import refreshed
from pmo.testing.personas import World
from pmo.transfers.choices import ImportStatus
from pmo.transfers.models import ImportRun
from pmo.transfers.tests.samples import XXE, tiny_csv, tiny_mspdi

pytestmark = pytest.mark.django_db
NAMES = ("Survey the site", "Lay foundations", "Handover")


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The module's shared world, re-read (each test rolls its writes back)."""
    return refreshed(shared_world)


@pytest.fixture
def manager(world: World, shared_persona_client: Any) -> Any:
    """A's manager, signed in."""
    return shared_persona_client("manager")


def upload(data: bytes, name: str = "plan.xml") -> SimpleUploadedFile:
    """A file as the browser would post it."""
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def latest_import() -> ImportRun:
    """The import stored last."""
    return ImportRun.objects.order_by("-id").first()  # type: ignore[return-value]


def names_of(project: Project) -> list[str]:
    """The project's task names in row order."""
    return list(Task.objects.filter(project=project).order_by("position").values_list("name", flat=True))


def test_upload_over_a_project_previews_then_apply_writes_the_tasks(world: World, manager: Any) -> None:
    """Given a manager, when they upload a plan over A's project, then the preview names the tasks to
    add and nothing changes until they apply; applying lands on the tasks with the imported rows."""
    project = world.a.project
    before = names_of(project)
    response = manager.post(
        reverse("transfers:project_import", kwargs={"uid": project.uid}),
        {"file": upload(tiny_mspdi(tasks=NAMES))},
    )
    run = latest_import()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfers:import", kwargs={"uid": run.uid})
    assert names_of(project) == before  # nothing written by the preview

    page = manager.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "Survey the site" in body and "Lay foundations" in body
    assert 'data-figure="tasks">3<' in body
    assert run.preview["changes"]["added"] == 3

    applied = manager.post(
        reverse("transfers:import_apply", kwargs={"uid": run.uid}), {"version": run.version}
    )
    assert applied.status_code == 302
    assert applied["Location"] == reverse("projects:tasks", kwargs={"uid": project.uid})
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert [name for name in names_of(project) if name in NAMES] == list(NAMES)
    tasks_page = manager.get(applied["Location"])
    assert "Survey the site" in tasks_page.content.decode()


def test_a_second_import_over_the_project_shows_what_changes(world: World, manager: Any) -> None:
    """Given a plan imported once, when a version with one task renamed is uploaded, then every task
    matches by the UID recorded at the first import and the preview names the renamed one."""
    project = world.a.project
    url = reverse("transfers:project_import", kwargs={"uid": project.uid})
    manager.post(url, {"file": upload(tiny_mspdi(tasks=NAMES))})
    first = latest_import()
    manager.post(reverse("transfers:import_apply", kwargs={"uid": first.uid}), {"version": first.version})

    manager.post(url, {"file": upload(tiny_mspdi(tasks=("Survey the site", "Pour slab", "Handover")))})
    second = latest_import()
    page = manager.get(reverse("transfers:import", kwargs={"uid": second.uid})).content.decode()
    changes = second.preview["changes"]
    assert (changes["added"], changes["updated"], changes["removed"]) == (0, 3, 0)
    assert changes["changed_tasks"] == [{"name": "Pour slab", "fields": ["name"]}]
    assert "Pour slab" in page


def test_discard_writes_nothing_to_the_project(world: World, manager: Any) -> None:
    """Given a previewed import, when the manager discards it, then the project is unchanged and the
    stored file is dropped."""
    project = world.a.project
    before = names_of(project)
    manager.post(
        reverse("transfers:project_import", kwargs={"uid": project.uid}), {"file": upload(tiny_mspdi())}
    )
    run = latest_import()
    response = manager.post(
        reverse("transfers:import_discard", kwargs={"uid": run.uid}), {"version": run.version}
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.DISCARDED
    assert bytes(ImportRun.objects.values_list("content", flat=True).get(pk=run.pk)) == b""
    assert names_of(project) == before


def test_a_refused_file_is_a_422_form_error_and_nothing_is_stored(world: World, manager: Any) -> None:
    """Given an MS Project XML file with an external entity, when uploaded, then the page answers 422
    with the reason at the file field and the database is unchanged."""
    baseline = db_fingerprint()
    response = manager.post(
        reverse("transfers:project_import", kwargs={"uid": world.a.project.uid}),
        {"file": upload(XXE, "evil.xml")},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "cannot be imported" in body
    assert "root:" not in body  # no file content leaks
    assert_fingerprint_unchanged(baseline, "refused upload")


def test_a_stale_apply_is_409(world: World, manager: Any) -> None:
    """Given an import remapped since the page was read, when the old page's Apply is sent, then 409."""
    run = ImportRun.objects.get(pk=world.a.obj("import").pk)
    response = manager.post(
        reverse("transfers:import_apply", kwargs={"uid": run.uid}), {"version": run.version + 5}
    )
    assert response.status_code == 409
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED


def test_new_project_import_creates_the_project_on_apply(world: World, manager: Any) -> None:
    """Given the program's manager, when they import a file as project NEW-1, then the project exists
    only after Apply, with the file's tasks."""
    program = world.a.program
    form = manager.get(reverse("transfers:import_new") + f"?parent={program.uid}")
    assert form.status_code == 200
    assert f'value="{program.uid}" selected' in form.content.decode()
    response = manager.post(
        reverse("transfers:import_new") + f"?parent={program.uid}",
        {
            "parent": str(program.uid),
            "code": "NEW-1",
            "name": "",
            "file": upload(tiny_mspdi(name="From MSP")),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    run = latest_import()
    assert not Project.objects.filter(code="NEW-1").exists()
    manager.post(reverse("transfers:import_apply", kwargs={"uid": run.uid}), {"version": run.version})
    project = Project.objects.get(code="NEW-1")
    assert project.name == "From MSP"
    assert project.scope.path.startswith(program.scope.path)
    assert names_of(project) == ["Design", "Build", "Ship"]


def test_new_project_with_a_taken_code_is_refused(world: World, manager: Any) -> None:
    """Given a code already in use, when importing a new project with it, then 422 names the code."""
    response = manager.post(
        reverse("transfers:import_new"),
        {"parent": str(world.a.program.uid), "code": world.a.project.code, "file": upload(tiny_mspdi())},
    )
    assert response.status_code == 422
    assert "already exists" in response.content.decode()


def test_csv_columns_can_be_remapped_before_apply(world: World, manager: Any) -> None:
    """Given a CSV whose duration column has an unusual header, when the manager maps it in the
    preview, then the file is read again with that mapping and the durations are imported."""
    program = world.a.program
    manager.post(
        reverse("transfers:import_new"),
        {"parent": str(program.uid), "code": "CSV-1", "file": upload(tiny_csv(), "tasks.csv")},
    )
    run = latest_import()
    page = manager.get(reverse("transfers:import", kwargs={"uid": run.uid})).content.decode()
    assert "How long" in page and 'name="map_duration"' in page
    remap = manager.post(
        reverse("transfers:import_remap", kwargs={"uid": run.uid}),
        {"version": run.version, "map_name": "0", "map_duration": "1", "map_predecessors": "2"},
    )
    assert remap.status_code == 302
    run.refresh_from_db()
    assert run.options["mapping"] == {"name": 0, "duration": 1, "predecessors": 2}
    manager.post(reverse("transfers:import_apply", kwargs={"uid": run.uid}), {"version": run.version})
    project = Project.objects.get(code="CSV-1")
    durations = dict(Task.objects.filter(project=project).values_list("name", "duration_minutes"))
    assert durations == {"Survey": 960, "Dig": 1440, "Pour": 480}


def test_a_mapping_that_feeds_two_fields_from_one_column_is_refused(world: World, manager: Any) -> None:
    """Given a CSV import, when one column is chosen for two fields, then 400 says so and nothing changes."""
    manager.post(
        reverse("transfers:import_new"),
        {"parent": str(world.a.program.uid), "code": "CSV-2", "file": upload(tiny_csv(), "tasks.csv")},
    )
    run = latest_import()
    response = manager.post(
        reverse("transfers:import_remap", kwargs={"uid": run.uid}),
        {"version": run.version, "map_name": "0", "map_notes": "0"},
    )
    assert response.status_code == 400
    assert "already feeds" in response.content.decode()
    assert ImportRun.objects.get(pk=run.pk).version == run.version


@override_settings(PMO_IMPORT_BACKGROUND_TASKS=0)
def test_background_apply_shows_progress_then_the_project(
    world: World, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Given imports above 0 tasks run in the background, when the manager applies, then the page
    polls a progress bar every second until the job ends, then links to the project's tasks."""
    run = ImportRun.objects.get(pk=world.a.obj("import").pk)
    url = reverse("transfers:import", kwargs={"uid": run.uid})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = manager.post(
            reverse("transfers:import_apply", kwargs={"uid": run.uid}), {"version": run.version}
        )
    assert response.status_code == 302 and response["Location"] == url
    run.refresh_from_db()
    assert run.status == ImportStatus.QUEUED and run.job is not None

    waiting = manager.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "<progress" in waiting
    assert "<html" not in waiting  # the partial only

    for callback in callbacks:  # the worker picks the job up
        callback()
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    done = manager.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in done
    assert reverse("projects:tasks", kwargs={"uid": world.a.project.uid}) in done
    assert run.job.progress == 100


def test_only_managers_see_an_import(world: World, shared_persona_client: Any) -> None:
    """Given A's import, then the viewer and the contributor get 403, B's manager 404."""
    url = reverse("transfers:import", kwargs={"uid": world.a.obj("import").uid})
    assert shared_persona_client("viewer").get(url).status_code == 403
    assert shared_persona_client("contributor").get(url).status_code == 403
    assert shared_persona_client("outsider").get(url).status_code == 404


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [
        ("mspdi", "application/xml", "xml"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        ("csv", "text/csv; charset=utf-8", "csv"),
        ("ics", "text/calendar; charset=utf-8", "ics"),
    ],
)
def test_export_downloads_as_an_attachment(
    world: World, shared_persona_client: Any, fmt: str, content_type: str, extension: str
) -> None:
    """Given a viewer of A's project, when they download each format, then it is an attachment with
    an RFC 6266 filename*, nosniff and a sandbox CSP."""
    project = world.a.project
    response = shared_persona_client("viewer").get(
        reverse("transfers:project_export", kwargs={"uid": project.uid, "fmt": fmt})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f"filename*=UTF-8''{project.code}.{extension}" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert len(response.content) > 20


def test_export_of_an_unknown_format_is_404(world: World, shared_persona_client: Any) -> None:
    """Given a project, when asked for a format we do not write, then 404."""
    url = reverse("transfers:project_export", kwargs={"uid": world.a.project.uid, "fmt": "mpp"})
    assert shared_persona_client("viewer").get(url).status_code == 404


def test_workspace_offers_the_export_menu_and_import_to_managers_only(
    world: World, shared_persona_client: Any
) -> None:
    """Given A's project, then every member sees the Export menu, only managers the Import link; the
    program page offers "Import a project" to its managers."""
    tasks = reverse("projects:tasks", kwargs={"uid": world.a.project.uid})
    import_link = reverse("transfers:project_import", kwargs={"uid": world.a.project.uid})
    export_link = reverse("transfers:project_export", kwargs={"uid": world.a.project.uid, "fmt": "mspdi"})
    as_manager = shared_persona_client("manager").get(tasks).content.decode()
    as_viewer = shared_persona_client("viewer").get(tasks).content.decode()
    assert export_link in as_manager and import_link in as_manager
    assert export_link in as_viewer and import_link not in as_viewer
    program = reverse("programs:detail", kwargs={"uid": world.a.program.uid})
    new_import = reverse("transfers:import_new") + f"?parent={world.a.program.uid}"
    assert new_import in shared_persona_client("manager").get(program).content.decode()
    assert new_import not in shared_persona_client("viewer").get(program).content.decode()


@override_settings(PMO_IMPORT_MAX_BYTES=2000)
def test_an_upload_past_the_cap_is_stopped_with_413(world: World, manager: Any) -> None:
    """Given a 2,000-byte cap, when a bigger file is uploaded, then 413 names the limit and nothing
    is stored."""
    count = ImportRun.objects.count()
    big = tiny_mspdi(tasks=tuple(f"Task {n}" for n in range(60)))
    assert len(big) > 2000
    response = manager.post(
        reverse("transfers:project_import", kwargs={"uid": world.a.project.uid}), {"file": upload(big)}
    )
    assert response.status_code == 413
    assert "2,000 bytes" in response.content.decode()
    assert ImportRun.objects.count() == count


def test_the_upload_guard_stops_reading_at_the_cap() -> None:
    """Given the handler, when chunks pass the cap, then it stops the upload (and flags the request)."""
    from django.core.files.uploadhandler import StopUpload
    from django.test import RequestFactory

    from pmo.transfers.views.uploads import CappedUploadHandler, upload_too_big

    request = RequestFactory().post("/")
    with override_settings(PMO_IMPORT_MAX_BYTES=10):
        handler = CappedUploadHandler(request)
        assert handler.receive_data_chunk(b"12345", 0) == b"12345"
        with pytest.raises(StopUpload):
            handler.receive_data_chunk(b"678901", 5)
    assert upload_too_big(request)


GUARDED = [
    "pmo.transfers.views.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]


@pytest.mark.parametrize(
    ("handlers", "status"), [(GUARDED, 413), (GUARDED[1:], 422)], ids=["registered", "django"]
)
def test_with_csrf_checks_an_oversize_upload_is_still_refused(
    world: World, handlers: list[str] | None, status: int
) -> None:
    """Given CSRF checks (which read the body before the view), when a file past the cap is posted,
    then the guard registered in FILE_UPLOAD_HANDLERS (as settings do) stops it at the cap (413);
    without it the capped read still refuses the file before parsing (422). Nothing is stored either way."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["manager"])
    url = reverse("transfers:project_import", kwargs={"uid": world.a.project.uid})
    client.get(url)
    token = client.cookies["csrftoken"].value
    count = ImportRun.objects.count()
    big = tiny_mspdi(tasks=tuple(f"Task {n}" for n in range(60)))
    with override_settings(PMO_IMPORT_MAX_BYTES=2000, FILE_UPLOAD_HANDLERS=handlers):
        response = client.post(url, {"csrfmiddlewaretoken": token, "file": upload(big)})
    assert response.status_code == status
    assert "2,000 bytes" in response.content.decode()
    assert ImportRun.objects.count() == count


@pytest.mark.shared_data
def test_a_p6_file_with_two_projects_offers_the_choice(world: World, manager: Any) -> None:
    """Given a P6 XER file holding two projects, when imported, then the page offers both and the
    manager's choice re-reads the file for that project."""
    from pmo.testing.data import require_shared_data

    path = require_shared_data("xer", "aspose", "MultiprojectWithExternal.xer")
    manager.post(
        reverse("transfers:import_new"),
        {"parent": str(world.a.program.uid), "code": "P6-1", "file": upload(path.read_bytes(), path.name)},
    )
    run = latest_import()
    assert [key for key, _ in run.preview["projects"]] == ["TestProject", "TestProject2"]
    page = manager.get(reverse("transfers:import", kwargs={"uid": run.uid})).content.decode()
    assert 'id="import-project"' in page and 'value="TestProject2"' in page
    response = manager.post(
        reverse("transfers:import_remap", kwargs={"uid": run.uid}),
        {"version": run.version, "project": "TestProject2"},
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.options == {"project": "TestProject2"}
    assert run.version == 2
