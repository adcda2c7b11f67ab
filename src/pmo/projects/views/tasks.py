"""The Tasks section: the WBS grid with inline editing (htmx), outline actions and "Paste rows".

One page, one template (``projects/tasks/grid.html``) and its partials. Rows are rendered from
``values()`` dicts prepared here (no model instances, no per-row queries), so the grid costs the
same few queries for 20 rows as for 5,000.

Every write calls a WBS service, which reschedules the project in the same transaction. After a
field edit the answer is the edited row plus out-of-band swaps (``hx-swap-oob``) of every row the
recalculation moved and of the project's dates; after an outline change (insert, delete, indent,
outdent, move, paste) row numbers shift, so the whole grid body comes back. A refusal (a cycle, an
impossible constraint, unreadable text) re-renders the row editor with the message at the row,
the input kept, status 422, and nothing saved; a stale version gives 409 with who changed what.
Without JavaScript the same views answer full pages and redirects.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.services import lock_for_update
from pmo.core.views import stale_notice, wants_fragment
from pmo.interchange.text import format_duration
from pmo.projects.choices import ConstraintType
from pmo.projects.forms.tasks import InsertForm, OutlineForm, PasteForm, TaskRowForm
from pmo.projects.models import Project, Task, WorkCalendar
from pmo.projects.outline import current_rows, subtree_end
from pmo.projects.selectors import predecessor_texts, project_tasks, task_get
from pmo.projects.services import (
    ScheduleChange,
    task_create,
    task_delete,
    task_indent,
    task_move,
    task_outdent,
    task_update,
    tasks_paste,
)
from pmo.projects.workspace import ProjectSectionView

TEMPLATE = "projects/tasks/grid.html"
_PLACEHOLDER = uuid.UUID(int=0)
_IN_LIST_LIMIT = 500
_ROW_FIELDS = (
    "id",
    "uid",
    "position",
    "wbs",
    "outline_level",
    "is_summary",
    "name",
    "notes",
    "duration_minutes",
    "duration_elapsed",
    "estimated",
    "is_milestone",
    "is_manual",
    "is_active",
    "constraint_type",
    "constraint_date",
    "calendar_id",
    "start",
    "finish",
    "scheduled_minutes",
    "total_slack",
    "is_critical",
)
_CONSTRAINT_LABELS = dict(ConstraintType.choices)


def _day(value: dt.datetime | None, tz: dt.tzinfo | None = None) -> tuple[str, str]:
    """(``2026-03-05``, ``Thu 2026-03-05 08:00``) in the site's time zone."""
    if value is None:
        return "", ""
    local = value.astimezone(tz or timezone.get_current_timezone())
    return local.strftime("%Y-%m-%d"), local.strftime("%a %Y-%m-%d %H:%M")


def _slack(minutes: int | None, per_day: int) -> str:
    if minutes is None:
        return ""
    text = format_duration(abs(minutes), minutes_per_day=per_day)
    return f"-{text}" if minutes < 0 else text


def grid_rows(project: Project, ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """The grid's rows (all, or the tasks ``ids``) as display dicts, in outline order (3 queries)."""
    tasks = project_tasks(project)
    wanted = set(ids) if ids is not None else set()
    # A few rows are read by id; a change that moved most of the project reads every row (no IN
    # list of thousands of ids) and skips the others below.
    few = ids is not None and len(wanted) <= _IN_LIST_LIMIT
    if few:
        tasks = tasks.filter(pk__in=list(wanted))
    calendars = dict(WorkCalendar.objects.filter(project=project).values_list("id", "name"))
    predecessors = predecessor_texts(project, wanted if few else None)
    row_base = reverse("projects:task_row", kwargs={"uid": project.uid, "task_uid": _PLACEHOLDER})
    grid_url = reverse("projects:tasks", kwargs={"uid": project.uid})
    per_day = project.minutes_per_day
    tz = timezone.get_current_timezone()
    rows = []
    for task in tasks.values(*_ROW_FIELDS):
        if ids is not None and task["id"] not in wanted:
            continue
        uid = str(task["uid"])
        start, start_title = _day(task["start"], tz)
        finish, finish_title = _day(task["finish"], tz)
        constraint = task["constraint_type"]
        minutes = task["scheduled_minutes"] if task["is_summary"] else task["duration_minutes"]
        constraint_title = ""
        if constraint != "ASAP":
            constraint_title = str(_CONSTRAINT_LABELS.get(constraint, constraint))
            if task["constraint_date"]:
                constraint_title += " " + _day(task["constraint_date"])[1]
        rows.append(
            {
                "id": task["id"],
                "uid": uid,
                "pos": task["position"],
                "wbs": task["wbs"],
                "level": task["outline_level"],
                "name": task["name"],
                "summary": task["is_summary"],
                "milestone": task["is_milestone"],
                "manual": task["is_manual"],
                "inactive": not task["is_active"],
                "duration": format_duration(
                    minutes,
                    elapsed=task["duration_elapsed"],
                    estimated=task["estimated"],
                    minutes_per_day=per_day,
                ),
                "start": start,
                "start_title": start_title,
                "finish": finish,
                "finish_title": finish_title,
                "preds": predecessors.get(task["id"], ""),
                "slack": _slack(task["total_slack"], per_day),
                "critical": task["is_critical"],
                "constraint": "" if constraint == "ASAP" else constraint,
                "constraint_title": constraint_title,
                "calendar": calendars.get(task["calendar_id"], "") if task["calendar_id"] else "",
                "notes": bool(task["notes"]),
                "url": row_base.replace(str(_PLACEHOLDER), uid),
                "edit_url": f"{grid_url}?edit={uid}#t-{uid}",
            }
        )
    return rows


def _changed_ids(change: ScheduleChange) -> set[int]:
    return set(change.touched)


class TaskSectionView(ProjectSectionView):
    """Base of the grid's views: the project, its rows, and the answers every write shares."""

    section = "tasks"
    template_name = TEMPLATE

    def task(self, project: Project) -> Task:
        """The task named by ``task_uid`` in this project (404 otherwise)."""
        return task_get(self.request.user, project, self.kwargs["task_uid"])

    def grid_url(self, project: Project, edit: str | None = None) -> str:
        """The grid page (with the row ``edit`` open in its editor)."""
        url = reverse("projects:tasks", kwargs={"uid": project.uid})
        return f"{url}?edit={edit}#t-{edit}" if edit else url

    def editor_context(
        self,
        project: Project,
        task: Task,
        *,
        form: TaskRowForm | None = None,
        errors: list[str] | None = None,
        stale: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """What the row editor partial needs."""
        calendars = list(WorkCalendar.objects.filter(project=project))
        if form is None:
            initial = TaskRowForm.initial_for(
                task, project, predecessor_texts(project, [task.pk]).get(task.pk, ""), calendars
            )
            form = TaskRowForm(initial=initial, project=project, task=task, calendars=calendars)
        row = next(iter(grid_rows(project, [task.pk])), None)
        messages = list(errors or [])
        if form.is_bound:
            for name, field_errors in form.errors.items():
                label = "" if name == "__all__" else f"{name.replace('_', ' ').capitalize()}: "
                messages.extend(f"Row {task.position}: {label}{error}" for error in field_errors)
        return {
            "form": form,
            "editing": row,
            "row_errors": messages,
            "stale": stale,
            "outline_ops": [("indent", "Indent"), ("outdent", "Outdent"), ("up", "Up"), ("down", "Down")],
        }

    def urls_context(self, project: Project) -> dict[str, Any]:
        """The URLs and rights the grid's partials use."""
        return {
            "can_edit": self.can(project, Role.CONTRIBUTOR),
            "tasks_url": reverse("projects:tasks", kwargs={"uid": project.uid}),
            "outline_url": reverse("projects:tasks_outline", kwargs={"uid": project.uid}),
            "paste_url": reverse("projects:tasks_paste", kwargs={"uid": project.uid}),
            "section_label": "Tasks",
        }

    def grid_context(self, project: Project, *, edit: Task | None = None, **editor: Any) -> dict[str, Any]:
        """The page's context: every row, the open editor (if any), the URLs."""
        context = self.urls_context(project) | {
            "rows": grid_rows(project),
            "edit_uid": str(edit.uid) if edit else "",
        }
        if edit is not None:
            context |= self.editor_context(project, edit, **editor)
        return context

    def answer_grid(
        self, project: Project, *, edit: Task | None = None, status: int = 200, **editor: Any
    ) -> HttpResponse:
        """The grid body (htmx) or the whole page, with ``edit`` open in its editor."""
        project.refresh_from_db()
        context = self.grid_context(project, edit=edit, **editor) | {"oob": wants_fragment(self.request)}
        return self.render_section(project, context, fragment="grid-body", status=status)

    def after_outline_change(self, project: Project, task: Task | None) -> HttpResponse:
        """After an insert, delete, indent, outdent, move or paste: the whole body, or a redirect."""
        if wants_fragment(self.request):
            return self.answer_grid(project, edit=task)
        return HttpResponseRedirect(self.grid_url(project, str(task.uid) if task else None), status=303)


class TaskGridView(TaskSectionView):
    """``GET``: the grid (``?edit=<task uid>`` opens a row's editor). ``POST``: insert a task or a
    milestone above a row (or at the end), opened in its editor."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The grid page."""
        project = self.get_project()
        edit = None
        wanted = request.GET.get("edit", "")
        if wanted and self.can(project, Role.CONTRIBUTOR):
            try:
                edit = task_get(request.user, project, uuid.UUID(wanted))
            except ValueError:
                edit = None
        return self.render_section(project, self.grid_context(project, edit=edit))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Insert a row through :func:`~pmo.projects.services.task_create`."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        form = InsertForm(request.POST)
        if not form.is_valid():
            return self.answer_grid(project, status=422)
        before = None
        if form.cleaned_data["task"]:
            before = task_get(request.user, project, form.cleaned_data["task"])
        milestone = form.cleaned_data["milestone"]
        name = form.cleaned_data["name"] or ("New milestone" if milestone else "New task")
        try:
            change = task_create(
                actor=request.user,
                project=project,
                name=name,
                before=before,
                duration_minutes=0 if milestone else project.minutes_per_day,
                is_milestone=milestone,
            )
        except (DomainRuleError, ValidationError) as error:
            return self.answer_grid(project, edit=before, errors=[_message(error)], status=422)
        return self.after_outline_change(project, change.task)


def _message(error: Exception) -> str:
    if isinstance(error, DomainRuleError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class TaskRowView(TaskSectionView):
    """One row. ``GET``: the row (``?edit=1``: its editor). ``POST``: save the editor."""

    def get(self, request: HttpRequest, uid: Any, task_uid: Any) -> HttpResponse:
        """The row as displayed, or its editor (contributors)."""
        project = self.get_project()
        task = self.task(project)
        if request.GET.get("edit"):
            self.require(project, Role.CONTRIBUTOR)
            if not wants_fragment(request):
                return HttpResponseRedirect(self.grid_url(project, str(task.uid)))
            return self.render_section(
                project, self.urls_context(project) | self.editor_context(project, task), fragment="editor"
            )
        if not wants_fragment(request):
            return HttpResponseRedirect(f"{self.grid_url(project)}#t-{task.uid}")
        rows = grid_rows(project, [task.pk])
        return self.render_section(project, self.urls_context(project) | {"row": rows[0]}, fragment="row")

    def post(self, request: HttpRequest, uid: Any, task_uid: Any) -> HttpResponse:
        """Save the row through :func:`~pmo.projects.services.task_update`."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        task = self.task(project)
        calendars = list(WorkCalendar.objects.filter(project=project))
        form = TaskRowForm(request.POST, project=project, task=task, calendars=calendars)
        if not form.is_valid():
            return self.refuse(project, task, form=form)
        try:
            change = task_update(actor=request.user, task=task, **form.service_arguments())
        except StaleVersionError as error:
            current = self.task(project)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = TaskRowForm(data, project=project, task=current, calendars=calendars)
            form.is_valid()
            return self.refuse(project, current, form=form, stale=stale_notice(error, current), status=409)
        except (DomainRuleError, ValidationError) as error:
            return self.refuse(project, task, form=form, errors=[_message(error)])
        if not wants_fragment(request):
            return HttpResponseRedirect(f"{self.grid_url(project)}#t-{task.uid}", status=303)
        project.refresh_from_db()
        changed = _changed_ids(change) | {task.pk}
        rows = grid_rows(project, changed)
        edited = next(row for row in rows if row["id"] == task.pk)
        others = [row | {"oob": True} for row in rows if row["id"] != task.pk]
        context = {"row": edited, "oob_rows": others, "can_edit": True, "oob": True}
        return render(request, f"{TEMPLATE}#changed", self.workspace_context(project) | context)

    def refuse(self, project: Project, task: Task, *, status: int = 422, **editor: Any) -> HttpResponse:
        """The editor again, with the message at the row and the input kept; nothing was saved."""
        if not wants_fragment(self.request):
            return self.answer_grid(project, edit=task, status=status, **editor)
        context = self.urls_context(project) | self.editor_context(project, task, **editor)
        return self.render_section(project, context, fragment="editor", status=status)


class TaskDeleteView(TaskSectionView):
    """``GET``: ask to confirm (a row in the grid, or a page). ``POST``: delete the row and its
    subtasks through :func:`~pmo.projects.services.task_delete`."""

    def context(self, project: Project, task: Task) -> dict[str, Any]:
        """The confirmation: the row, how many subtasks go with it."""
        rows = current_rows(project.pk)
        index = next(i for i, (pk, _) in enumerate(rows) if pk == task.pk)
        return {
            "doomed": task,
            "subtasks": subtree_end(rows, index) - index - 1,
            "delete_url": reverse("projects:task_delete", kwargs={"uid": project.uid, "task_uid": task.uid}),
            "row_url": reverse("projects:task_row", kwargs={"uid": project.uid, "task_uid": task.uid}),
            "tasks_url": self.grid_url(project),
            "section_label": "Delete a task",
        }

    def get(self, request: HttpRequest, uid: Any, task_uid: Any) -> HttpResponse:
        """The confirmation."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        task = self.task(project)
        return self.render_section(
            project,
            self.context(project, task),
            fragment="confirm",
            template_name="projects/tasks/delete.html",
        )

    def post(self, request: HttpRequest, uid: Any, task_uid: Any) -> HttpResponse:
        """Delete, then the grid body (or a redirect)."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        task = self.task(project)
        version = request.POST.get("version", "")
        try:
            task_delete(
                actor=request.user, task=task, expected_version=int(version) if version.isdigit() else None
            )
        except StaleVersionError as error:
            return self.answer_grid(
                project, edit=self.task(project), stale=stale_notice(error, task), status=409
            )
        except DomainRuleError as error:
            return self.answer_grid(project, edit=task, errors=[error.message], status=422)
        return self.after_outline_change(project, None)


class TaskOutlineView(TaskSectionView):
    """``POST``: indent, outdent, move up or down, or move above row N (the row's subtasks go with
    it); the row stays open in its editor so the action can be repeated."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Run the outline action through the WBS services."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        form = OutlineForm(request.POST)
        if not form.is_valid():
            return self.answer_grid(project, status=422)
        task = task_get(request.user, project, form.cleaned_data["task"])
        try:
            self.run(
                project,
                task,
                form.cleaned_data["op"],
                form.cleaned_data["before"],
                form.cleaned_data["version"],
            )
        except (DomainRuleError, ValidationError) as error:
            return self.answer_grid(project, edit=task, errors=[_message(error)], status=422)
        except StaleVersionError as error:
            return self.answer_grid(
                project, edit=self.task_again(project, task), stale=stale_notice(error, task), status=409
            )
        return self.after_outline_change(project, Task.objects.get(pk=task.pk))

    def task_again(self, project: Project, task: Task) -> Task:
        """The row re-read."""
        return task_get(self.request.user, project, task.uid)

    def run(self, project: Project, task: Task, op: str, before_row: int | None, version: int | None) -> None:
        """One outline action; "up" and "down" swap the row with its neighbour at the same level.

        ``version`` is the row's version as the editor showed it: someone else's change of the
        row in between answers 409 (as a field edit does)."""
        actor = self.request.user
        if op == "indent":
            task_indent(actor=actor, task=task, expected_version=version)
        elif op == "outdent":
            task_outdent(actor=actor, task=task, expected_version=version)
        elif op == "move":
            before = None
            if before_row is not None:
                before = project_tasks(project).filter(position=before_row).first()
                if before is None:
                    raise DomainRuleError(f"Row {before_row} does not exist.", field="before")
            task_move(actor=actor, task=task, before=before, expected_version=version)
        else:
            rows = current_rows(project.pk)
            index = next(i for i, (pk, _) in enumerate(rows) if pk == task.pk)
            level = rows[index][1]
            if op == "up":
                above = [i for i in range(index) if rows[i][1] <= level]
                if not above or rows[above[-1]][1] < level:
                    raise DomainRuleError(
                        f"Row {index + 1} is already the first at its level.", field="position"
                    )
                sibling = Task.objects.get(pk=rows[above[-1]][0])
                task_move(actor=actor, task=task, before=sibling, expected_version=version)
            else:
                if version is not None and version != task.version:
                    lock_for_update(task, expected_version=version)  # raises the stale-version error
                end = subtree_end(rows, index)
                if end >= len(rows) or rows[end][1] != level:
                    raise DomainRuleError(
                        f"Row {index + 1} is already the last at its level.", field="position"
                    )
                sibling = Task.objects.get(pk=rows[end][0])
                task_move(actor=actor, task=sibling, before=task, expected_version=None)


class TaskPasteView(TaskSectionView):
    """ "Paste rows": ``GET`` the box; ``POST`` previews what was understood (``preview``), then
    inserts every row in one write (``insert``) through :func:`~pmo.projects.services.tasks_paste`."""

    def context(self, project: Project, form: PasteForm, errors: list[str] | None = None) -> dict[str, Any]:
        """The paste page."""
        return {
            "form": form,
            "preview": form.rows if form.is_bound else [],
            "paste_errors": errors or [],
            "tasks_url": self.grid_url(project),
            "paste_url": reverse("projects:tasks_paste", kwargs={"uid": project.uid}),
            "section_label": "Paste rows",
        }

    def show(
        self, project: Project, form: PasteForm, *, status: int = 200, errors: list[str] | None = None
    ) -> HttpResponse:
        """The paste page (or its form partial for htmx)."""
        return self.render_section(
            project,
            self.context(project, form, errors),
            fragment="paste",
            template_name="projects/tasks/paste.html",
            status=status,
        )

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The empty box."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        return self.show(project, PasteForm(project=project))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Preview, or insert when asked and every line is readable."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        form = PasteForm(request.POST, project=project)
        if not form.is_valid() or form.has_row_errors:
            return self.show(project, form, status=422)
        if request.POST.get("action") != "insert":
            return self.show(project, form)
        data = form.cleaned_data
        before = None
        if data["before"]:
            before = project_tasks(project).filter(position=data["before"]).first()
            if before is None:
                return self.show(project, form, status=422, errors=[f"Row {data['before']} does not exist."])
        offset = (
            (before.position - 1 if before else project_tasks(project).count()) if data["relative"] else 0
        )
        try:
            change = tasks_paste(
                actor=request.user,
                project=project,
                rows=[row.pasted(offset=offset) for row in form.rows],
                before=before,
            )
        except (DomainRuleError, ValidationError) as error:
            return self.show(project, form, status=422, errors=[_message(error)])
        first = change.task
        if wants_fragment(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = self.grid_url(project) + (f"#t-{first.uid}" if first else "")
            return response
        return HttpResponseRedirect(self.grid_url(project) + (f"#t-{first.uid}" if first else ""), status=303)
