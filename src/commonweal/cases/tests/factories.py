"""Factories for cases: standard definitions, offerings, reporters and cases."""

from datetime import timedelta

import factory
from django.conf import settings
from django.utils import timezone

from commonweal.cases import references
from commonweal.cases.models import Case, Channel, Reporter
from commonweal.organisations.tests.factories import OrganisationFactory, TeamFactory
from commonweal.services import definitions
from commonweal.services.models import ServiceDefinition, ServiceOffering


def standard_definition(code: str) -> ServiceDefinition:
    """The published standard definition `code`, publishing data/services/<code>.yaml if need be."""
    row = definitions.latest_published(code)
    if row is None:
        path = settings.DATA_DIR / "services" / f"{code}.yaml"
        row = definitions.save_version(
            text=path.read_text(encoding="utf-8"), owner=None, publish=True, filename=path.name
        )
    return row


class OfferingFactory(factory.django.DjangoModelFactory):
    """A live offering of a standard definition (the pothole unless told), with its team."""

    class Meta:
        model = ServiceOffering

    organisation = factory.SubFactory(OrganisationFactory)
    definition = factory.LazyFunction(lambda: standard_definition("pothole"))
    service_code = factory.SelfAttribute("definition.code")
    team = factory.SubFactory(
        TeamFactory,
        organisation=factory.SelfAttribute("..organisation"),
        email=factory.Sequence(lambda n: f"team{n}@council.example"),
    )
    live = True


class ReporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reporter

    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"resident{n}@example.net")
    consent_to_contact = True


class CaseFactory(factory.django.DjangoModelFactory):
    """A case written straight to the database (no rules run): use intake.submit for those."""

    class Meta:
        model = Case

    offering = factory.SubFactory(OfferingFactory)
    definition = factory.SelfAttribute("offering.definition")
    organisation = factory.SelfAttribute("offering.organisation")
    team = factory.SelfAttribute("offering.team")
    reference = factory.LazyFunction(references.new_reference)
    state = "submitted"
    channel = Channel.WEB
    answers = factory.LazyFunction(dict)
    lat = 52.2053
    lon = 0.1218
    submitted_at = factory.LazyFunction(timezone.now)
    clock_started_at = factory.SelfAttribute("submitted_at")
    due_at = factory.LazyAttribute(lambda case: case.submitted_at + timedelta(days=14))
