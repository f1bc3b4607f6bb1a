"""The plain values the staff serializers show: a queue page, a case, its events.

A queue page is built from the page's rows plus one query per related table (no query
per row). A reporter's personal data is added only for those who may work the case.
"""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.cases import lifecycle, queries
from commonweal.cases.models import Case, Event
from commonweal.cases.state import case_definition
from commonweal.organisations.models import Organisation, Team
from commonweal.organisations.permissions import can_work_cases
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceDefinition

REPORTER = "the reporter"
PLATFORM = "Commonweal"


def person(user: User | None) -> dict | None:
    return {"id": user.pk, "name": user.full_name or user.email} if user else None


def state_values(definition: engine.Definition, state_id: str) -> dict:
    try:
        state = definition.workflow.state(state_id)
    except KeyError:
        return {"id": state_id, "label": state_id, "closes": False}
    return {"id": state.id, "label": state.label, "closes": state.closes}


def _summary(
    case: Case,
    *,
    organisation: Organisation,
    row: ServiceDefinition,
    definition: engine.Definition,
    team: Team | None,
    assignee: User | None,
    now: datetime,
) -> dict:
    return {
        "reference": case.reference,
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        "service": {"code": row.code, "name": row.name, "version": row.version},
        "state": state_values(definition, case.state),
        "priority": case.priority,
        "channel": case.channel,
        "submitted_at": case.submitted_at,
        "due_at": case.due_at,
        "closed_at": case.closed_at,
        "overdue": case.closed_at is None and case.due_at is not None and case.due_at < now,
        "team": {"id": team.pk, "name": team.name} if team else None,
        "assignee": person(assignee),
        "version": case.version,
    }


def queue_page(cases: list[Case]) -> list[dict]:
    """A page of the queue, with its related rows fetched in one query per table."""

    def fetch(model, ids: Iterable[int | None], *fields: str) -> dict:
        wanted = {pk for pk in ids if pk is not None}
        return model.objects.only(*fields).in_bulk(wanted) if wanted else {}

    organisations = fetch(Organisation, (c.organisation_id for c in cases), "slug", "name")
    rows = fetch(
        ServiceDefinition,
        (c.definition_id for c in cases),
        "code", "name", "version", "status", "published_at",
    )  # fmt: skip
    teams = fetch(Team, (c.team_id for c in cases), "name")
    users = fetch(User, (c.assignee_id for c in cases), "full_name", "email")
    built = {pk: definitions.engine_definition(row) for pk, row in rows.items()}
    now = timezone.now()
    return [
        _summary(
            case,
            organisation=organisations[case.organisation_id],
            row=rows[case.definition_id],
            definition=built[case.definition_id],
            team=teams.get(case.team_id),
            assignee=users.get(case.assignee_id),
            now=now,
        )
        for case in cases
    ]


def case_values(case: Case, *, user: User) -> dict:
    """The whole case for `user`: the reporter only if they may work it."""
    definition = case_definition(case)
    may_work = can_work_cases(user, case.organisation)
    reporter = case.reporter if case.reporter_id else None
    values = _summary(
        case,
        organisation=case.organisation,
        row=case.definition,
        definition=definition,
        team=case.team,
        assignee=case.assignee,
        now=timezone.now(),
    )
    return values | {
        "description": case.description,
        "address": case.address,
        "location": {"lat": case.lat, "lon": case.lon} if case.lat is not None else None,
        "duplicate_of": case.duplicate_of.reference if case.duplicate_of_id else None,
        "reopened_count": case.reopened_count,
        "answers": _answers(definition, case.answers),
        "reporter": _reporter(reporter) if may_work and reporter else None,
        "transitions": [
            {
                "id": t.id,
                "label": t.label,
                "to": t.to,
                "public_note_required": t.public_note_required,
            }
            for t in lifecycle.available_transitions(case=case, user=user)
        ],
        "timeline": events_values(
            queries.case_timeline(case=case, public_only=False),
            reporter_user_id=reporter.user_id if reporter else None,
        ),
    }


def _answers(definition: engine.Definition, answers: dict) -> list[dict]:
    """The answers in the order the questions were asked (unknown ones last, as stored)."""
    known = {q.id: q for q in definition.questions}
    ordered = [q.id for q in definition.questions if q.id in answers]
    ordered += [key for key in answers if key not in known]
    return [
        {
            "question": key,
            "label": known[key].label if key in known else key,
            "type": known[key].type if key in known else "",
            "value": answers[key],
        }
        for key in ordered
    ]


def _reporter(reporter) -> dict | None:
    if reporter.erased_at is not None:
        return None
    return {
        "name": reporter.name,
        "email": reporter.email,
        "phone": reporter.phone,
        "consent_to_contact": reporter.consent_to_contact,
    }


def events_values(events: Iterable[Event], *, reporter_user_id: int | None) -> list[dict]:
    """Events for staff. A resident acting on their own case is "the reporter", not named."""

    def actor(event: Event) -> str:
        if event.actor_id is not None and event.actor_id == reporter_user_id:
            return REPORTER
        if event.actor is not None:
            return event.actor.full_name or event.actor.email
        return event.actor_label or PLATFORM

    return [
        {
            "at": event.at,
            "kind": event.kind,
            "kind_label": event.get_kind_display(),
            "public": event.public,
            "actor": actor(event),
            "from_state": event.from_state,
            "to_state": event.to_state,
            "note": event.note,
            "case_version": event.case_version,
        }
        for event in events
    ]


def stale_values(stale: lifecycle.StaleCase) -> dict:
    case = stale.case
    reporter_user = case.reporter.user_id if case.reporter_id else None
    return {
        "detail": str(stale),
        "code": "stale",
        "current_version": case.version,
        "changes": events_values(stale.changes, reporter_user_id=reporter_user),
    }
