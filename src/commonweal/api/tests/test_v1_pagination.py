"""REST v1 cursor pagination: every row once, in order, forwards and back, ties included."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from commonweal.accounts.tests.factories import api_token
from commonweal.cases.tests.factories import CaseFactory, OfferingFactory
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def walk(client: APIClient, url: str, query: dict, key: str) -> tuple[list, list]:
    """Follow `next` links to the end, then `previous` links back to the start."""
    pages, response = [], client.get(url, query)
    while True:
        assert response.status_code == 200, response.content
        pages.append([row[key] for row in response.json()["results"]])
        if response.json()["next"] is None:
            break
        response = client.get(response.json()["next"])
    backwards = [pages[-1]]
    while response.json()["previous"] is not None:
        response = client.get(response.json()["previous"])
        backwards.append([row[key] for row in response.json()["results"]])
    return pages, backwards[::-1]


def test_organisations_page_by_name_with_ties_neither_lost_nor_repeated():
    names = ["Ash", "Birch", "Birch", "Birch", "Birch", "Cedar", "Damson", "Damson", "Elm"]
    slugs = [OrganisationFactory(name=name).slug for name in names]  # made in id order

    pages, backwards = walk(APIClient(), "/api/v1/organisations/", {"page_size": 2}, "slug")

    assert [slug for page in pages for slug in page] == slugs
    assert all(len(page) == 2 for page in pages[:-1])
    assert [slug for page in backwards for slug in page] == slugs


def test_offerings_page_by_id():
    made = [OfferingFactory().pk for _ in range(5)]
    pages, backwards = walk(APIClient(), "/api/v1/offerings/", {"page_size": 2}, "id")
    assert pages == backwards == [made[0:2], made[2:4], made[4:]]


@pytest.mark.parametrize("sort", ["newest", "oldest", "due"])
def test_cases_page_through_the_queue_keyset_with_equal_times(sort):
    offering = OfferingFactory()
    user = MembershipFactory(organisation=offering.organisation, role=Role.CASEWORKER).user
    times = [MONDAY, MONDAY, MONDAY, MONDAY + timedelta(hours=1), MONDAY - timedelta(days=1)]
    cases = [
        CaseFactory(offering=offering, submitted_at=when, due_at=when + timedelta(days=3))
        for when in times
    ]
    cases += [CaseFactory(offering=offering, submitted_at=MONDAY, due_at=None) for _ in range(2)]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")

    pages, backwards = walk(
        client, "/api/v1/staff/cases/", {"page_size": 2, "sort": sort}, "reference"
    )

    listed = [reference for page in pages for reference in page]
    assert sorted(listed) == sorted(case.reference for case in cases)
    assert len(set(listed)) == len(listed) == 7
    assert [reference for page in backwards for reference in page] == listed
    by_reference = {case.reference: case for case in cases}
    if sort == "due":
        dues = [by_reference[r].due_at for r in listed]
        assert dues[-2:] == [None, None]
        assert dues[:-2] == sorted(dues[:-2])
    else:
        stamps = [(by_reference[r].submitted_at, by_reference[r].pk) for r in listed]
        assert stamps == sorted(stamps, reverse=sort == "newest")


def test_the_next_link_keeps_the_filters():
    offering = OfferingFactory()
    user = MembershipFactory(organisation=offering.organisation, role=Role.CASEWORKER).user
    for _ in range(3):
        CaseFactory(offering=offering, priority="high")
    CaseFactory(offering=offering, priority="low")
    client = APIClient()
    client.force_login(user)
    first = client.get("/api/v1/staff/cases/", {"priority": "high", "page_size": 2}).json()
    assert "priority=high" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


@pytest.mark.parametrize("url", ["/api/v1/organisations/", "/api/v1/staff/cases/"])
def test_a_bad_cursor_is_400_naming_it(url):
    user = MembershipFactory(role=Role.CASEWORKER).user
    client = APIClient()
    client.force_login(user)
    response = client.get(url, {"cursor": "not-a-cursor!"})
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


@pytest.mark.parametrize("url", ["/api/v1/staff/cases/", "/api/v1/offerings/"])
def test_a_page_costs_the_same_queries_for_few_rows_and_many(url):
    offering = OfferingFactory()
    user = MembershipFactory(organisation=offering.organisation, role=Role.CASEWORKER).user
    client = APIClient()
    client.force_login(user)

    def queries_for_a_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"page_size": 50}).status_code == 200
        return len(captured)

    CaseFactory(offering=offering, assignee=user)
    client.get(url)  # warm the per-process caches (definitions, roles)
    few = queries_for_a_page()
    for _ in range(20):
        CaseFactory(offering=offering, assignee=user)
        OfferingFactory()
    assert queries_for_a_page() == few
