"""Service pages for service owners and organisation administrators.

The organisation's offerings; a definition written or edited in a text area, checked by
`definitions.save_version` (every error shown against its location); a preview of the
resident's form; publishing the version; switching an offering to it.
"""

from django.contrib import messages
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from commonweal.commons.notices import open_notices
from commonweal.organisations.models import Team
from commonweal.organisations.permissions import is_platform_admin
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceDefinition, ServiceOffering
from commonweal.workspace.access import managed_organisations, refused, service_managers
from commonweal.workspace.locate import line_of
from commonweal.workspace.preview import preview
from commonweal.workspace.service_forms import DefinitionForm, RunOfferingForm

NOT_YOURS = (
    "Only service owners and administrators of the organisation that wrote this draft "
    "can publish it."
)


@service_managers
def services(request: HttpRequest) -> HttpResponse:
    organisations = managed_organisations(request.user)
    offerings = list(
        ServiceOffering.objects.filter(organisation__in=organisations)
        .select_related("organisation", "definition", "team")
        .defer("definition__document", "definition__source_text")
        .order_by("organisation__name", "definition__name")
    )
    latest = dict(
        ServiceDefinition.objects.filter(
            status=ServiceDefinition.Status.PUBLISHED,
            code__in={offering.service_code for offering in offerings},
        )
        .values("code")
        .annotate(latest=Max("version"))
        .values_list("code", "latest")
    )
    for offering in offerings:
        newest = latest.get(offering.service_code, 0)
        offering.newer_version = newest if newest > offering.definition.version else None
    drafts = (
        ServiceDefinition.objects.filter(
            owner__in=organisations, status=ServiceDefinition.Status.DRAFT
        )
        .defer("document", "source_text")
        .order_by("-created_at")[:20]
    )
    context = {
        "offerings": offerings,
        "drafts": drafts,
        "notices": list(open_notices(organisations)[:10]),
        "several": len(organisations) > 1,
        "current_section": "workspace-services",
    }
    return render(request, "workspace/services.html", context)


@service_managers
@require_http_methods(["GET", "POST"])
def definition_new(request: HttpRequest) -> HttpResponse:
    return _definition_form(request, initial_text="", title="Add a service definition")


@service_managers
@require_http_methods(["GET", "POST"])
def definition_edit(request: HttpRequest, code: str) -> HttpResponse:
    organisations = managed_organisations(request.user)
    offering = (
        ServiceOffering.objects.filter(organisation__in=organisations, service_code=code)
        .select_related("definition", "organisation")
        .first()
    )
    if offering is None:
        raise Http404("no such offering")
    return _definition_form(
        request,
        initial_text=offering.definition.source_text,
        title=f"Edit {offering.definition.name}",
        organisations=[offering.organisation],
        editing=offering,
    )


def _definition_form(request, *, initial_text, title, organisations=None, editing=None):
    organisations = organisations or managed_organisations(request.user)
    located: list[tuple[str, str]] = []
    if request.method == "POST":
        form = DefinitionForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                row = definitions.save_version(
                    text=form.cleaned_data["text"],
                    owner=form.chosen_organisation(),
                    actor=request.user,
                    publish=False,
                    filename=form.filename(),
                )
            except engine.DefinitionInvalid as invalid:
                located = _located(form.cleaned_data["text"], invalid.errors)
            else:
                messages.success(request, f"Saved as draft version {row.version} of {row.code}")
                return redirect("workspace:service-version", code=row.code, version=row.version)
    else:
        form = DefinitionForm(initial={"text": initial_text}, organisations=organisations)
    text_id = form["text"].id_for_label
    errors = [(field.id_for_label, e) for field in form for e in field.errors]
    errors += [(text_id, message) for _, message in located]
    context = {
        "form": form,
        "title": title,
        "editing": editing,
        "errors": errors,
        "definition_errors": [message for _, message in located],
        "current_section": "workspace-services",
    }
    return render(request, "workspace/definition_form.html", context)


def _located(text: str, errors: list[engine.DefinitionError]) -> list[tuple[str, str]]:
    """Each error as "location: message (line N)", in the order of the text."""
    found = []
    for error in errors:
        line = line_of(text, error.location)
        where = f" (line {line})" if line else ""
        found.append((line or 0, f"{error.location}: {error.message}{where}"))
    return [("text", message) for _, message in sorted(found, key=lambda item: item[0])]


def _version(request: HttpRequest, code: str, version: int) -> ServiceDefinition:
    """A published version, or a draft of one of the user's organisations; else 404."""
    row = get_object_or_404(ServiceDefinition, code=code, version=version)
    mine = {org.pk for org in managed_organisations(request.user)}
    admin_draft = row.owner_id is None and is_platform_admin(request.user)
    if (
        row.status == ServiceDefinition.Status.DRAFT
        and row.owner_id not in mine
        and not admin_draft
    ):
        raise Http404("no such version")
    return row


@service_managers
def version_detail(request, code: str, version: int, run_form: RunOfferingForm | None = None):
    row = _version(request, code, version)
    organisations = managed_organisations(request.user)
    definition = definitions.engine_definition(row)
    run_form = run_form or RunOfferingForm(organisations=organisations, initial={"live": "yes"})
    errors = [
        (f.id_for_label if f.name != "live" else f.auto_id, e) for f in run_form for e in f.errors
    ]
    errors += [(run_form["team"].id_for_label, e) for e in run_form.non_field_errors()]
    context = {
        "row": row,
        "definition": definition,
        "questions": preview(definition),
        "published": row.status == ServiceDefinition.Status.PUBLISHED,
        "run_form": run_form,
        "team_error": next(iter([*run_form["team"].errors, *run_form.non_field_errors()]), ""),
        "errors": errors,
        "current_section": "workspace-services",
    }
    return render(request, "workspace/version.html", context)


@service_managers
@require_POST
def version_publish(request: HttpRequest, code: str, version: int) -> HttpResponse:
    row = _version(request, code, version)
    mine = {org.pk for org in managed_organisations(request.user)}
    if row.owner_id not in mine and not is_platform_admin(request.user):
        return refused(request, NOT_YOURS)
    try:
        definitions.publish(row=row)
    except definitions.DefinitionLocked as locked:
        return refused(request, str(locked), status=409)
    messages.success(request, f"Version {row.version} of {row.name} is published")
    return redirect("workspace:service-version", code=code, version=version)


@service_managers
@require_POST
def version_run(request: HttpRequest, code: str, version: int) -> HttpResponse:
    row = _version(request, code, version)
    form = RunOfferingForm(request.POST, organisations=managed_organisations(request.user))
    if form.is_valid():
        organisation = form.chosen_organisation()
        try:
            definitions.run_offering(
                organisation=organisation,
                row=row,
                team=Team.objects.get(pk=form.cleaned_data["team"]),
                live=form.cleaned_data["live"] == "yes",
            )
        except definitions.OfferingProblem as problem:
            form.add_error(None, str(problem))
        else:
            state = "live" if form.cleaned_data["live"] == "yes" else "not live yet"
            messages.success(
                request, f"{organisation.name} now runs {row.name} version {row.version} ({state})"
            )
            return redirect("workspace:services")
    return version_detail(request, code, version, run_form=form)
