"""The rules for contracts and reviews: record, change, share, review (suppliers are found
or added by `commissioning.suppliers`).

Each function takes the acting person, asks `commissioning.permissions`, checks every value
(`commissioning.validation`) and then writes in one transaction; a refusal
(`CommissioningRefusal`: `NotAllowed`, `ContractInvalid` or `Conflict`) leaves everything
as it was.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from commonweal.commissioning import permissions
from commonweal.commissioning.models import Contract, Supplier, SupplierReview
from commonweal.commissioning.suppliers import (
    NewSupplier,
    find_or_create_supplier,
    new_supplier_problems,
    supplier_for,
)
from commonweal.commissioning.validation import (
    CommissioningRefusal,
    Conflict,
    ContractInvalid,
    ContractValues,
    NotAllowed,
    clean_contract,
    day,
    text,
)
from commonweal.commons.models import Asset
from commonweal.organisations.models import Organisation

__all__ = [
    "CommissioningRefusal",
    "Conflict",
    "ContractInvalid",
    "NewSupplier",
    "NotAllowed",
    "create_contract",
    "edit_contract",
    "find_or_create_supplier",
    "new_supplier_problems",
    "record_review",
    "share_contract",
    "update_contract",
    "version_of",
]

NOT_YOURS = "Only commissioners and administrators of {organisation} can change its contracts."
CHANGED_MEANWHILE = (
    "Someone else saved changes to this contract after you opened this page, so yours are "
    "not saved. Check the details below against the contract's page, then save again."
)
FIELDS = (
    "title", "cpv_code", "start_date", "end_date", "annual_value", "total_value",
    "notice_period_months", "extension_options", "reference", "description", "status",
)  # fmt: skip


def _may_manage(actor, organisation: Organisation) -> None:
    if not permissions.can_manage_contracts(actor, organisation):
        raise NotAllowed(NOT_YOURS.format(organisation=organisation))


def _reference_free(organisation: Organisation, reference: str, *, but: int | None = None) -> None:
    if not reference:
        return
    taken = Contract.objects.filter(organisation=organisation, reference=reference)
    if but is not None:
        taken = taken.exclude(pk=but)
    if taken.exists():
        raise ContractInvalid(
            {"reference": f"{organisation} already has a contract with the reference {reference}."}
        )


def _asset(actor, asset: Asset | None) -> Asset | None:
    if asset is not None and not Asset.objects.visible_to(actor).filter(pk=asset.pk).exists():
        raise ContractInvalid({"commons_asset": "Choose an asset in the commons that you can see."})
    return asset


def _apply(contract: Contract, values: ContractValues) -> None:
    for field in FIELDS:
        setattr(contract, field, getattr(values, field))
    contract.cpv_group = values.cpv_group
    contract.notice_date = values.notice_date


def _checked(
    *,
    actor,
    organisation: Organisation,
    values: dict[str, object],
    supplier: Supplier | NewSupplier,
    commons_asset: Asset | None,
    shared_with: Iterable[Organisation] | None,
    but: int | None = None,
) -> tuple[ContractValues, list[Organisation] | None]:
    """Every value of a contract checked at once; ContractInvalid lists all the problems."""
    errors: dict[str, str] = {}
    cleaned = None
    try:
        cleaned = clean_contract(values)
    except ContractInvalid as invalid:
        errors |= invalid.errors
    if "reference" not in errors:
        reference = text("reference", values.get("reference"), required=False)
        try:
            _reference_free(organisation, reference, but=but)
        except ContractInvalid as invalid:
            errors |= invalid.errors
    if isinstance(supplier, NewSupplier):
        errors |= new_supplier_problems(supplier)
    elif not isinstance(supplier, Supplier):
        errors["supplier"] = "Choose the supplier, or add a new one."
    partners = None
    try:
        _asset(actor, commons_asset)
        if shared_with is not None:
            partners = _partners(organisation, shared_with)
    except ContractInvalid as invalid:
        errors |= invalid.errors
    if errors or cleaned is None:
        raise ContractInvalid(errors)
    return cleaned, partners


def _save(contract: Contract) -> None:
    """Save; a reference taken meanwhile by someone else is refused like any other."""
    try:
        with transaction.atomic():
            contract.save()
    except IntegrityError:
        raise ContractInvalid(
            {"reference": f"{contract.organisation} already has a contract with the reference "
             f"{contract.reference}."}
        ) from None  # fmt: skip


@transaction.atomic
def create_contract(
    *,
    actor,
    organisation: Organisation,
    supplier: Supplier | NewSupplier,
    title: str,
    cpv_code: str,
    start_date: date | str,
    end_date: date | str,
    annual_value: Decimal | int | str,
    total_value: Decimal | int | str,
    notice_period_months: int | str = 0,
    extension_options: str = "",
    reference: str = "",
    description: str = "",
    status: str = Contract.Status.ACTIVE,
    commons_asset: Asset | None = None,
    shared_with: Iterable[Organisation] = (),
) -> Contract:
    """Record a contract the organisation holds with a supplier, a recorded one or a new one
    (added in the same transaction, so a refused contract adds no supplier)."""
    _may_manage(actor, organisation)
    values, partners = _checked(
        actor=actor, organisation=organisation, supplier=supplier,
        commons_asset=commons_asset, shared_with=shared_with,
        values={
            "title": title, "cpv_code": cpv_code, "start_date": start_date,
            "end_date": end_date, "annual_value": annual_value, "total_value": total_value,
            "notice_period_months": notice_period_months,
            "extension_options": extension_options, "reference": reference,
            "description": description, "status": status,
        },
    )  # fmt: skip
    contract = Contract(
        organisation=organisation,
        supplier=supplier_for(supplier),
        commons_asset=commons_asset,
        created_by=actor,
        updated_by=actor,
    )
    _apply(contract, values)
    _save(contract)
    contract.shared_with.set(partners or [])
    return contract


def version_of(contract: Contract) -> str:
    """What identifies this state of the contract: the time it was last saved."""
    return contract.updated_at.isoformat()


@transaction.atomic
def update_contract(
    *,
    actor,
    contract: Contract,
    supplier: Supplier | NewSupplier,
    title: str,
    cpv_code: str,
    start_date: date | str,
    end_date: date | str,
    annual_value: Decimal | int | str,
    total_value: Decimal | int | str,
    notice_period_months: int | str = 0,
    extension_options: str = "",
    reference: str = "",
    description: str = "",
    status: str = Contract.Status.ACTIVE,
    commons_asset: Asset | None = None,
    shared_with: Iterable[Organisation] | None = None,
    seen_version: str | None = None,
) -> Contract:
    """Replace a contract's details with those given, as a form sends them all; partners
    stay as they are when `shared_with` is None. The organisation never changes.

    `seen_version` is the `version_of` the contract the person was shown; when someone has
    saved it since, the change is refused (`Conflict`) rather than overwrite theirs.
    """
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _may_manage(actor, contract.organisation)
    if seen_version is not None and seen_version != version_of(contract):
        raise Conflict(CHANGED_MEANWHILE)
    values, partners = _checked(
        actor=actor, organisation=contract.organisation, supplier=supplier,
        commons_asset=commons_asset, shared_with=shared_with, but=contract.pk,
        values={
            "title": title, "cpv_code": cpv_code, "start_date": start_date,
            "end_date": end_date, "annual_value": annual_value, "total_value": total_value,
            "notice_period_months": notice_period_months,
            "extension_options": extension_options, "reference": reference,
            "description": description, "status": status,
        },
    )  # fmt: skip
    contract.supplier = supplier_for(supplier)
    contract.commons_asset = commons_asset
    contract.updated_by = actor
    _apply(contract, values)
    _save(contract)
    if partners is not None:
        contract.shared_with.set(partners)
    return contract


@transaction.atomic
def edit_contract(*, contract: Contract, actor, **changes) -> Contract:
    """Change the details given (a value of None leaves a field as it is).

    Accepts the fields of `create_contract` except the organisation and partners
    (see `share_contract`).
    """
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _may_manage(actor, contract.organisation)
    unknown = set(changes) - set(FIELDS) - {"supplier", "commons_asset"}
    if unknown:
        raise TypeError(f"edit_contract() got unexpected fields: {', '.join(sorted(unknown))}")
    given = {name: value for name, value in changes.items() if value is not None}
    current = {field: getattr(contract, field) for field in FIELDS}
    values = clean_contract(current | {f: v for f, v in given.items() if f in FIELDS})
    _reference_free(contract.organisation, values.reference, but=contract.pk)
    if "supplier" in given:
        contract.supplier = given["supplier"]
    if "commons_asset" in changes:
        contract.commons_asset = _asset(actor, changes["commons_asset"])
    _apply(contract, values)
    contract.updated_by = actor
    contract.save()
    return contract


def _partners(organisation: Organisation, chosen: Iterable[Organisation]) -> list[Organisation]:
    partners = list({org.pk: org for org in chosen}.values())
    if any(org.pk == organisation.pk for org in partners):
        raise ContractInvalid({"shared_with": f"{organisation} already sees its own contracts."})
    inactive = [org.name for org in partners if not org.active]
    if inactive:
        raise ContractInvalid(
            {"shared_with": f"{', '.join(inactive)} no longer works on the platform."}
        )
    return partners


@transaction.atomic
def share_contract(*, contract: Contract, actor, organisations: Iterable[Organisation]) -> Contract:
    """Choose the partner organisations that may see the contract (replacing the last choice)."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _may_manage(actor, contract.organisation)
    contract.shared_with.set(_partners(contract.organisation, organisations))
    return contract


def _score(field: str, value: object) -> int:
    written = str(value if value is not None else "").strip()
    if isinstance(value, bool) or not written.isdigit() or not 1 <= int(written) <= 5:
        raise ValueError(
            f"Give the {field} score as a whole number from 1 (poor) to 5 (excellent)."
        )
    return int(written)


@transaction.atomic
def record_review(
    *,
    actor,
    organisation: Organisation,
    period_start: date | str,
    period_end: date | str,
    quality: int | str,
    delivery: int | str,
    value: int | str,
    supplier: Supplier | None = None,
    contract: Contract | None = None,
    notes: str = "",
) -> SupplierReview:
    """Score a supplier's work over a period, for one contract or in general."""
    _may_manage(actor, organisation)
    if contract is not None:
        if contract.organisation_id != organisation.pk:
            raise NotAllowed(f"{organisation} can review only its own contracts.")
        supplier = contract.supplier
    if supplier is None:
        raise ContractInvalid({"supplier": "Choose the supplier or the contract to review."})
    given = {
        "period_start": period_start, "period_end": period_end,
        "quality": quality, "delivery": delivery, "value": value,
    }  # fmt: skip
    checks = {
        "period_start": lambda v: day("start of the period", v),
        "period_end": lambda v: day("end of the period", v),
        "quality": lambda v: _score("quality", v),
        "delivery": lambda v: _score("delivery", v),
        "value": lambda v: _score("value for money", v),
    }
    errors: dict[str, str] = {}
    cleaned: dict[str, object] = {}
    for field, check in checks.items():
        try:
            cleaned[field] = check(given[field])
        except ValueError as problem:
            errors[field] = str(problem)
    start, end = cleaned.get("period_start"), cleaned.get("period_end")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors["period_end"] = "The end of the period is before its start."
    if errors:
        raise ContractInvalid(errors)
    return SupplierReview.objects.create(
        supplier=supplier,
        contract=contract,
        organisation=organisation,
        notes=str(notes or "").strip(),
        reviewer=actor,
        **cleaned,
    )
