"""The database itself keeps an asset to one owner and one asset to a service code."""

import pytest
from django.db import IntegrityError, transaction

from commonweal.commons.models import Kind
from commonweal.commons.tests.factories import AssetFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def refused(**fields) -> bool:
    try:
        with transaction.atomic():
            AssetFactory(**fields)
    except IntegrityError:
        return True
    return False


def test_an_asset_has_exactly_one_owner():
    assert refused(owner_partnership=PartnershipFactory())  # and an organisation
    assert refused(owner_organisation=None)
    assert not refused(owner_organisation=None, owner_partnership=PartnershipFactory())


def test_only_a_standard_service_definition_has_no_owner():
    assert not refused(owner_organisation=None, kind=Kind.SERVICE_DEFINITION, service_code="bins")
    assert refused(owner_organisation=None, kind=Kind.SERVICE_DEFINITION, service_code="")


def test_a_service_code_belongs_to_one_definition_asset():
    assert refused(kind=Kind.SOFTWARE, service_code="bins")
    AssetFactory(kind=Kind.SERVICE_DEFINITION, service_code="bins")
    assert refused(kind=Kind.SERVICE_DEFINITION, service_code="bins")
    AssetFactory(kind=Kind.SERVICE_DEFINITION, service_code="")
    AssetFactory(kind=Kind.SERVICE_DEFINITION, service_code="")  # empty codes do not clash
