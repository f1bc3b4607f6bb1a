"""Factories for commissioning, people in roles, and a check that a refusal changed nothing."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import factory

from commonweal.accounts.tests.factories import UserFactory
from commonweal.commissioning import cpv
from commonweal.commissioning.models import (
    Contract,
    OpportunityInterest,
    Supplier,
    SupplierReview,
)
from commonweal.commissioning.validation import notice_date_for
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

MODELS = (Supplier, Contract, SupplierReview, OpportunityInterest)
REFUSE = "90511000-2"  # Refuse collection services (group 905)
RECYCLING = "90514000-3"  # Refuse recycling services (group 905)
SOFTWARE = "48000000-8"  # Software package and information systems (group 480)


def snapshot() -> dict[str, list[dict]]:
    rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}
    rows["shares"] = list(Contract.shared_with.through.objects.order_by("pk").values())
    return rows


@contextmanager
def nothing_changes() -> Iterator[None]:
    """Assert that no commissioning row was added, changed or removed."""
    before = snapshot()
    yield
    assert snapshot() == before


def staff(organisation, role: str, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Fenland Services {n} Ltd")
    companies_house_number = factory.Sequence(lambda n: f"{n + 1:08d}")
    sme = False


class ContractFactory(factory.django.DjangoModelFactory):
    """An active refuse collection contract, 2025 to March 2028, £100,000 a year."""

    class Meta:
        model = Contract
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    supplier = factory.SubFactory(SupplierFactory)
    title = factory.Sequence(lambda n: f"Household waste collection {n}")
    cpv_code = REFUSE
    cpv_group = factory.LazyAttribute(lambda c: cpv.group_of(c.cpv_code))
    annual_value = Decimal("100000.00")
    total_value = Decimal("300000.00")
    start_date = date(2025, 4, 1)
    end_date = date(2028, 3, 31)
    notice_period_months = 6
    notice_date = factory.LazyAttribute(
        lambda c: notice_date_for(c.end_date, c.notice_period_months)
    )
    status = Contract.Status.ACTIVE

    @factory.post_generation
    def shared_with(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.shared_with.set(extracted)


class SupplierReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierReview

    contract = factory.SubFactory(ContractFactory)
    supplier = factory.LazyAttribute(lambda r: r.contract.supplier)
    organisation = factory.LazyAttribute(lambda r: r.contract.organisation)
    period_start = date(2025, 4, 1)
    period_end = date(2025, 6, 30)
    quality = 4
    delivery = 3
    value = 4
