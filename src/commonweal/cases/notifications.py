"""E-mails about a case, sent by a task once the change that called for them has committed.

A definition's rules say when to notify whom (`notify: {to, template}`); the templates
are filled in by the engine from a fixed set of placeholders, none of them personal.

Who receives what:
- `reporter`: the person who asked, when they gave an e-mail address and either agreed
  to be contacted or typed the address in themselves with their own request (the web,
  Open311, API and e-mail channels). Messages about one's own request are what an
  address given with it is for; when staff take a request by phone, in person or by
  import, the reporter's recorded consent decides. Erased reporters get nothing.
- `team`: the team's shared address (the case's team, else the offering's).
- `service-owner`: every active member of the organisation holding that role.

Each attempt writes an internal `notified` event saying what went to whom (by role, never
the address), or why nothing was sent.
"""

import logging
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils import timezone
from django_tasks import TaskContext, task

from commonweal.cases import references
from commonweal.cases.automation import event, write_events
from commonweal.cases.models import Case, Channel, Event
from commonweal.cases.state import long_date, state_label
from commonweal.contrib.notify import SendFailed, get_sender
from commonweal.core.retries import will_be_retried
from commonweal.organisations.models import Membership, Role, Team
from commonweal.services import definitions, engine

logger = logging.getLogger(__name__)
SELF_SERVICE_CHANNELS = {Channel.WEB, Channel.OPEN311, Channel.API, Channel.EMAIL}
CASE_FIELDS = (
    *("id", "reference", "state", "due_at", "channel", "version"),
    *("organisation_id", "offering_id", "definition_id", "team_id", "reporter_id"),
    *("organisation__name", "definition__status", "definition__published_at"),
    *("reporter__email", "reporter__phone", "reporter__consent_to_contact"),
    "reporter__erased_at",
)
RECIPIENT_NAMES = {
    "reporter": "the reporter",
    "team": "the team",
    "service-owner": "the service owners",
}


def may_email_reporter(case: Case) -> tuple[bool, str]:
    """Whether the reporter may be e-mailed about this case, and if not, why (no address shown)."""
    reporter = case.reporter
    if reporter is None or reporter.erased_at is not None or not reporter.email:
        return False, "they gave no e-mail address"
    if reporter.consent_to_contact or case.channel in SELF_SERVICE_CHANNELS:
        return True, ""
    return False, "they did not agree to be contacted"


def may_text_reporter(case: Case) -> bool:
    """A reporter who gave a phone number but no e-mail may be sent a text, on the same terms."""
    reporter = case.reporter
    if reporter is None or reporter.erased_at is not None or not reporter.phone:
        return False
    return reporter.consent_to_contact or case.channel in SELF_SERVICE_CHANNELS


def recipients(case: Case, to: str) -> tuple[list[str], str]:
    """The addresses for a recipient role, or none and the reason."""
    if to == "reporter":
        allowed, why = may_email_reporter(case)
        return ([case.reporter.email] if allowed else []), why
    if to == "team":
        team = (
            Team.objects.filter(pk=case.team_id).first()
            if case.team_id
            else Team.objects.filter(serviceoffering__pk=case.offering_id).first()
        )
        if team is None:
            return [], "the case has no team"
        return ([team.email] if team.email else []), f"the team {team.name} has no e-mail address"
    if to == "service-owner":
        emails = sorted(
            set(
                Membership.objects.filter(
                    organisation_id=case.organisation_id,
                    role=Role.SERVICE_OWNER,
                    user__is_active=True,
                )
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
        return emails, "the organisation has no service owner with an e-mail address"
    return [], f"nobody is called {to!r}"


@lru_cache(maxsize=8)
def _case_link(name: str, fallback: str) -> Callable[[str], str]:
    """The case page's URL maker (made once per process), or the fallback's shape."""
    try:
        return references.url_maker(name)
    except NoReverseMatch:
        return fallback.format


def case_url(case: Case, *, staff: bool) -> str:
    """The case's page: the staff workspace for staff, the public page for residents.

    SITE_URL (when set) is the address the site is reached at; the URL names are
    `workspace:case` and `portal:case`, each taking the reference.
    """
    site = getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/")
    if staff:
        link = _case_link("workspace:case", "/workspace/cases/{}/")
    else:
        link = _case_link("portal:case", "/cases/{}/")
    return site + link(case.reference)


def template_values(
    case: Case, definition: engine.Definition, *, staff: bool, public_note: str = ""
) -> dict[str, str]:
    known = {
        "reference": case.reference,
        "service_name": definition.name,
        "organisation_name": case.organisation.name,
        "state_label": state_label(definition, case.state),
        "due_date": long_date(case.due_at) if case.due_at else "",
        "public_note": public_note,
        "case_url": case_url(case, staff=staff),
    }
    return {name: known.get(name, "") for name in engine.PLACEHOLDERS}


@task(takes_context=True)
def send_case_notification(
    context: TaskContext,
    case_id: int,
    template: str,
    to: str,
    rule: str = "",
    public_note: str = "",
) -> bool:
    """Render the case's template for `to` (reporter, team or service-owner) and e-mail it.

    A message the sender refuses is tried again by the worker while attempts remain;
    the case's history records only the outcome: sent, or given up after the last try.
    """
    case = next(
        iter(
            Case.objects.select_related("organisation", "definition", "reporter")
            .only(*CASE_FIELDS)
            .filter(pk=case_id)
        ),
        None,
    )
    if case is None:
        return False
    who = RECIPIENT_NAMES.get(to, to)
    label = f"rule {rule}" if rule else "notifications"
    sender = get_sender()
    addresses, why_not = recipients(case, to)
    wants_text = not addresses and to == "reporter" and case.reporter is not None
    text_to = case.reporter.phone if wants_text else ""
    if not addresses and not (text_to and sender.can_text and may_text_reporter(case)):
        note = f"No e-mail “{template}” sent to {who}: {why_not}."
        write_events(case, [_notified(case, label, note, template, to, sent=False)])
        return False
    definition = definitions.engine_definition(case.definition)
    subject, body = engine.render_notification(
        definition=definition,
        template=template,
        values=template_values(case, definition, staff=to != "reporter", public_note=public_note),
    )
    try:
        if addresses:
            sender.send_email(to=addresses, subject=subject, body=body)
            note = f"E-mail “{subject}” sent to {who}."
        else:
            sender.send_text(to=text_to, body=f"{subject}\n\n{body}")
            note = f"Text message “{subject}” sent to {who}."
    except SendFailed as problem:
        logger.warning("Case %s: message %s to %s not sent: %s", case.pk, template, to, problem)
        if not problem.permanent and will_be_retried(context):
            raise
        tries = f" after {context.attempt} tries" if context.attempt > 1 else ""
        note = f"Message “{subject}” to {who} could not be sent{tries}: {problem}"
        write_events(case, [_notified(case, label, note, template, to, sent=False)])
        return False
    write_events(case, [_notified(case, label, note, template, to, sent=True)])
    return True


def _notified(case: Case, label: str, note: str, template: str, to: str, *, sent: bool) -> Event:
    return event(
        Event.Kind.NOTIFIED,
        at=timezone.now(),
        label=label,
        note=note,
        data={"template": template, "to": to, "sent": sent},
    )
