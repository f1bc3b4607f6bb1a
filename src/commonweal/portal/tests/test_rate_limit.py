"""Sending requests from the portal is limited per session and per address: over the limit,
a plain page says when to try again, nothing is sent and the answers are kept."""

import pytest
from django.test import Client

from commonweal.cases.models import Case
from commonweal.portal.tests.flows import answer, ask, contact, locate, send

pytestmark = pytest.mark.django_db


def fill_in(client) -> None:
    assert locate(client).status_code == 302
    assert answer(client).status_code == 302
    assert contact(client).status_code == 302


def test_over_the_session_limit_the_answers_wait_for_later(client, settings, cambridge):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "portal-submit-session": "1/3600"}
    ask(client)
    fill_in(client)

    refused = send(client)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
    page = refused.content.decode()
    assert "You have sent too many requests in a short time" in page
    assert "We have kept your answers." in page
    assert "Try again in " in page and "minute" in page
    assert Case.objects.count() == 1

    check = client.get("/services/pothole/ask/check/")
    assert check.status_code == 200
    assert "ada@example.net" in check.content.decode()


def test_the_address_limit_holds_across_sessions(settings, cambridge):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "portal-submit-ip": "2/3600"}
    for _ in range(2):
        ask(Client(REMOTE_ADDR="198.51.100.7"))
    third = Client(REMOTE_ADDR="198.51.100.7")
    fill_in(third)
    assert send(third).status_code == 429
    elsewhere = Client(REMOTE_ADDR="198.51.100.8")
    fill_in(elsewhere)
    assert send(elsewhere).status_code == 302
    assert Case.objects.count() == 3
