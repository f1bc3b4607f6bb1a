"""Fixtures for the commons pages' tests."""

from types import SimpleNamespace

import pytest

from commonweal.commons.tests.pages import make_wessex


@pytest.fixture
def wessex(db) -> SimpleNamespace:
    """Wessex County Council, Casterbridge District Council within it, their staff, and the
    county's bin round planner (see `pages.make_wessex`)."""
    return make_wessex()
