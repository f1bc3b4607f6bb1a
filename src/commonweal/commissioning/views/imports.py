"""Importing a contracts register: upload, a preview of every row and problem, then confirm.

The checked file waits in the session between the preview and the confirmation; the
confirmation checks it again, so nothing changed in between is missed.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commonweal.commissioning import imports, permissions
from commonweal.commissioning.access import commissioning_staff, error_list, refused
from commonweal.commissioning.display import day, pounds
from commonweal.commissioning.forms import UploadForm
from commonweal.organisations.models import Organisation

SESSION_KEY = "commissioning-import"
NOT_ALLOWED = (
    "Only commissioners and organisation administrators can import contracts. Ask an "
    "administrator of your organisation for that role."
)
EXPIRED = "Upload the file again: the checked file is no longer waiting to be imported."


def _rows(check: imports.RegisterCheck) -> list[dict]:
    return [
        {
            "row": row.row,
            "reference": row.values.reference,
            "title": row.values.title,
            "supplier": row.supplier_name,
            "new_supplier": row.new_supplier,
            "cpv": row.values.cpv_code,
            "start": day(row.values.start_date),
            "end": day(row.values.end_date),
            "annual": pounds(row.values.annual_value),
            "total": pounds(row.values.total_value),
            "notice": day(row.values.notice_date),
        }
        for row in check.rows
    ]


def _render(request, form, *, check=None, organisation=None, errors=(), status=200):
    context = {
        "form": form,
        "check": check,
        "rows": _rows(check) if check else [],
        "problems": [str(e) for e in check.errors] if check else [],
        "organisation": organisation,
        "errors": list(errors),
        "current_section": "commissioning",
        "subsection": "import",
    }
    return render(request, "commissioning/import.html", context, status=status)


@commissioning_staff
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    organisations = permissions.managed_organisations(request.user)
    if not organisations:
        return refused(request, NOT_ALLOWED)
    if request.method == "GET":
        return _render(request, UploadForm(organisations=organisations))
    form = UploadForm(request.POST, request.FILES, organisations=organisations)
    if not form.is_valid():
        return _render(request, form, errors=error_list(form))
    organisation = form.chosen_organisation()
    data = form.cleaned_data["file"].read(imports.MAX_BYTES + 1)
    check = imports.check_register(organisation=organisation, data=data)
    request.session.pop(SESSION_KEY, None)
    if check.ok:
        request.session[SESSION_KEY] = {
            "organisation": organisation.pk,
            "text": data.decode("utf-8-sig"),
            "name": form.cleaned_data["file"].name,
        }
    errors = [(form["file"].id_for_label, str(problem)) for problem in check.errors]
    return _render(request, form, check=check, organisation=organisation, errors=errors)


@commissioning_staff
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    waiting = request.session.get(SESSION_KEY)
    organisations = {org.pk: org for org in permissions.managed_organisations(request.user)}
    if not organisations:
        return refused(request, NOT_ALLOWED)
    form = UploadForm(organisations=list(organisations.values()))
    if not waiting or waiting["organisation"] not in organisations:
        return _render(request, form, errors=[(form["file"].id_for_label, EXPIRED)])
    organisation: Organisation = organisations[waiting["organisation"]]
    data = waiting["text"].encode("utf-8")
    try:
        made = imports.import_register(actor=request.user, organisation=organisation, data=data)
    except imports.ImportRefused:
        check = imports.check_register(organisation=organisation, data=data)
        errors = [(form["file"].id_for_label, str(problem)) for problem in check.errors]
        request.session.pop(SESSION_KEY, None)
        return _render(request, form, check=check, organisation=organisation, errors=errors)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"{len(made)} contracts imported for {organisation.name}")
    return redirect(f"{reverse('commissioning:register')}?organisation={organisation.pk}")
