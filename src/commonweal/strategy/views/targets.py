"""The targets pages: every theme's and outcome measure's target, and a page to set each."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from commonweal.strategy import assessments, measures, targets
from commonweal.strategy.forms import OutcomeTargetForm, TargetForm, date_initial
from commonweal.strategy.framework import load_framework
from commonweal.strategy.targets import TargetRefused
from commonweal.strategy.views.common import (
    SECTION,
    cannot_manage,
    error_list,
    may_manage,
    staff_page,
    visible_organisation,
)

NONE = "\N{EN DASH}"  # in an empty table cell


@staff_page
@require_GET
def target_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    latest = assessments.latest_completed(organisation=organisation)
    levels = {s.theme: s.level for s in latest.scores.all()} if latest else {}
    current = targets.current_targets(organisation=organisation)
    outcome = targets.current_outcome_targets(organisation=organisation)
    context = {
        "organisation": organisation,
        "latest": latest,
        "themes": [
            (theme, levels.get(theme.key), current.get(theme.key))
            for theme in load_framework().themes
        ],
        "measures": [
            (m, outcome.get(m.key), m.shown(outcome[m.key].value) if m.key in outcome else NONE)
            for m in measures.CATALOGUE
        ],
        "manages": may_manage(request, organisation),
        "current_section": SECTION,
    }
    return render(request, "strategy/targets/list.html", context)


def _apply(form, refusal: TargetRefused) -> None:
    field = {"due_on": "due_day"}.get(refusal.field, refusal.field)
    form.add_error(field if field in form.fields else None, refusal.message.rstrip("."))


@staff_page
@require_http_methods(["GET", "POST"])
def theme_target(request: HttpRequest, slug: str, theme: str) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    try:
        chosen = load_framework().theme(theme)
    except KeyError:
        raise Http404("no such theme in the framework") from None
    if not may_manage(request, organisation):
        return cannot_manage(request, organisation)
    current = targets.current_targets(organisation=organisation).get(theme)
    initial = date_initial(current.due_on if current else targets.default_due_date())
    if current:
        initial["level"] = str(current.level)
    form = TargetForm(request.POST or None, theme=chosen, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            targets.set_target(
                organisation=organisation, theme=theme, actor=request.user,
                level=int(form.cleaned_data["level"]), due_on=form.cleaned_data["due_on"],
            )  # fmt: skip
        except TargetRefused as refusal:
            _apply(form, refusal)
        else:
            messages.success(request, f"The target for {chosen.title.lower()} is set")
            return redirect("strategy:targets", slug=slug)
    context = {
        "organisation": organisation,
        "theme": chosen,
        "form": form,
        "example": f"{targets.default_due_date():%-d %m %Y}",
        "errors": error_list(form) if form.is_bound else [],
        "current_section": SECTION,
    }
    return render(request, "strategy/targets/theme.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def measure_target(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    if key not in measures.MEASURES:
        raise Http404("no such outcome measure")
    measure = measures.measure(key)
    if not may_manage(request, organisation):
        return cannot_manage(request, organisation)
    current = targets.current_outcome_targets(organisation=organisation).get(key)
    initial = date_initial(current.due_on if current else targets.default_due_date())
    if current:
        initial["value"] = f"{current.value.normalize():f}"
    form = OutcomeTargetForm(request.POST or None, measure=measure, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            targets.set_outcome_target(
                organisation=organisation, measure=key, actor=request.user,
                value=form.cleaned_data["value"], due_on=form.cleaned_data["due_on"],
            )  # fmt: skip
        except TargetRefused as refusal:
            _apply(form, refusal)
        else:
            messages.success(request, f"The target for {measure.title.lower()} is set")
            return redirect("strategy:targets", slug=slug)
    context = {
        "organisation": organisation,
        "measure": measure,
        "form": form,
        "example": f"{targets.default_due_date():%-d %m %Y}",
        "value_hint": f"In {measure.unit.label}. {measure.better}.",
        "errors": error_list(form) if form.is_bound else [],
        "current_section": SECTION,
    }
    return render(request, "strategy/targets/measure.html", context)
