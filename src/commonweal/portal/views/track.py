"""Following a request by its reference: the public timeline, and the reporter's rating."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from commonweal.cases import feedback, references
from commonweal.cases.models import Case
from commonweal.cases.state import long_date, state_label
from commonweal.portal import tracking
from commonweal.portal.display import error_list
from commonweal.portal.forms import RatingForm, TrackForm
from commonweal.services import definitions


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET) if "reference" in request.GET else TrackForm()
    if form.is_bound and form.is_valid():
        reference = form.cleaned_data["reference"]
        if tracking.find_case(reference) is not None:
            return redirect("portal:case", reference=reference)
        form.add_error(
            "reference",
            f"No request has the reference {reference}. Check it against your e-mail or "
            "confirmation page",
        )
    context = {"form": form, "errors": error_list(form), "current_section": "track"}
    return render(request, "portal/track.html", context)


@require_GET
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _render_case(request, reference, RatingForm())


@login_required
@require_POST
def rate(request: HttpRequest, reference: str) -> HttpResponse:
    form = RatingForm(request.POST)
    if form.is_valid():
        case = _case(reference)
        try:
            feedback.rate(
                case=case,
                user=request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except feedback.RatingRefused as refused:
            if not refused.field:  # not theirs, not closed, or rated already
                messages.error(request, refused.message)
                return redirect("portal:case", reference=case.reference)
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, "Thank you for rating the outcome of your request.")
            return redirect("portal:case", reference=case.reference)
    return _render_case(request, reference, form)


def _case(reference: str) -> Case:
    found = tracking.find_case(references.normalise(reference))
    if found is None:
        raise Http404("No such request")
    return found


def _render_case(request: HttpRequest, reference: str, form: RatingForm) -> HttpResponse:
    case = _case(reference)
    if case.reference != reference:
        return redirect("portal:case", reference=case.reference)
    definition = definitions.engine_definition(case.definition)
    own = _reported_by(case, request.user)
    rating = feedback.rating_of(case) if own and case.closed_at else None
    context = {
        "case": case,
        "definition": definition,
        "status": state_label(definition, case.state),
        "submitted": long_date(case.submitted_at),
        "due": tracking.due(case),
        "closed": long_date(case.closed_at) if case.closed_at else "",
        "timeline": tracking.timeline(case, definition),
        "own": own,
        "rating": rating.data if rating else None,
        "rating_form": form if own and case.closed_at and rating is None else None,
        "errors": error_list(form) if form.is_bound else [],
        "current_section": "track",
    }
    return render(request, "portal/case.html", context)


def _reported_by(case: Case, user) -> bool:
    if not user.is_authenticated or case.reporter_id is None:
        return False
    return Case.objects.filter(pk=case.pk, reporter__user=user).exists()
