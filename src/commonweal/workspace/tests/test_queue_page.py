"""The queue page: filters from the query string, errors not crashes, pages, bulk assign."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from commonweal.cases.models import Case, Event
from commonweal.cases.tests.factories import CaseFactory


def text(response) -> str:
    return response.content.decode()


def listed(response) -> list[str]:
    return re.findall(r'href="/workspace/cases/(CW-[^/]+)/"', text(response))


@pytest.fixture
def signed_in(client, council):
    client.force_login(council.caseworker)
    return client


def test_the_queue_lists_open_cases_newest_first(signed_in, council):
    old = CaseFactory(offering=council.offering, submitted_at=timezone.now() - timedelta(days=1))
    new = CaseFactory(offering=council.offering, priority="urgent")
    CaseFactory(offering=council.offering, state="fixed", closed_at=timezone.now())

    response = signed_in.get("/workspace/")

    assert response.status_code == 200
    assert listed(response) == [new.reference, old.reference]
    page = text(response)
    assert "Report a pothole" in page and "Received" in page  # service name, state label
    assert 'govuk-tag govuk-tag--red">Urgent' in page
    assert "2 cases" in page


def test_an_overdue_case_is_tagged(signed_in, council):
    CaseFactory(offering=council.offering, due_at=timezone.now() - timedelta(hours=2))

    assert "Overdue</strong>" in text(signed_in.get("/workspace/"))


def test_filters_from_the_query_string(signed_in, council):
    mine = CaseFactory(offering=council.offering, assignee=council.caseworker, channel="phone")
    CaseFactory(offering=council.offering)

    response = signed_in.get("/workspace/", {"assignee": "me", "channel": "phone", "state": "any"})

    assert listed(response) == [mine.reference]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"state": "lost"}, "Choose a state from the list"),
        ({"priority": "extreme"}, "Choose a priority from the list"),
        ({"team": "99999"}, "Choose a team from the list"),
        ({"assignee": "nobody"}, "Choose who the case is assigned to from the list"),
        ({"sort": "random"}, "Choose an order from the list"),
        ({"channel": "pigeon"}, "Choose a channel from the list"),
        ({"service": "dragons"}, "Choose a service from the list"),
        ({"submitted_from": "32/1/2026"}, "Enter the submitted from as day, month and year"),
        ({"submitted_to": "yesterday"}, "Enter the submitted to as day, month and year"),
        (
            {"submitted_from": "3/3/2026", "submitted_to": "2/3/2026"},
            "Submitted to must be the same as or after submitted from",
        ),
        ({"text": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"after": "not-a-cursor"}, "This page link no longer works"),
    ],
)
def test_bad_filters_give_an_error_not_a_crash(signed_in, council, query, message):
    CaseFactory(offering=council.offering)

    response = signed_in.get("/workspace/", query)

    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert listed(response) == []
    assert "<title>Error: Cases" in page


def test_a_date_filter_accepts_common_forms(signed_in, council):
    case = CaseFactory(offering=council.offering)
    today = timezone.localdate()

    for typed in (
        f"{today:%d/%m/%Y}",
        f"{today.day}-{today.month}-{today.year}",
        f"{today:%Y-%m-%d}",
    ):
        response = signed_in.get("/workspace/", {"submitted_from": typed, "submitted_to": typed})
        assert listed(response) == [case.reference], typed


def test_next_and_previous_links_walk_the_pages(signed_in, council, monkeypatch):
    monkeypatch.setattr("commonweal.workspace.views.queue.PAGE_SIZE", 20)
    start = timezone.now()
    cases = [
        CaseFactory(offering=council.offering, submitted_at=start - timedelta(minutes=n))
        for n in range(45)
    ]
    seen, response = [], signed_in.get("/workspace/", {"priority": "normal"})
    pages = 0
    while True:
        pages += 1
        seen += listed(response)
        found = re.search(r'href="(\?[^"]+)" rel="next"', text(response))
        if not found:
            break
        next_url = found.group(1).replace("&amp;", "&")
        assert "priority=normal" in next_url  # the filters carry on
        response = signed_in.get(f"/workspace/{next_url}")

    assert pages == 3
    assert seen == [case.reference for case in cases]
    previous = re.search(r'href="(\?[^"]+)" rel="prev"', text(response)).group(1)
    back = signed_in.get(f"/workspace/{previous.replace('&amp;', '&')}")
    assert listed(back) == [case.reference for case in cases[20:40]]
    assert "more on the next" in text(back)


def test_bulk_assign_assigns_each_case_with_its_version(signed_in, council, report):
    first, second = report(council.organisation), report(council.organisation)

    response = signed_in.post(
        "/workspace/assign/",
        {
            "bulk-cases": [
                f"{first.reference}:{first.version}",
                f"{second.reference}:{second.version}",
            ],
            "bulk-team": council.other_team.pk,
            "bulk-assignee": council.owner.pk,
            "bulk-query": "state=any&sort=oldest",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/workspace/?state=any&sort=oldest", 302)]
    assert "2 cases assigned to Customer services" in text(response)
    for case in (first, second):
        case.refresh_from_db()
        assert (case.team, case.assignee) == (council.other_team, council.owner)
        assert case.events.filter(kind=Event.Kind.ASSIGNED, actor=council.caseworker).exists()


def test_bulk_assign_reports_stale_and_refused_cases(signed_in, council, other_council, report):
    fresh, changed = report(council.organisation), report(council.organisation)
    theirs = report(other_council.organisation)
    Case.objects.filter(pk=changed.pk).update(version=changed.version + 1)

    response = signed_in.post(
        "/workspace/assign/",
        {
            "bulk-cases": [
                f"{fresh.reference}:{fresh.version}",
                f"{changed.reference}:{changed.version}",
                f"{theirs.reference}:{theirs.version}",
            ],
            "bulk-team": council.team.pk,
        },
        follow=True,
    )

    page = text(response)
    assert "1 case assigned to Highways" in page
    assert f"{changed.reference} was not assigned: someone else changed it" in page
    assert f"{theirs.reference} was not assigned: there is no such case that you can see" in page
    changed.refresh_from_db()
    assert changed.assignee is None and not changed.events.filter(kind="assigned").exists()


def test_bulk_assign_without_a_selection_shows_an_error(signed_in, council, report):
    report(council.organisation)

    response = signed_in.post("/workspace/assign/", {"bulk-team": "", "bulk-query": ""})

    page = text(response)
    assert response.status_code == 200
    assert "Select at least one case to assign" in page
    assert "Choose the team to assign the cases to" in page


def test_bulk_assign_refuses_an_executive(client, council, report):
    case = report(council.organisation)
    client.force_login(council.executive)

    response = client.post(
        "/workspace/assign/",
        {"bulk-cases": [f"{case.reference}:{case.version}"], "bulk-team": council.team.pk},
        follow=True,
    )

    assert "was not assigned: You cannot work on Wessex County Council" in text(response)


def test_a_longer_page_costs_no_more_queries(signed_in, council):
    """Each row's service, team and assignee are read for the whole page at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    team = council.other_team

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get("/workspace/").status_code == 200
        return len(captured.captured_queries)

    CaseFactory.create_batch(3, offering=council.offering, team=team, assignee=council.caseworker)
    queries_for_page()  # the first also reads the service definition into its cache
    few = queries_for_page()
    CaseFactory.create_batch(30, offering=council.offering, team=team, assignee=council.caseworker)
    assert queries_for_page() == few
