"""Fixtures for the strategy tests. Shared by the helpers' modules: add, do not rewrite."""

from types import SimpleNamespace

import pytest

from commonweal.organisations.models import Kind, Role
from commonweal.organisations.tests.factories import OrganisationFactory
from commonweal.strategy.tests.factories import person


@pytest.fixture
def council(db):
    """A county council with a CIO (executive), an administrator and a caseworker, and a
    neighbouring county whose executive is a stranger to it."""
    cambs = OrganisationFactory(
        name="Cambridgeshire County Council", slug="cambridgeshire", kind=Kind.COUNTY
    )
    norfolk = OrganisationFactory(name="Norfolk County Council", slug="norfolk", kind=Kind.COUNTY)
    return SimpleNamespace(
        org=cambs,
        other=norfolk,
        cio=person(cambs, Role.EXECUTIVE, full_name="Jo Lindqvist"),
        admin=person(cambs, Role.ADMIN, full_name="Chris Doyle"),
        caseworker=person(cambs, Role.CASEWORKER, full_name="Dev Patel"),
        stranger=person(norfolk, Role.EXECUTIVE, full_name="Sam Reed"),
    )


@pytest.fixture
def route_area(db):
    """For the route: a county with its executives named as key players, a district that
    partners it, a neighbouring county, and people in each."""
    from commonweal.strategy.models import KeyPlayer, KeyPlayerRole

    county = OrganisationFactory(
        name="Cambridgeshire County Council", slug="cambridgeshire", kind=Kind.COUNTY
    )
    district = OrganisationFactory(name="Fenland District Council", slug="fenland")
    district.parents.add(county)
    other = OrganisationFactory(name="Norfolk County Council", slug="norfolk", kind=Kind.COUNTY)
    ceo = person(county, Role.EXECUTIVE, full_name="Alex Moreno")
    cio = person(county, Role.EXECUTIVE, full_name="Jo Lindqvist")
    return SimpleNamespace(
        county=county,
        district=district,
        other=other,
        ceo=ceo,
        cio=cio,
        chief=KeyPlayer.objects.create(
            organisation=county, user=ceo, role=KeyPlayerRole.CHIEF_EXECUTIVE
        ),
        cio_role=KeyPlayer.objects.create(organisation=county, user=cio, role=KeyPlayerRole.CIO),
        admin=person(county, Role.ADMIN, full_name="Chris Doyle"),
        caseworker=person(county, Role.CASEWORKER, full_name="Dev Patel"),
        commissioner=person(county, Role.COMMISSIONER, full_name="Ruth Achebe"),
        district_officer=person(district, Role.CASEWORKER, full_name="Mia Evans"),
        stranger=person(other, Role.EXECUTIVE, full_name="Sam Reed"),
    )
