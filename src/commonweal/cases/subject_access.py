"""What Commonweal holds about one person, found by e-mail address, phone number or account.

`find_reporters` gathers the reporter rows that are theirs: those with the e-mail address
or phone number, and those linked to the account with that e-mail address. An erased
reporter holds nothing to find, so it is never found. `personal_data` puts together a
subject-access export: the account, and for each request the reference, the service,
the dates, the public timeline, what they told us (description, answers, their rating)
and the photos they sent (listed; the files themselves are sent apart, by whoever answers).
"""

from datetime import datetime

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.cases.models import Case, Event, Reporter
from commonweal.cases.state import state_label
from commonweal.services import definitions


def _phone_forms(phone: str) -> set[str]:
    """The number without spaces, and with +44 for a leading 0, or a 0 for +44."""
    bare = "".join(phone.split())
    forms = {bare}
    if bare.startswith("0"):
        forms.add("+44" + bare[1:])
    elif bare.startswith("+44"):
        forms.add("0" + bare[3:])
    return {form for form in forms if form}


def find_account(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first() if email.strip() else None


def find_reporters(*, email: str = "", phone: str = "") -> QuerySet[Reporter]:
    """The person's reporter rows not yet erased (none when neither is given)."""
    matches = Q(pk__in=[])
    if email.strip():
        matches |= Q(email__iexact=email.strip()) | Q(user__email__iexact=email.strip())
    if phone.strip():
        matches |= Q(bare_phone__in=_phone_forms(phone))
    return (
        Reporter.objects.alias(bare_phone=Replace("phone", Value(" "), Value("")))
        .filter(matches, erased_at__isnull=True)
        .order_by("pk")
    )


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _account(user: User | None) -> dict | None:
    if user is None:
        return None
    return {
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": _moment(user.date_joined),
        "last_login": _moment(user.last_login),
        "active": user.is_active,
    }


def _request(case: Case, reporter: Reporter) -> dict:
    definition = definitions.engine_definition(case.definition)
    events = case.events.filter(public=True).order_by("at", "pk")
    return {
        "reference": case.reference,
        "service": definition.name,
        "organisation": case.organisation.name,
        "channel": case.get_channel_display(),
        "submitted_at": _moment(case.submitted_at),
        "closed_at": _moment(case.closed_at),
        "status": state_label(definition, case.state),
        "contact_details": {
            "name": reporter.name,
            "email": reporter.email,
            "phone": reporter.phone,
            "consent_to_contact": reporter.consent_to_contact,
        },
        "description": case.description,
        "answers": case.answers,
        "address": case.address,
        "location": {"lat": case.lat, "lon": case.lon} if case.lat is not None else None,
        "photos": [
            {
                "file": photo.file.name,
                "width": photo.width,
                "height": photo.height,
                "bytes": photo.bytes,
                "uploaded_at": _moment(photo.created_at),
            }
            for photo in case.attachments.order_by("pk")
        ],
        "timeline": [_event(event, definition) for event in events],
        "rating": _rating(case),
    }


def _rating(case: Case) -> dict | None:
    rated = case.events.filter(kind=Event.Kind.RATED).order_by("at", "pk").first()
    if rated is None:
        return None
    return {
        "at": _moment(rated.at),
        "score": rated.data.get("score"),
        "comment": rated.data.get("comment", ""),
    }


def _event(event: Event, definition) -> dict:
    what = event.get_kind_display()
    if event.to_state:
        what = f"{what}: {state_label(definition, event.to_state)}"
    return {"at": _moment(event.at), "what": what, "note": event.note}


def personal_data(*, email: str = "", phone: str = "", now: datetime | None = None) -> dict:
    """Everything held about the person with this e-mail address or phone number."""
    reporters = list(find_reporters(email=email, phone=phone))
    cases = {
        case.reporter_id: case
        for case in Case.objects.filter(reporter__in=reporters).select_related(
            "definition", "organisation"
        )
    }
    return {
        "produced_at": _moment(now or timezone.now()),
        "asked_about": {"email": email.strip(), "phone": phone.strip()},
        "account": _account(find_account(email=email)),
        "requests": [
            _request(cases[reporter.pk], reporter) for reporter in reporters if reporter.pk in cases
        ],
    }
