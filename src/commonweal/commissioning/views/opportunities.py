"""Opportunities to buy together (the window as a GET parameter) and registering interest."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from commonweal.commissioning import opportunities, permissions
from commonweal.commissioning.access import commissioning_staff, error_list
from commonweal.commissioning.display import contract_rows, day, pounds
from commonweal.commissioning.forms import InterestForm, WindowForm
from commonweal.commissioning.models import Contract
from commonweal.commissioning.validation import CommissioningRefusal

DEFAULT_WINDOW = 6
CHANGED = (
    "This opportunity has changed since the page was shown (a contract was added, changed "
    "or ended). Look at the opportunities again."
)


@commissioning_staff
@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    return _page(request, request.GET)


def _page(request, query: QueryDict, *, interest=None, interest_errors=(), status=200):
    form = WindowForm(query or {"within": DEFAULT_WINDOW})
    errors = error_list(form) + list(interest_errors)
    found, within = [], None
    if form.is_valid():
        within = form.cleaned_data["within"]
        found = opportunities.find_opportunities(within_months=within, viewer=request.user)
    acts_for = permissions.interest_organisations(request.user)
    context = {
        "form": form,
        "errors": errors,
        "within": within,
        "opportunities": _shown(found, acts_for, within, interest),
        "acts_for": acts_for,
        "current_section": "commissioning",
        "subsection": "opportunities",
    }
    return render(request, "commissioning/opportunities.html", context, status=status)


def _shown(found, acts_for, within, interest) -> list[dict]:
    ids = {pk for opp in found for pk in opp.contract_ids}
    contracts = Contract.objects.filter(pk__in=ids).select_related("organisation", "supplier")
    by_id = {c.pk: c for c in contracts}
    interests = opportunities.interests_of(
        {org for opp in found for org in opp.organisations} | set(acts_for)
    )
    shown = []
    for number, opp in enumerate(found, start=1):
        form = InterestForm(
            initial={"opportunity": opp.ident, "within": within}, organisations=acts_for,
            auto_id=f"opportunity-{number}-%s",
        )  # fmt: skip
        if interest is not None and interest.data.get("opportunity") == opp.ident:
            form = interest
        shown.append(
            {
                "number": number,
                "table_id": f"opportunity-{number}-contracts",
                "opp": opp,
                "heading": f"{opp.label} ({'CPV group ' if opp.basis == 'cpv-group' else ''}"
                f"{opp.key if opp.basis == 'cpv-group' else 'supplier'})",
                "value": pounds(opp.combined_annual_value),
                "notice": day(opp.earliest_notice_date),
                "ends": f"{day(opp.window_start)} to {day(opp.window_end)}",
                "rows": contract_rows(by_id[pk] for pk in opp.contract_ids if pk in by_id),
                "interests": interests.get(opp.ident, []),
                "form": form,
            }
        )
    return shown


@commissioning_staff
@require_POST
def register_interest(request: HttpRequest) -> HttpResponse:
    acts_for = permissions.interest_organisations(request.user)
    within = request.POST.get("within", "")
    query = QueryDict(mutable=True)
    query["within"] = within
    if not acts_for:
        return _page(request, query, interest_errors=[("opportunities", _NO_ROLE)], status=403)
    form = InterestForm(request.POST, organisations=acts_for)
    if not form.is_valid():
        return _page(request, query, interest=form, interest_errors=error_list(form))
    opportunity = opportunities.find_one(
        ident=form.cleaned_data["opportunity"],
        within_months=form.cleaned_data["within"],
        viewer=request.user,
    )
    organisation = form.chosen_organisation()
    if opportunity is None:
        form.add_error(None, CHANGED)
        return _page(request, query, interest=form, interest_errors=[("opportunities", CHANGED)])
    try:
        opportunities.register_interest(
            actor=request.user, organisation=organisation, opportunity=opportunity,
            note=form.cleaned_data["note"],
        )  # fmt: skip
    except CommissioningRefusal as refusal:
        form.add_error(None, str(refusal))
        return _page(
            request, query, interest=form, interest_errors=[("opportunities", str(refusal))]
        )
    messages.success(request, f"{organisation.name}'s interest in buying together is registered")
    return redirect(f"{reverse('commissioning:opportunities')}?{query.urlencode()}")


_NO_ROLE = (
    "Only commissioners, administrators and executives can register an organisation's "
    "interest in buying together."
)
