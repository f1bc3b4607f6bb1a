"""Changes made from an initiative's page (status, milestones) and the key players page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commonweal.strategy import key_players, route
from commonweal.strategy.models import KeyPlayer
from commonweal.strategy.route_forms import KeyPlayerForm, MilestoneForm, StatusForm
from commonweal.strategy.views.route import initiative_page
from commonweal.strategy.views.route_access import (
    error_list,
    manages,
    not_yours,
    visible_initiative,
    visible_organisation,
)


def _managed(request: HttpRequest, slug: str, pk: int):
    initiative = visible_initiative(request, slug, pk)
    if not manages(request, initiative.lead_organisation):
        return not_yours(request, initiative.lead_organisation)
    return initiative


def _back(initiative, anchor: str = ""):
    url = reverse(
        "strategy:route-initiative",
        kwargs={"slug": initiative.lead_organisation.slug, "pk": initiative.pk},
    )
    return redirect(url + anchor)


@login_required
@require_POST
def set_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = _managed(request, slug, pk)
    if isinstance(initiative, HttpResponse):
        return initiative
    form = StatusForm(request.POST, auto_id="status-%s")
    if form.is_valid():
        try:
            route.set_status(actor=request.user, initiative=initiative, **form.cleaned_data)
        except route.RouteInvalid as invalid:
            error_list(form, invalid.errors)
        else:
            messages.success(request, f"The status of “{initiative.title}” is saved")
            return _back(initiative)
    initiative.refresh_from_db()
    return initiative_page(request, initiative, status_form=form, errors=error_list(form))


@login_required
@require_POST
def add_milestone(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = _managed(request, slug, pk)
    if isinstance(initiative, HttpResponse):
        return initiative
    form = MilestoneForm(request.POST, auto_id="milestone-%s")
    if form.is_valid():
        try:
            milestone = route.add_milestone(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except route.RouteInvalid as invalid:
            error_list(form, invalid.errors)
        else:
            messages.success(request, f"The milestone “{milestone.title}” is added")
            return _back(initiative, "#milestones")
    return initiative_page(request, initiative, milestone_form=form, errors=error_list(form))


@login_required
@require_POST
def milestone_done(request: HttpRequest, slug: str, pk: int, milestone: int) -> HttpResponse:
    initiative = _managed(request, slug, pk)
    if isinstance(initiative, HttpResponse):
        return initiative
    found = get_object_or_404(initiative.milestones.all(), pk=milestone)
    try:
        route.complete_milestone(actor=request.user, milestone=found)
    except route.RouteInvalid as invalid:
        errors = [("milestones", message) for message in invalid.errors.values()]
        return initiative_page(request, initiative, errors=errors)
    messages.success(request, f"“{found.title}” is marked done")
    return _back(initiative, "#milestones")


@login_required
@require_POST
def milestone_remove(request: HttpRequest, slug: str, pk: int, milestone: int) -> HttpResponse:
    initiative = _managed(request, slug, pk)
    if isinstance(initiative, HttpResponse):
        return initiative
    found = get_object_or_404(initiative.milestones.all(), pk=milestone)
    route.remove_milestone(actor=request.user, milestone=found)
    messages.success(request, f"The milestone “{found.title}” is removed")
    return _back(initiative, "#milestones")


def _key_players_page(request, organisation, form, *, status=200) -> HttpResponse:
    context = {
        "organisation": organisation,
        "key_players": KeyPlayer.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__full_name"),
        "manages": manages(request, organisation),
        "form": form,
        "errors": error_list(form) if form.is_bound else [],
        "current_section": "strategy",
    }
    return render(request, "strategy/route/key_players.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def key_players_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    if request.method == "GET":
        return _key_players_page(request, organisation, KeyPlayerForm(organisation=organisation))
    if not manages(request, organisation):
        return not_yours(request, organisation)
    form = KeyPlayerForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            named = key_players.assign_key_player(
                actor=request.user, organisation=organisation, user=form.chosen_user(),
                role=form.cleaned_data["role"],
            )  # fmt: skip
        except route.RouteInvalid as invalid:
            error_list(form, invalid.errors)
        else:
            messages.success(request, f"{named.user} is named {named.get_role_display().lower()}")
            return redirect("strategy:route-key-players", slug=slug)
    return _key_players_page(request, organisation, form)


@login_required
@require_POST
def key_player_remove(request: HttpRequest, slug: str, key_player: int) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    if not manages(request, organisation):
        return not_yours(request, organisation)
    found = get_object_or_404(KeyPlayer, pk=key_player, organisation=organisation)
    left = key_players.remove_key_player(actor=request.user, key_player=found)
    note = f"; {left} initiative{'s' * (left != 1)} now without an owner" if left else ""
    messages.success(request, f"{found.user} is no longer {found.get_role_display().lower()}{note}")
    return redirect("strategy:route-key-players", slug=slug)
