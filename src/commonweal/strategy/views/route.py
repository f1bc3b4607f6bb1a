"""The route pages: the route itself, an initiative, and the forms to plan one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commonweal.commissioning.permissions import visible_contract_filter
from commonweal.organisations.models import Organisation
from commonweal.organisations.permissions import is_platform_admin
from commonweal.strategy import route
from commonweal.strategy.models import Initiative
from commonweal.strategy.route_forms import InitiativeForm, MilestoneForm, StatusForm
from commonweal.strategy.route_queries import late_reasons, read_route, theme_titles
from commonweal.strategy.views.route_access import (
    error_list,
    manages,
    not_yours,
    visible_initiative,
    visible_organisation,
)


@login_required
@require_GET
def route_index(request: HttpRequest) -> HttpResponse:
    """The routes the person may open: one goes straight there."""
    found = Organisation.objects.order_by("name")
    if not is_platform_admin(request.user):
        found = found.filter(memberships__user=request.user).distinct()
    else:
        found = found.filter(initiatives__isnull=False).distinct()
    organisations = list(found)
    if len(organisations) == 1:
        return redirect("strategy:route-page", slug=organisations[0].slug)
    context = {"organisations": organisations, "current_section": "strategy"}
    return render(request, "strategy/route/index.html", context)


@login_required
@require_GET
def route_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    today = timezone.localdate()
    context = {
        "organisation": organisation,
        "route": read_route(organisation=organisation, today=today),
        "manages": manages(request, organisation),
        "current_section": "strategy",
    }
    return render(request, "strategy/route/route.html", context)


def _form_page(request, organisation, form, *, initiative=None, status=200) -> HttpResponse:
    if initiative is None:
        back = reverse("strategy:route-page", kwargs={"slug": organisation.slug})
    else:
        back = reverse(
            "strategy:route-initiative", kwargs={"slug": organisation.slug, "pk": initiative.pk}
        )
    context = {
        "back": back,
        "organisation": organisation,
        "initiative": initiative,
        "form": form,
        "errors": error_list(form) if form.is_bound else [],
        "current_section": "strategy",
    }
    return render(request, "strategy/route/initiative_form.html", context, status=status)


def _values(form: InitiativeForm) -> dict:
    return {name: form.cleaned_data.get(name) for name in form.fields}


@login_required
@require_http_methods(["GET", "POST"])
def new_initiative(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    if not manages(request, organisation):
        return not_yours(request, organisation)
    form_args = {"organisation": organisation, "actor": request.user}
    if request.method == "GET":
        return _form_page(request, organisation, InitiativeForm(**form_args))
    form = InitiativeForm(request.POST, **form_args)
    if form.is_valid():
        try:
            initiative = route.create_initiative(
                actor=request.user, organisation=organisation, **_values(form)
            )
        except route.RouteInvalid as invalid:
            error_list(form, invalid.errors)
        else:
            messages.success(request, f"“{initiative.title}” is on the route")
            return redirect("strategy:route-initiative", slug=slug, pk=initiative.pk)
    return _form_page(request, organisation, form)


@login_required
@require_http_methods(["GET", "POST"])
def edit_initiative(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = visible_initiative(request, slug, pk)
    organisation = initiative.lead_organisation
    if not manages(request, organisation):
        return not_yours(request, organisation)
    form_args = {"organisation": organisation, "actor": request.user, "initiative": initiative}
    if request.method == "GET":
        form = InitiativeForm(initial=InitiativeForm.initial_for(initiative), **form_args)
        return _form_page(request, organisation, form, initiative=initiative)
    form = InitiativeForm(request.POST, **form_args)
    if form.is_valid():
        start = initiative.status == Initiative.Status.DRAFT and "start" in request.POST
        try:
            route.update_initiative(
                actor=request.user, initiative=initiative, start=start, **_values(form)
            )
        except route.RouteInvalid as invalid:
            error_list(form, invalid.errors)
        else:
            done = "is under way" if start else "is saved"
            messages.success(request, f"“{initiative.title}” {done}")
            return redirect("strategy:route-initiative", slug=slug, pk=initiative.pk)
    initiative.refresh_from_db()
    return _form_page(request, organisation, form, initiative=initiative)


def initiative_page(
    request: HttpRequest, initiative: Initiative, *, status_form=None, milestone_form=None,
    errors=(), status=200,
) -> HttpResponse:  # fmt: skip
    """The initiative's page; the action views show it again with their form's errors."""
    organisation = initiative.lead_organisation
    can_manage = manages(request, organisation)
    titles = theme_titles()
    today = timezone.localdate()
    milestones = list(initiative.milestones.order_by("due_on", "id"))
    context = {
        "organisation": organisation,
        "initiative": initiative,
        "themes": [titles.get(key, key) for key in initiative.themes],
        "partners": list(initiative.partners.order_by("name")),
        "assets": list(initiative.assets.visible_to(request.user).order_by("title")),
        "contracts": _visible_contracts(request, initiative),
        "milestones": [(m, m.done_on is None and m.due_on < today) for m in milestones],
        "late": late_reasons(initiative, today=today),
        "manages": can_manage,
        "status_form": status_form or _status_form(initiative),
        "milestone_form": milestone_form or MilestoneForm(auto_id="milestone-%s"),
        "errors": list(errors),
        "current_section": "strategy",
    }
    return render(request, "strategy/route/initiative.html", context, status=status)


def _status_form(initiative: Initiative) -> StatusForm:
    initial = {"status": initiative.status, "rag": initiative.rag, "reason": initiative.rag_reason}
    return StatusForm(initial=initial, auto_id="status-%s")


def _visible_contracts(request, initiative: Initiative) -> list:
    return list(
        initiative.contracts.filter(visible_contract_filter(request.user))
        .select_related("organisation")
        .order_by("end_date")
    )


@login_required
@require_GET
def initiative_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return initiative_page(request, visible_initiative(request, slug, pk))
