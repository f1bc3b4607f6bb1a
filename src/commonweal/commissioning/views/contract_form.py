"""Adding a contract by hand and changing one.

The form only gathers what was typed; `contracts.create_contract` and `update_contract`
check it by the rules an imported row meets (`commissioning.validation`) and refuse it
whole, with each problem shown against its field and nothing lost of what was typed.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commonweal.commissioning import contracts, permissions
from commonweal.commissioning.access import (
    commissioning_staff,
    error_list,
    refused,
    visible_contract,
)
from commonweal.commissioning.forms import ContractForm
from commonweal.commissioning.models import Contract, Supplier
from commonweal.commissioning.validation import contract_problems
from commonweal.commons.models import Asset
from commonweal.organisations.models import Organisation

NOT_ALLOWED = (
    "Only commissioners and organisation administrators can add contracts. Ask an "
    "administrator of your organisation for that role."
)


def _form(
    request: HttpRequest,
    *,
    organisations: list[Organisation],
    owner: Organisation | None,
    initial: dict,
) -> ContractForm:
    partners = Organisation.objects.filter(active=True).order_by("name")
    if owner is not None:
        partners = partners.exclude(pk=owner.pk)
    return ContractForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisations=organisations,
        suppliers=list(Supplier.objects.order_by("name")),
        assets=list(Asset.objects.visible_to(request.user).order_by("title")),
        partners=list(partners),
    )


def _render(request: HttpRequest, form: ContractForm, *, contract: Contract | None = None):
    back = (
        reverse("commissioning:contract", args=[contract.pk])
        if contract
        else reverse("commissioning:register")
    )
    marks = {name: form.date_boxes_in_error(name) for name in ("start_date", "end_date")}
    first_box = {
        form[name].auto_id: f"{form[name].auto_id}_{boxes[0]}"
        for name, boxes in marks.items()
        if boxes and boxes[0] != "day"
    }
    context = {
        "form": form,
        "contract": contract,
        "errors": [
            (
                "" if message in form.non_field_errors() else first_box.get(field_id, field_id),
                message,
            )
            for field_id, message in error_list(form)
        ],
        "marks": marks,
        "back": back,
        "current_section": "commissioning",
        "subsection": "register",
    }
    return render(request, "commissioning/contract_form.html", context)


def _problems_too(form: ContractForm) -> None:
    """The form has problems of its own: add those the rules find in the rest."""
    problems = contract_problems(form.values())
    new_supplier = form.new_supplier()
    if new_supplier is not None:
        problems |= contracts.new_supplier_problems(new_supplier)
    form.add_problems(problems)


@commissioning_staff
@require_http_methods(["GET", "POST"])
def add_contract(request: HttpRequest) -> HttpResponse:
    organisations = permissions.managed_organisations(request.user)
    if not organisations:
        return refused(request, NOT_ALLOWED)
    owner = organisations[0] if len(organisations) == 1 else None
    form = _form(
        request, organisations=organisations, owner=owner,
        initial={"status": Contract.Status.ACTIVE, "notice_period_months": "0"},
    )  # fmt: skip
    if request.method == "GET":
        return _render(request, form)
    if not form.is_valid():
        _problems_too(form)
        return _render(request, form)
    try:
        contract = contracts.create_contract(
            actor=request.user, organisation=form.chosen_organisation(),
            **form.values(), **form.chosen(),
        )  # fmt: skip
    except contracts.NotAllowed as refusal:
        return refused(request, str(refusal))
    except contracts.ContractInvalid as invalid:
        form.add_problems(invalid.errors)
        return _render(request, form)
    messages.success(request, f"“{contract.title}” is recorded for {contract.organisation.name}")
    return redirect("commissioning:contract", pk=contract.pk)


@commissioning_staff
@require_http_methods(["GET", "POST"])
def change_contract(request: HttpRequest, pk: int) -> HttpResponse:
    contract = visible_contract(request, pk)
    if not permissions.can_manage_contracts(request.user, contract.organisation):
        return refused(request, contracts.NOT_YOURS.format(organisation=contract.organisation))
    form = _form(
        request, organisations=[contract.organisation], owner=contract.organisation,
        initial=ContractForm.initial_for(contract),
    )  # fmt: skip
    if request.method == "GET":
        return _render(request, form, contract=contract)
    if not form.is_valid():
        _problems_too(form)
        return _render(request, form, contract=contract)
    try:
        contracts.update_contract(
            actor=request.user, contract=contract, **form.values(), **form.chosen(),
            seen_version=form.cleaned_data["seen_version"] or None,
        )  # fmt: skip
    except contracts.NotAllowed as refusal:
        return refused(request, str(refusal))
    except contracts.Conflict as conflict:
        form.add_error(None, str(conflict))
        form.data = form.data.copy()
        form.data["seen_version"] = contracts.version_of(Contract.objects.get(pk=contract.pk))
        return _render(request, form, contract=contract)
    except contracts.ContractInvalid as invalid:
        form.add_problems(invalid.errors)
        return _render(request, form, contract=contract)
    messages.success(request, "Your changes to the contract are saved")
    return redirect("commissioning:contract", pk=contract.pk)
