"""Our senders speak real SMTP and the real GOV.UK Notify client to fake servers on loopback."""

import pytest

from commonweal.contrib.notify import (
    DjangoEmailSender,
    GovukNotifySender,
    SendFailed,
    get_sender,
)


def test_email_goes_through_smtp(smtp):
    DjangoEmailSender().send_email(
        to=["ada@example.net"], subject="Your report", body="We have it."
    )
    (message,) = smtp.mailbox.messages
    assert message["Subject"] == "Your report"
    assert message.get_payload().strip() == "We have it."
    assert smtp.mailbox.envelopes[0][1] == ["ada@example.net"]


def test_an_unreachable_mail_server_is_a_clear_failure(smtp, settings):
    settings.EMAIL_PORT = 1  # nothing listens there
    with pytest.raises(SendFailed, match="The mail server refused the message"):
        DjangoEmailSender().send_email(to=["ada@example.net"], subject="s", body="b")


def test_the_email_sender_cannot_text():
    with pytest.raises(SendFailed, match="NOTIFICATIONS_SENDER=govuk-notify"):
        DjangoEmailSender().send_text(to="07700900982", body="b")


def test_notify_email_and_text_use_the_templates_with_a_signed_token(notify):
    sender = get_sender()
    assert isinstance(sender, GovukNotifySender)
    sender.send_email(to=["ada@example.net"], subject="Your report", body="We have it.")
    sender.send_text(to="07700900982", body="We have it.")
    email, text = notify.records
    assert (email.kind, email.service_id) == ("email", notify.service_id)
    assert email.body == {
        "email_address": "ada@example.net",
        "template_id": "11111111-1111-1111-1111-111111111111",
        "personalisation": {"subject": "Your report", "body": "We have it."},
    }
    assert text.kind == "sms"
    assert text.body["phone_number"] == "07700900982"
    assert text.body["personalisation"] == {"body": "We have it."}


def test_a_notify_refusal_says_so(notify):
    notify.fail_with = (400, "Can't send to this recipient using a team-only API key")
    with pytest.raises(SendFailed, match=r"GOV\.UK Notify refused the message"):
        get_sender().send_email(to=["ada@example.net"], subject="s", body="b")


def test_a_wrong_key_is_refused_by_notify(notify, settings):
    settings.NOTIFY_API_KEY = notify.api_key[:-36] + "00000000-0000-0000-0000-000000000000"
    with pytest.raises(SendFailed, match="refused"):
        get_sender().send_email(to=["ada@example.net"], subject="s", body="b")
    assert notify.records == []


def test_an_unknown_sender_setting_names_the_choices(settings):
    settings.NOTIFICATIONS_SENDER = "pigeon"
    with pytest.raises(ValueError, match="one of: email, govuk-notify"):
        get_sender()
