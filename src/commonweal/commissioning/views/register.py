"""The contracts register (filters by GET), a contract's page, and a supplier's page."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from commonweal.commissioning import contracts, cpv, permissions
from commonweal.commissioning.access import (
    commissioning_staff,
    error_list,
    refused,
    visible_contract,
)
from commonweal.commissioning.display import contract_rows, day, last_changed, pounds
from commonweal.commissioning.forms import RegisterFilterForm, ReviewForm, ShareForm
from commonweal.commissioning.models import Contract, Supplier, SupplierReview
from commonweal.commissioning.validation import CommissioningRefusal, ContractInvalid, add_months
from commonweal.organisations.models import Organisation
from commonweal.organisations.permissions import is_platform_admin

PAGE_SIZE = 50


def paginate(request: HttpRequest, items, *, size: int = PAGE_SIZE):
    """A page of items and the links of the GOV.UK pagination component (None if one page)."""
    page = Paginator(items, size).get_page(request.GET.get("page"))
    if page.paginator.num_pages <= 1:
        return page, None

    def url(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return f"?{params.urlencode()}"

    links = [
        {"number": n, "url": url(n), "current": n == page.number} if isinstance(n, int) else {}
        for n in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return page, {
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
        "links": links,
    }


@commissioning_staff
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    visible = Contract.objects.visible_to(request.user)
    organisations = list(
        Organisation.objects.filter(pk__in=visible.values("organisation_id")).order_by("name")
    )
    form = RegisterFilterForm(request.GET or None, organisations=organisations)
    found = visible.select_related("organisation", "supplier").order_by("end_date", "title")
    errors: list[tuple[str, str]] = []
    if form.is_bound and not form.is_valid():
        errors = error_list(form)
    elif form.is_bound:
        found = _filtered(found, form.cleaned_data)
    page, pagination = paginate(request, found)
    context = {
        "form": form,
        "errors": errors,
        "rows": contract_rows(page.object_list),
        "count": page.paginator.count,
        "pagination": pagination,
        "can_import": bool(permissions.managed_organisations(request.user)),
        "current_section": "commissioning",
        "subsection": "register",
    }
    return render(request, "commissioning/register.html", context)


def _filtered(found, filters: dict):
    if filters.get("organisation"):
        found = found.filter(organisation_id=filters["organisation"])
    if filters.get("supplier"):
        found = found.filter(supplier__name__icontains=filters["supplier"])
    if filters.get("cpv"):
        found = found.filter(cpv_code__startswith=filters["cpv"])
    if filters.get("status"):
        found = found.filter(status=filters["status"])
    if filters.get("ending"):
        today = timezone.localdate()
        found = found.filter(
            end_date__gte=today, end_date__lte=add_months(today, int(filters["ending"]))
        )
    return found


def _facts(contract: Contract, *, own_staff: bool) -> list[tuple[str, str]]:
    notice = f"{contract.notice_period_months} month{'s' * (contract.notice_period_months != 1)}"
    return [
        ("Organisation", contract.organisation.name),
        ("Reference", contract.reference or "None recorded"),
        ("Category (CPV)", cpv.label(contract.cpv_code)),
        ("CPV group", f"{contract.cpv_group} {cpv.group_label(contract.cpv_group)}"),
        ("Annual value", pounds(contract.annual_value)),
        ("Total value", pounds(contract.total_value)),
        ("Starts", day(contract.start_date)),
        ("Ends", day(contract.end_date)),
        ("Extension options", contract.extension_options or "None recorded"),
        ("Notice period", notice),
        ("Give notice by", day(contract.notice_date)),
        ("Status", contract.get_status_display()),
        ("Last changed", last_changed(contract, with_name=own_staff)),
    ]


def _contract_page(request, contract, *, share=None, review=None, errors=(), status=200):
    manages = permissions.can_manage_contracts(request.user, contract.organisation)
    partners = list(contract.shared_with.order_by("name"))
    owner_member = (
        manages
        or is_platform_admin(request.user)
        or (contract.organisation_id in permissions.member_organisation_ids(request.user))
    )
    reviews = (
        SupplierReview.objects.filter(contract=contract)
        .filter(permissions.visible_review_filter(request.user))
        .select_related("organisation")
        .order_by("-period_start")
    )
    context = {
        "contract": contract,
        "facts": _facts(contract, own_staff=owner_member),
        "supplier": contract.supplier,
        "asset": contract.commons_asset,
        "partners": partners if owner_member else None,
        "manages": manages,
        "share": share or ShareForm(candidates=_candidates(contract, partners)),
        "review": review or ReviewForm(),
        "reviews": reviews,
        "errors": list(errors),
        "current_section": "commissioning",
        "subsection": "register",
    }
    return render(request, "commissioning/contract.html", context, status=status)


def _candidates(contract: Contract, partners: list[Organisation]) -> list[Organisation]:
    taken = {contract.organisation_id, *(p.pk for p in partners)}
    return [
        o for o in Organisation.objects.filter(active=True).order_by("name") if o.pk not in taken
    ]


@commissioning_staff
@require_GET
def contract_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _contract_page(request, visible_contract(request, pk))


def _managed_contract(request: HttpRequest, pk: int) -> Contract | HttpResponse:
    contract = visible_contract(request, pk)
    if not permissions.can_manage_contracts(request.user, contract.organisation):
        return refused(request, contracts.NOT_YOURS.format(organisation=contract.organisation))
    return contract


@commissioning_staff
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    if isinstance(contract, HttpResponse):
        return contract
    partners = list(contract.shared_with.all())
    form = ShareForm(request.POST, candidates=_candidates(contract, partners))
    if not form.is_valid():
        return _contract_page(request, contract, share=form, errors=error_list(form))
    partner = Organisation.objects.get(pk=form.cleaned_data["partner"])
    try:
        contracts.share_contract(
            contract=contract, actor=request.user, organisations=[*partners, partner]
        )
    except CommissioningRefusal as refusal:
        form.add_error("partner", str(refusal))
        return _contract_page(request, contract, share=form, errors=error_list(form))
    messages.success(request, f"{partner.name} can now see this contract")
    return redirect("commissioning:contract", pk=contract.pk)


@commissioning_staff
@require_POST
def unshare(request: HttpRequest, pk: int, partner: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    if isinstance(contract, HttpResponse):
        return contract
    leaving = get_object_or_404(contract.shared_with.all(), pk=partner)
    remaining = [org for org in contract.shared_with.all() if org.pk != leaving.pk]
    contracts.share_contract(contract=contract, actor=request.user, organisations=remaining)
    messages.success(request, f"{leaving.name} can no longer see this contract")
    return redirect("commissioning:contract", pk=contract.pk)


@commissioning_staff
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    if isinstance(contract, HttpResponse):
        return contract
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            contracts.record_review(
                actor=request.user, organisation=contract.organisation, contract=contract,
                **form.cleaned_data,
            )  # fmt: skip
        except ContractInvalid as invalid:
            for field, message in invalid.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"Your review of {contract.supplier.name} is recorded")
            return redirect("commissioning:contract", pk=contract.pk)
    return _contract_page(request, contract, review=form, errors=error_list(form))


def _average(scores: list[int]) -> str:
    mean = Decimal(sum(scores)) / len(scores)
    return str(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@commissioning_staff
@require_GET
def supplier_page(request: HttpRequest, pk: int) -> HttpResponse:
    supplier = get_object_or_404(Supplier, pk=pk)
    visible = (
        Contract.objects.visible_to(request.user)
        .filter(supplier=supplier)
        .select_related("organisation", "supplier")
        .order_by("end_date")
    )
    reviews = list(
        SupplierReview.objects.filter(supplier=supplier)
        .filter(permissions.visible_review_filter(request.user))
        .select_related("organisation", "contract")
        .order_by("period_start", "period_end")
    )
    by_period: dict[tuple, list[SupplierReview]] = defaultdict(list)
    for item in reviews:
        by_period[(item.period_start, item.period_end)].append(item)
    trend = [
        {
            "period": f"{day(start)} to {day(end)}",
            "count": len(items),
            "quality": _average([r.quality for r in items]),
            "delivery": _average([r.delivery for r in items]),
            "value": _average([r.value for r in items]),
        }
        for (start, end), items in by_period.items()
    ]
    rows = contract_rows(visible)
    if not rows and not is_platform_admin(request.user):
        raise Http404("a supplier is shown to those who see one of its contracts")
    context = {
        "supplier": supplier,
        "rows": rows,
        "total_annual": pounds(sum((c.annual_value for c in visible), Decimal(0))),
        "organisations": sorted({r.organisation for r in rows}),
        "trend": trend,
        "reviews": reviews,
        "current_section": "commissioning",
        "subsection": "register",
    }
    return render(request, "commissioning/supplier.html", context)
