"""Factories for the commons, and a check that a refused action changed nothing."""

from collections.abc import Iterator
from contextlib import contextmanager

import factory
from django.db import models
from django.utils import timezone

from commonweal.accounts.tests.factories import UserFactory
from commonweal.commons.markdown import render_markdown
from commonweal.commons.models import (
    Adoption,
    Asset,
    AssetVersion,
    Interest,
    Kind,
    Partnership,
    PartnershipMember,
    Stage,
)
from commonweal.commons.validation import version_sequence
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

COMMONS_MODELS = (Partnership, PartnershipMember, Asset, AssetVersion, Adoption, Interest)


def snapshot(extra: tuple[type[models.Model], ...] = ()) -> dict[str, list[dict]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (*COMMONS_MODELS, *extra)
    }


@contextmanager
def nothing_changes(*extra: type[models.Model]) -> Iterator[None]:
    """Assert that every commons row (and those of `extra` models) is as it was."""
    before = snapshot(extra)
    yield
    assert snapshot(extra) == before


def staff(organisation, role: str, **user_fields):
    """A person holding `role` in the organisation."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Shared Services Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")


class PartnershipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartnershipMember.Role.MEMBER


class AssetFactory(factory.django.DjangoModelFactory):
    """A live, public, MIT-licensed piece of software owned by an organisation."""

    class Meta:
        model = Asset

    kind = Kind.SOFTWARE
    title = factory.Sequence(lambda n: f"Bin round planner {n}")
    slug = factory.Sequence(lambda n: f"asset-{n}")
    summary = "Plans collection rounds from the property list."
    description = "Works with **any** gazetteer."
    description_html = factory.LazyAttribute(lambda asset: render_markdown(asset.description))
    owner_organisation = factory.SubFactory(OrganisationFactory)
    licence = "MIT"
    functions = factory.LazyFunction(lambda: ["waste-collection"])
    stage = Stage.LIVE


class AssetVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetVersion

    asset = factory.SubFactory(AssetFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    sequence = factory.LazyAttribute(lambda version: version_sequence(version.number)[1])
    release_notes = "First release."
    published = True
    released_on = factory.LazyFunction(timezone.localdate)


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adoption

    organisation = factory.SubFactory(OrganisationFactory)
    asset = factory.SubFactory(AssetFactory)
    status = Adoption.Status.ADOPTED
    started_on = factory.LazyFunction(timezone.localdate)


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    organisation = factory.SubFactory(OrganisationFactory)
    asset = factory.SubFactory(AssetFactory)
    note = "We need this too."
