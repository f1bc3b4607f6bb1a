"""Short names that would hide an organisation's pages are refused."""

import importlib

import pytest
from django.core.exceptions import ValidationError

from commonweal.organisations.models import RESERVED_SLUGS
from commonweal.organisations.tests.factories import OrganisationFactory

# URL modules where an organisation's slug is the first part of the path.
ORGANISATION_FIRST = ["commonweal.strategy.urls", "commonweal.insight.dashboard_urls"]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_a_page_name_is_refused_as_an_organisation_short_name(slug):
    organisation = OrganisationFactory.build(slug=slug)
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert "is the name of a page" in str(refused.value.message_dict["slug"])


@pytest.mark.django_db
def test_an_ordinary_short_name_is_accepted():
    OrganisationFactory.build(slug="south-cambridgeshire").full_clean(exclude=["parents"])


@pytest.mark.parametrize("module", ORGANISATION_FIRST)
def test_every_fixed_page_beside_an_organisation_s_pages_is_reserved(module):
    fixed = set()
    for pattern in importlib.import_module(module).urlpatterns:
        first = str(pattern.pattern).split("/", 1)[0]
        if first and "<" not in first:
            fixed.add(first)
    assert fixed <= RESERVED_SLUGS, f"reserve {sorted(fixed - RESERVED_SLUGS)} in organisations"
