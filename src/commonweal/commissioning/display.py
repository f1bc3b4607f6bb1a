"""Values for the commissioning pages, prepared here so the templates only place them."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from commonweal.commissioning import cpv
from commonweal.commissioning.models import Contract

STATUS_TAGS = {
    Contract.Status.PLANNED: "govuk-tag--blue",
    Contract.Status.ACTIVE: "govuk-tag--green",
    Contract.Status.EXTENDED: "govuk-tag--turquoise",
    Contract.Status.ENDED: "govuk-tag--grey",
}


def pounds(amount: Decimal) -> str:
    """£1,250,000 (pence shown only when there are some: £1,250.50)."""
    whole = amount == amount.to_integral_value()
    return f"£{amount:,.0f}" if whole else f"£{amount:,.2f}"


def day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def last_changed(contract: Contract, *, with_name: bool) -> str:
    """When the contract's details last changed; by whom, for its own organisation's staff."""
    when = day(timezone.localtime(contract.updated_at).date())
    who = contract.updated_by
    if with_name and who is not None:
        return f"{when} by {who.full_name or who.email}"
    return when


def month(value: date) -> str:
    return f"{value:%B %Y}"


@dataclass(frozen=True)
class ContractRow:
    url: str
    title: str
    reference: str
    organisation: str
    supplier: str
    supplier_url: str
    cpv: str
    annual_value: str
    end: str
    notice: str
    status: str
    status_tag: str


def contract_rows(contracts) -> list[ContractRow]:
    return [
        ContractRow(
            url=reverse("commissioning:contract", args=[c.pk]),
            title=c.title,
            reference=c.reference,
            organisation=c.organisation.name,
            supplier=c.supplier.name,
            supplier_url=reverse("commissioning:supplier", args=[c.supplier_id]),
            cpv=cpv.label(c.cpv_code),
            annual_value=pounds(c.annual_value),
            end=day(c.end_date),
            notice=day(c.notice_date),
            status=c.get_status_display(),
            status_tag=STATUS_TAGS.get(c.status, ""),
        )
        for c in contracts
    ]
