"""/metrics: requests by route (never the raw path), open cases, tasks waiting; who may read it."""

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from commonweal.cases.notifications import send_case_notification
from commonweal.cases.tests.factories import CaseFactory, OfferingFactory

pytestmark = pytest.mark.django_db


def scrape(client, **headers) -> str:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def value(text: str, name: str, **labels: str) -> float:
    """A sample's value in a scrape (0 when absent): counters only grow between tests."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return 0.0


def test_requests_are_counted_and_timed_by_route(client):
    healthz = {"method": "GET", "route": "operations:healthz"}
    before = scrape(client)

    client.get("/healthz")
    client.get("/open311/v2/requests/CW-2345-6789.json?email=someone@example.org")
    text = scrape(client)

    counted = "commonweal_http_requests_total"
    assert (
        value(text, counted, **healthz, status="2xx")
        == value(before, counted, **healthz, status="2xx") + 1
    )
    missing = {"method": "GET", "route": "open311:request", "status": "4xx"}
    assert value(text, counted, **missing) == value(before, counted, **missing) + 1
    timed = "commonweal_http_request_duration_seconds_count"
    assert value(text, timed, **healthz) == value(before, timed, **healthz) + 1
    assert value(text, "commonweal_http_request_duration_seconds_bucket", **healthz, le="10.0") > 0
    # Labels hold the route's name only: no reference, path or query string.
    assert "CW-2345" not in text
    assert "example.org" not in text


def test_unknown_addresses_share_one_label(client):
    # Letters, not digits: a digit string can turn up inside any sample's value.
    client.get("/no/such/page/at-all/anywhere/unmatched-address")
    client.generic("BREW", "/healthz")

    text = scrape(client)

    assert "unmatched-address" not in text
    assert 'method="other"' in text


def test_open_cases_by_state(client):
    offering = OfferingFactory()
    CaseFactory.create_batch(2, offering=offering, state="submitted")
    CaseFactory(offering=offering, state="in-progress")
    CaseFactory(offering=offering, state="fixed", closed_at=timezone.now())

    text = scrape(client)

    assert 'commonweal_open_cases{state="submitted"} 2.0' in text
    assert 'commonweal_open_cases{state="in-progress"} 1.0' in text
    assert 'state="fixed"' not in text


def test_case_counts_are_kept_for_a_while(client):
    offering = OfferingFactory()
    CaseFactory(offering=offering, state="submitted")
    scrape(client)
    CaseFactory(offering=offering, state="submitted")

    assert 'commonweal_open_cases{state="submitted"} 1.0' in scrape(client)


def test_tasks_waiting_in_the_database_queue(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    send_case_notification.enqueue(case_id=1, template="received", to="team")
    send_case_notification.enqueue(case_id=2, template="received", to="team")

    assert 'commonweal_task_queue_ready{queue="default"} 2.0' in scrape(client)


def test_no_queue_depth_for_the_in_process_queue(client):
    assert "commonweal_task_queue_ready" not in scrape(client)


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "172.20.0.4", "192.168.0.9", "::1", "::ffff:10.0.0.2"]
)
def test_private_addresses_may_scrape_without_a_token(client, address):
    assert client.get("/metrics", REMOTE_ADDR=address).status_code == 200


@pytest.mark.parametrize("address", ["203.0.113.7", "8.8.8.8", "2001:db8::1", "not an address"])
def test_public_addresses_may_not(client, address):
    assert client.get("/metrics", REMOTE_ADDR=address).status_code == 403


def test_a_request_through_a_proxy_may_not(client):
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert response.status_code == 403


def test_with_a_token_only_a_scrape_that_sends_it(client, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token"

    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    right = {"HTTP_AUTHORIZATION": "Bearer s3cret-scrape-token", "REMOTE_ADDR": "203.0.113.7"}
    assert client.get("/metrics", **right).status_code == 200
