"""Partnerships: formed by an administrator, managed by their leads, never without a lead."""

import pytest

from commonweal.commons import partnerships
from commonweal.commons.functions import AssetInvalid, Conflict, NotAllowed
from commonweal.commons.models import PartnershipMember
from commonweal.commons.tests.factories import nothing_changes, staff
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
LEAD, MEMBER = PartnershipMember.Role.LEAD, PartnershipMember.Role.MEMBER


@pytest.fixture
def county():
    return OrganisationFactory(name="West Sussex County Council")


@pytest.fixture
def admin(county):
    return staff(county, Role.ADMIN)


@pytest.fixture
def partnership(county, admin):
    return partnerships.form_partnership(
        name=" Sussex  Waste Partnership ", lead=county, actor=admin, description="Bins, together."
    )


def members(partnership) -> list[tuple[str, str]]:
    return list(partnership.memberships.values_list("organisation__name", "role"))


def test_forming_makes_the_organisation_its_lead(partnership):
    assert (partnership.name, partnership.slug) == (
        "Sussex Waste Partnership",
        "sussex-waste-partnership",
    )
    assert members(partnership) == [("West Sussex County Council", "lead")]


def test_only_an_administrator_forms_one_and_names_are_unique(county, admin, partnership):
    with nothing_changes(), pytest.raises(NotAllowed, match="Only administrators of West"):
        partnerships.form_partnership(
            name="Another", lead=county, actor=staff(county, Role.SERVICE_OWNER)
        )
    with nothing_changes(), pytest.raises(AssetInvalid, match="already uses"):
        partnerships.form_partnership(name="Sussex Waste Partnership", lead=county, actor=admin)
    with nothing_changes(), pytest.raises(AssetInvalid, match="Enter the partnership's name"):
        partnerships.form_partnership(name="  ", lead=county, actor=admin)


def test_leads_add_members_change_roles_and_keep_a_lead(county, admin, partnership):
    district = OrganisationFactory(name="Adur District Council")
    partnerships.add_partner(partnership=partnership, organisation=district, actor=admin)

    with nothing_changes(), pytest.raises(Conflict, match="already in"):
        partnerships.add_partner(partnership=partnership, organisation=district, actor=admin)
    with nothing_changes(), pytest.raises(NotAllowed):
        partnerships.add_partner(
            partnership=partnership,
            organisation=OrganisationFactory(),
            actor=staff(district, Role.ADMIN),
        )
    with nothing_changes(), pytest.raises(Conflict, match="only lead"):
        partnerships.remove_partner(partnership=partnership, organisation=county, actor=admin)
    with nothing_changes(), pytest.raises(Conflict, match="only lead"):
        partnerships.change_partner_role(
            partnership=partnership, organisation=county, role=MEMBER, actor=admin
        )

    partnerships.change_partner_role(
        partnership=partnership, organisation=district, role=LEAD, actor=admin
    )
    partnerships.remove_partner(partnership=partnership, organisation=county, actor=admin)
    assert members(partnership) == [("Adur District Council", "lead")]


def test_an_inactive_organisation_cannot_join(admin, partnership):
    with nothing_changes(), pytest.raises(Conflict, match="no longer active"):
        partnerships.add_partner(
            partnership=partnership, organisation=OrganisationFactory(active=False), actor=admin
        )
