"""Fixtures for the operations tests: case counts not carried over from another test."""

import pytest

from commonweal.operations import collectors


@pytest.fixture(autouse=True)
def _fresh_case_counts():
    collectors.forget_case_counts()
    yield
    collectors.forget_case_counts()
