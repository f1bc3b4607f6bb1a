"""Fixtures for the portal: Cambridge's two councils running their standard services."""

from types import SimpleNamespace

import pytest

from commonweal.demo.offerings import run_demo_offerings
from commonweal.organisations.models import Organisation


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cambridge(reference_data) -> SimpleNamespace:
    """Cambridge City Council and Cambridgeshire County Council, each running its services."""
    city = Organisation.objects.get(gss_code="E07000008")
    county = Organisation.objects.get(gss_code="E10000003")
    run_demo_offerings(councils=[city, county])
    return SimpleNamespace(city=city, county=county)
