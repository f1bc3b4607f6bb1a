"""Factories for strategy: people in roles, assessments (scored or not) and targets.

Shared by the helpers' test modules: add to it, do not rewrite it.
"""

from datetime import date

import factory
from django.utils import timezone

from commonweal.accounts.tests.factories import UserFactory
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory
from commonweal.strategy.framework import load_framework
from commonweal.strategy.models import (
    Assessment,
    Initiative,
    KeyPlayer,
    KeyPlayerRole,
    Milestone,
    OutcomeTarget,
    Target,
    ThemeScore,
)


def person(organisation, role: str = Role.EXECUTIVE, **user_fields):
    """A user holding `role` in the organisation."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def theme_keys() -> tuple[str, ...]:
    return load_framework().theme_keys


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    organisation = factory.SubFactory(OrganisationFactory)
    framework_version = factory.LazyFunction(lambda: load_framework().version)
    assessed_on = factory.LazyFunction(timezone.localdate)


class ThemeScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeScore

    assessment = factory.SubFactory(AssessmentFactory)
    theme = "collaborate"
    level = 2
    evidence = "A shared plan agreed with two neighbouring councils."


def scored(
    organisation,
    levels: dict[str, int] | int = 2,
    *,
    assessed_on: date | None = None,
    complete: bool = True,
    only: tuple[str, ...] | None = None,
) -> Assessment:
    """An assessment with every theme (or `only` those) scored: one level for all, or a level
    per theme key (themes left out score 2)."""
    assessment = AssessmentFactory(
        organisation=organisation,
        assessed_on=assessed_on or timezone.localdate(),
        status=Assessment.Status.COMPLETE if complete else Assessment.Status.IN_PROGRESS,
        completed_at=timezone.now() if complete else None,
    )
    for key in only if only is not None else theme_keys():
        level = levels if isinstance(levels, int) else levels.get(key, 2)
        ThemeScore.objects.create(assessment=assessment, theme=key, level=level)
    return assessment


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    organisation = factory.SubFactory(OrganisationFactory)
    theme = "collaborate"
    level = 4
    due_on = factory.LazyFunction(lambda: date(timezone.localdate().year + 5, 3, 31))


class OutcomeTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeTarget

    organisation = factory.SubFactory(OrganisationFactory)
    measure = "online-share"
    value = 80
    due_on = factory.LazyFunction(lambda: date(timezone.localdate().year + 5, 3, 31))


# The route (issue 6): key players, initiatives and milestones.


class KeyPlayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyPlayer

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.LazyAttribute(lambda kp: person(kp.organisation, Role.EXECUTIVE))
    role = KeyPlayerRole.CIO


class InitiativeFactory(factory.django.DjangoModelFactory):
    """An initiative under way, rated green, April 2025 to March 2028, on collaboration."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Shared digital service {n}")
    themes = factory.LazyFunction(lambda: ["collaborate"])
    lead_organisation = factory.SubFactory(OrganisationFactory)
    starts_on = date(2025, 4, 1)
    ends_on = date(2028, 3, 31)
    status = Initiative.Status.ACTIVE
    rag = Initiative.Rag.GREEN

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partners.set(extracted)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = date(2026, 3, 31)
