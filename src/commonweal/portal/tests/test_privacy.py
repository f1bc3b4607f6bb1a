"""The privacy notice shows each service's retention; logs of a request hold nothing personal."""

import logging

import pytest

from commonweal.cases.models import Case
from commonweal.portal.tests.flows import CONTACT, ask, html_of

pytestmark = pytest.mark.django_db


def test_the_notice_lists_the_retention_of_each_live_standard_service(client, cambridge):
    html = html_of(client.get("/privacy/"))

    assert "<title>Privacy notice \N{EN DASH} Commonweal</title>" in html
    row = (
        '<th scope="row" class="govuk-table__header">{}</th>\n'
        '          <td class="govuk-table__cell">{}</td>'
    )
    assert row.format("Report a pothole", "6 years") in html
    assert row.format("Report a missed bin collection", "1 year") in html
    assert "Information Commissioner" in html
    assert 'href="/organisations/"' in html


def test_the_notice_is_linked_from_the_footer_and_found_without_a_slash(client):
    assert '<a class="govuk-footer__link" href="/privacy/">Privacy</a>' in html_of(client.get("/"))
    assert client.get("/privacy").headers["Location"] == "/privacy/"
    assert "Each service sets how long" in html_of(client.get("/privacy/"))


def test_sending_a_request_logs_nothing_personal(
    client, cambridge, caplog, django_capture_on_commit_callbacks
):
    for name in ("commonweal", "django"):
        caplog.set_level(logging.DEBUG, logger=name)

    with django_capture_on_commit_callbacks(execute=True):
        ask(client, details={**CONTACT, "consent": "on"})

    reporter = Case.objects.get().reporter
    assert (reporter.name, reporter.email) == (CONTACT["name"], CONTACT["email"])
    logging.getLogger("commonweal.portal").debug("The capture works.")
    assert "The capture works." in caplog.text
    logged = caplog.text + " ".join(str(record.args) for record in caplog.records)
    for personal in (CONTACT["name"], CONTACT["email"], CONTACT["phone"], "Lovelace", "960 001"):
        assert personal not in logged
