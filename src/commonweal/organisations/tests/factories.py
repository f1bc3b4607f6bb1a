import factory

from commonweal.accounts.tests.factories import UserFactory
from commonweal.organisations.models import Kind, Membership, Nation, Organisation, Role, Team


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Example District Council {n}")
    slug = factory.Sequence(lambda n: f"example-{n}")
    kind = Kind.DISTRICT
    nation = Nation.ENGLAND


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER
