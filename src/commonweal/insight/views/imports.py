"""Importing historical cases: upload a file and its mapping, see the check, start, follow.

The checked file waits in the default file storage (under `imports/`, never served)
between the check and the start; starting checks it again, so nothing changed in between
is missed. The import runs as a task (`import_tasks.run_import`): at once in the embedded
set-up, on a worker with a queue; its page shows how far it got.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from commonweal.insight import import_tasks, imports
from commonweal.insight.forms_imports import CasesUploadForm
from commonweal.insight.import_check import FileCheck
from commonweal.insight.import_mapping import (
    FIELDS,
    MappingInvalid,
    parse_mapping,
)
from commonweal.insight.import_models import ImportRun
from commonweal.insight.import_tasks import stored_name
from commonweal.organisations.models import Organisation

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# A run whose count has not moved for this long was stopped (its process ended): go on.
STALLED_AFTER = timedelta(minutes=5)
PREVIEW_ROWS = 10
SHOWN_PROBLEMS = 100
NOT_ALLOWED = (
    "Only administrators of an organisation can import its historical cases. Ask an "
    "administrator of your organisation to import them, or to give you that role."
)
GONE = "Upload the file again: the checked file is no longer waiting to be imported."


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    context = {"reason": reason, "current_section": "insight"}
    return render(request, "insight/imports/refused.html", context, status=403)


def _preview(check: FileCheck) -> list[dict]:
    services = check.services
    return [
        {
            "line": row.line,
            "reference": row.reference,
            "service": services[row.service].name,
            "state": services[row.service].definition.workflow.state(row.state).label,
            "opened": row.submitted_at,
            "closed": row.closed_at,
            "due": row.due_at,
            "place": f"{row.lat:.5f}, {row.lon:.5f}" if row.lat is not None else "",
        }
        for row in check.rows[:PREVIEW_ROWS]
    ]


def _render(request, form, organisations, *, check=None, run=None, errors=(), status=200):
    runs = ImportRun.objects.filter(organisation__in=organisations).select_related("organisation")[
        :20
    ]
    context = {
        "form": form,
        "check": check,
        "run": run,
        "rows": _preview(check) if check else [],
        "problems": [str(e) for e in check.errors[:SHOWN_PROBLEMS]] if check else [],
        "problem_count": check.error_count if check else 0,
        "errors": list(errors),
        "runs": runs,
        "remaining": run.rows_total - run.rows_done if run else 0,
        "fields": FIELDS,
        "current_section": "insight",
    }
    return render(request, "insight/imports/upload.html", context, status=status)


def _form_errors(form) -> list[tuple[str, str]]:
    return [(f.id_for_label, e) for f in form for e in f.errors]


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    organisations = imports.organisations_to_import_for(request.user)
    if not organisations:
        return _refused(request, NOT_ALLOWED)
    if request.method == "GET":
        return _render(request, CasesUploadForm(organisations=organisations), organisations)
    form = CasesUploadForm(request.POST, request.FILES, organisations=organisations)
    if not form.is_valid():
        return _render(request, form, organisations, errors=_form_errors(form), status=400)
    organisation = form.chosen_organisation()
    mapping_field = form["mapping"].id_for_label
    try:
        mapping = _mapping(form, organisation)
    except MappingInvalid as invalid:
        errors = [(mapping_field, message) for message in invalid.errors]
        return _render(request, form, organisations, errors=errors, status=400)
    upload_file = form.cleaned_data["file"]
    data = upload_file.read(MAX_UPLOAD_BYTES + 1)
    try:
        run, check = imports.prepare_import(
            organisation=organisation,
            mapping=mapping,
            data=data,
            actor=request.user,
            file_name=upload_file.name,
            max_bytes=MAX_UPLOAD_BYTES,
        )
    except imports.AlreadyImported as done:
        errors = [(form["file"].id_for_label, str(done))]
        return _render(request, form, organisations, errors=errors, status=400)
    if check.ok:
        name = stored_name(run)
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(data))
    errors = [(form["file"].id_for_label, str(problem)) for problem in check.errors[:20]]
    status = 200 if check.ok else 400
    return _render(request, form, organisations, check=check, run=run, errors=errors, status=status)


def _mapping(form: CasesUploadForm, organisation: Organisation):
    uploaded = form.cleaned_data.get("mapping")
    if uploaded:
        return parse_mapping(uploaded.read(256 * 1024 + 1))
    last = imports.last_mapping(organisation)
    if last is None:
        raise MappingInvalid(
            ["Choose the mapping file: it says which column holds what, and which service "
             "each category belongs to."]
        )  # fmt: skip
    return last


def _visible_run(request: HttpRequest, pk: int) -> ImportRun | None:
    organisations = imports.organisations_to_import_for(request.user)
    return get_object_or_404(
        ImportRun.objects.select_related("organisation"), pk=pk, organisation__in=organisations
    )


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    if run.status == ImportRun.Status.DONE:
        return redirect("insight:import-run", pk=run.pk)
    if not default_storage.exists(stored_name(run)):
        messages.error(request, GONE)
        return redirect("insight:imports")
    if not imports.can_import_cases(request.user, run.organisation):
        return _refused(request, NOT_ALLOWED)
    import_tasks.run_import.enqueue(run_id=run.pk, actor_id=request.user.pk)
    run.refresh_from_db()
    if run.status == ImportRun.Status.DONE:
        messages.success(request, f"{run.rows_done:,} cases imported for {run.organisation.name}")
    return redirect("insight:import-run", pk=run.pk)


@login_required
def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    running = run.status == ImportRun.Status.RUNNING
    stalled = running and timezone.now() - run.updated_at > STALLED_AFTER
    context = {
        "run": run,
        "stalled": stalled,
        "problems": [(line, message) for line, message in run.errors[:SHOWN_PROBLEMS]],
        "waiting": default_storage.exists(stored_name(run)),
        "refresh": running and not stalled,
        "current_section": "insight",
    }
    return render(request, "insight/imports/run.html", context)
