"""Sending e-mail and text messages, behind one small interface.

NOTIFICATIONS_SENDER chooses how: `email` (Django's e-mail backend, so SMTP or the
console as EMAIL_URL says; no text messages) or `govuk-notify` (GOV.UK Notify, for
e-mail and text messages, with one template each that shows a `subject` and a `body`).
"""

import smtplib
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient


class SendFailed(RuntimeError):
    """The message was not accepted. Unless `permanent`, the task that sent it may try again.

    Permanent: the message itself was refused (a bad address, a key that may not send to
    it); sending it again would be refused again.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Sender(Protocol):
    can_text: bool

    def send_email(self, *, to: list[str], subject: str, body: str) -> None: ...

    def send_text(self, *, to: str, body: str) -> None: ...


class DjangoEmailSender:
    """E-mail through Django's configured backend (SMTP in production, console in the demo)."""

    can_text = False

    def send_email(self, *, to: list[str], subject: str, body: str) -> None:
        try:
            send_mail(subject, body, None, to)
        except smtplib.SMTPRecipientsRefused as problem:
            raise SendFailed(
                f"The mail server refused the address: {problem}", permanent=True
            ) from problem
        except OSError as problem:
            raise SendFailed(f"The mail server refused the message: {problem}") from problem

    def send_text(self, *, to: str, body: str) -> None:
        raise SendFailed("Text messages need NOTIFICATIONS_SENDER=govuk-notify.", permanent=True)


class GovukNotifySender:
    """GOV.UK Notify, using one e-mail and one text template with `subject`/`body` fields."""

    can_text = True

    def __init__(self) -> None:
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=10
        )

    def send_email(self, *, to: list[str], subject: str, body: str) -> None:
        for address in to:
            self._call(
                self.client.send_email_notification,
                email_address=address,
                template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation={"subject": subject, "body": body},
            )

    def send_text(self, *, to: str, body: str) -> None:
        self._call(
            self.client.send_sms_notification,
            phone_number=to,
            template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
            personalisation={"body": body},
        )

    @staticmethod
    def _call(method, **arguments) -> None:
        try:
            method(**arguments)
        except APIError as problem:
            status = getattr(problem, "status_code", 500) or 500
            raise SendFailed(
                f"GOV.UK Notify refused the message: {problem}",
                permanent=400 <= status < 500 and status != 429,  # 429: too many, for now
            ) from problem
        except OSError as problem:
            raise SendFailed(f"GOV.UK Notify could not be reached: {problem}") from problem


SENDERS = {"email": DjangoEmailSender, "govuk-notify": GovukNotifySender}


def get_sender() -> Sender:
    name = getattr(settings, "NOTIFICATIONS_SENDER", "email")
    if name not in SENDERS:
        raise ValueError(
            f"NOTIFICATIONS_SENDER is {name!r}; set it to one of: {', '.join(SENDERS)}."
        )
    return SENDERS[name]()
