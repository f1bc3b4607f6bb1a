"""The assessment pages: the history, one page for each theme, and the check and complete
page. Scoring saves as it goes, so an assessment can be left and taken up again."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonweal.strategy import assessments
from commonweal.strategy.assessments import AssessmentRefused
from commonweal.strategy.forms import ScoreForm
from commonweal.strategy.framework import load_framework
from commonweal.strategy.models import Assessment
from commonweal.strategy.views.common import (
    SECTION,
    cannot_manage,
    error_list,
    may_manage,
    refused,
    staff_page,
    visible_organisation,
)


def _assessment(organisation, pk: int) -> Assessment:
    return get_object_or_404(organisation.assessments.prefetch_related("assessors"), pk=pk)


@staff_page
@require_GET
def assessment_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    current = assessments.in_progress(organisation=organisation)
    context = {
        "organisation": organisation,
        "completed": assessments.history(organisation=organisation),
        "current": current,
        "missing": len(assessments.missing_themes(current)) if current else 0,
        "themes": len(load_framework().themes),
        "manages": may_manage(request, organisation),
        "current_section": SECTION,
    }
    return render(request, "strategy/assessments/list.html", context)


@staff_page
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    if not may_manage(request, organisation):
        return cannot_manage(request, organisation)
    assessment = assessments.start_assessment(organisation=organisation, actor=request.user)
    return _resume(assessment)


def _resume(assessment: Assessment, *, after: str | None = None) -> HttpResponse:
    theme = assessments.resume_point(assessment, after=after)
    slug = assessment.organisation.slug
    if theme is None:
        return redirect("strategy:assessment", slug=slug, pk=assessment.pk)
    return redirect("strategy:assessment-theme", slug=slug, pk=assessment.pk, theme=theme)


@staff_page
@require_GET
def resume(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    return _resume(_assessment(organisation, pk))


@staff_page
@require_GET
def summary(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    return _summary(request, organisation, _assessment(organisation, pk))


def _summary(request, organisation, assessment, *, errors=(), status: int = 200) -> HttpResponse:
    framework = load_framework()
    scores = assessments.scores_of(assessment)
    rows = [(theme, scores.get(theme.key)) for theme in framework.themes]
    context = {
        "organisation": organisation,
        "assessment": assessment,
        "rows": rows,
        "missing": [theme for theme, score in rows if score is None],
        "editable": assessment.status == Assessment.Status.IN_PROGRESS
        and may_manage(request, organisation),
        "assessors": sorted(str(person) for person in assessment.assessors.all()),
        "errors": list(errors),
        "current_section": SECTION,
    }
    return render(request, "strategy/assessments/summary.html", context, status=status)


@staff_page
@require_POST
def complete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    assessment = _assessment(organisation, pk)
    if not may_manage(request, organisation):
        return cannot_manage(request, organisation)
    try:
        assessments.complete_assessment(assessment=assessment, actor=request.user)
    except AssessmentRefused as refusal:
        return _summary(request, organisation, assessment, errors=[("", refusal.message)])
    messages.success(request, f"The assessment of {assessment.assessed_on:%-d %B %Y} is complete")
    return redirect("strategy:progress", slug=organisation.slug)


@staff_page
@require_http_methods(["GET", "POST"])
def theme_page(request: HttpRequest, slug: str, pk: int, theme: str) -> HttpResponse:
    organisation = visible_organisation(request, slug)
    assessment = _assessment(organisation, pk)
    framework = load_framework()
    try:
        chosen = framework.theme(theme)
    except KeyError:
        raise Http404("no such theme in the framework") from None
    if assessment.status != Assessment.Status.IN_PROGRESS:
        if request.method == "POST":
            return refused(request, "This assessment is complete and can no longer change.")
        return redirect("strategy:assessment", slug=slug, pk=pk)
    if not may_manage(request, organisation):
        return cannot_manage(request, organisation)
    score = assessments.scores_of(assessment).get(theme)
    initial = {"level": str(score.level), "evidence": score.evidence} if score else {}
    form = ScoreForm(request.POST or None, theme=chosen, initial=initial)
    later = request.POST.get("then") == "later"
    if request.method == "POST":
        if later and form.is_empty():
            return _left(request, assessment)
        if form.is_valid():
            try:
                assessments.score_theme(
                    assessment=assessment, theme=theme, actor=request.user,
                    level=int(form.cleaned_data["level"]), evidence=form.cleaned_data["evidence"],
                )  # fmt: skip
            except AssessmentRefused as refusal:
                field = refusal.field if refusal.field in form.fields else None
                form.add_error(field, refusal.message.rstrip("."))
            else:
                return _left(request, assessment) if later else _resume(assessment, after=theme)
    keys = framework.theme_keys
    position = keys.index(theme)
    context = {
        "organisation": organisation,
        "assessment": assessment,
        "theme": chosen,
        "group": next(g for g in framework.groups if g.key == chosen.group),
        "form": form,
        "errors": error_list(form) if form.is_bound else [],
        "position": position + 1,
        "count": len(keys),
        "done": len(keys) - len(assessments.missing_themes(assessment)),
        "previous": keys[position - 1] if position else None,
        "current_section": SECTION,
    }
    return render(request, "strategy/assessments/theme.html", context)


def _left(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    messages.success(
        request, "Your answers are saved. Continue the assessment whenever you are ready"
    )
    return redirect("strategy:assessments", slug=assessment.organisation.slug)
