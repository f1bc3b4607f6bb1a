"""Suppliers: shared by all organisations, found or added when a contract is recorded.

A supplier is matched by its Companies House number, or else by its name. A person adding
a contract by hand chooses a recorded supplier or adds a new one (`NewSupplier`); a new one
that is already recorded is refused, so that no supplier is recorded twice.
"""

from dataclasses import dataclass

from django.db import transaction

from commonweal.commissioning.models import Supplier
from commonweal.commissioning.validation import ContractInvalid, text
from commonweal.commissioning.validation import companies_house_number as clean_company_number


@dataclass(frozen=True)
class NewSupplier:
    """A supplier not yet recorded, to be added together with a contract."""

    name: str
    companies_house_number: str = ""
    sme: bool = False


def new_supplier_problems(new: NewSupplier) -> dict[str, str]:
    """What stops the supplier being added; one already recorded is to be chosen instead."""
    errors: dict[str, str] = {}
    try:
        name = text("supplier name", new.name)
        same = Supplier.objects.filter(name__iexact=name).first()
        if same is not None:
            errors["supplier_name"] = (
                f"{same.name} is already recorded as a supplier: choose it from the list of "
                "suppliers instead of adding it again."
            )
    except ValueError as problem:
        errors["supplier_name"] = str(problem)
    try:
        number = clean_company_number(new.companies_house_number)
        holder = Supplier.objects.filter(companies_house_number=number).first() if number else None
        if holder is not None:
            errors["companies_house_number"] = (
                f"Companies House number {number} is already recorded for {holder.name}: "
                f"choose {holder.name} from the list of suppliers, or check the number."
            )
    except ValueError as problem:
        errors["companies_house_number"] = str(problem)
    return errors


def supplier_for(chosen: Supplier | NewSupplier) -> Supplier:
    """The supplier chosen, or the new one added (checked first by `new_supplier_problems`)."""
    if isinstance(chosen, Supplier):
        return chosen
    return Supplier.objects.create(
        name=text("supplier name", chosen.name),
        companies_house_number=clean_company_number(chosen.companies_house_number),
        sme=bool(chosen.sme),
    )


@transaction.atomic
def find_or_create_supplier(
    *, name: str, companies_house_number: str = "", sme: bool = False
) -> tuple[Supplier, bool]:
    """The supplier with that Companies House number, or else with that name and no number;
    otherwise a new one. Returns (supplier, created)."""
    try:
        cleaned_name = text("name", name)
        number = clean_company_number(companies_house_number)
    except ValueError as problem:
        field = "name" if "name" in str(problem) else "companies_house_number"
        raise ContractInvalid({field: str(problem)}) from None
    existing = None
    if number:
        existing = Supplier.objects.filter(companies_house_number=number).first()
    if existing is None:
        existing = Supplier.objects.filter(
            name__iexact=cleaned_name, companies_house_number__in=["", number]
        ).first()
        if existing is not None and number and not existing.companies_house_number:
            existing.companies_house_number = number
            existing.save(update_fields=["companies_house_number", "updated_at"])
    if existing is not None:
        if sme and not existing.sme:
            existing.sme = True
            existing.save(update_fields=["sme", "updated_at"])
        return existing, False
    return Supplier.objects.create(
        name=cleaned_name, companies_house_number=number, sme=bool(sme)
    ), True
