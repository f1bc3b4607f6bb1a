"""Carrying out the engine's actions on a stored case. Every automatic step writes an event.

The engine decides (`services.engine.apply_event` returns the new state and a list of
actions); this module makes it so: it copies the new state onto the case, writes one
event per action with the actor label "rule <id>", looks for possible duplicates, and
queues notifications to be sent after the surrounding transaction commits.

Decisions:
- An `assign-team` naming a team the organisation does not have leaves the team as it
  was and writes an internal event saying so; it is a gap in the set-up, not a crash.
- A `flag-duplicates` that finds nothing writes no event: nothing was flagged.
- When a change moves the due time into the future (a reopening, a lower priority), the
  overdue rules may fire again once that new time passes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from commonweal.cases import lookups, writes
from commonweal.cases.models import Case, Event
from commonweal.cases.state import long_moment
from commonweal.organisations.models import Team
from commonweal.services import engine

STATE_FIELDS = (
    "state",
    "priority",
    "due_at",
    "closed_at",
    "overdue_fired_at",
    "clock_started_at",
    "reopened_count",
    "team",
    "assignee",
    "duplicate_of",
    "updated_at",
)


def event(
    kind: str,
    *,
    at: datetime,
    actor=None,
    label: str = "",
    public: bool = False,
    note: str = "",
    from_state: str = "",
    to_state: str = "",
    data: dict | None = None,
) -> Event:
    """An unsaved event; `write_events` attaches it to its case and version."""
    return Event(
        kind=kind,
        at=at,
        actor=actor,
        actor_label=label[:100],
        public=public,
        note=note,
        from_state=from_state,
        to_state=to_state,
        data=data or {},
    )


@dataclass
class Steps:
    """What carrying out an outcome produced: events to write, notifications to queue."""

    events: list[Event] = field(default_factory=list)
    notifications: list[tuple[engine.Notify, str]] = field(default_factory=list)

    def queue(self, case: Case) -> None:
        """Queue the notifications on the commit of the transaction this runs in."""
        for action, public_note in self.notifications:
            queue_notification(case=case, action=action, public_note=public_note)


def plan(
    *,
    case: Case,
    outcome: engine.Outcome,
    definition: engine.Definition,
    now: datetime,
    public_note: str = "",
) -> Steps:
    """Copy the outcome's state onto `case` (unsaved); return the events and notifications.

    Reads (a team by name, the cases nearby) but writes nothing, so intake can do it
    before its transaction opens. `public_note` is the note the change itself gave the
    resident, for the templates.
    """
    steps = Steps()
    for action in outcome.actions:
        label = f"rule {action.rule}"
        if isinstance(action, engine.SetPriority):
            steps.events.append(_set_priority(action, label, now))
        elif isinstance(action, engine.AssignTeam):
            steps.events.append(_assign_team(case, action, label, now))
        elif isinstance(action, engine.MoveToState):
            steps.events.append(_moved(definition, action, label, now))
        elif isinstance(action, engine.AddPublicNote):
            public_note = action.text
            steps.events.append(
                event(Event.Kind.NOTE, at=now, label=label, public=True, note=action.text)
            )
        elif isinstance(action, engine.Notify):
            steps.notifications.append((action, public_note))
        elif isinstance(action, engine.FlagDuplicates):
            flagged = _flag_duplicates(case, action, label, now)
            if flagged is not None:
                steps.events.append(flagged)
    _copy_state(case, outcome.case, now)
    return steps


def carry_out(
    *,
    case: Case,
    outcome: engine.Outcome,
    definition: engine.Definition,
    now: datetime,
    public_note: str = "",
) -> list[Event]:
    """`plan`, with the notifications queued: call inside the change's transaction."""
    steps = plan(
        case=case, outcome=outcome, definition=definition, now=now, public_note=public_note
    )
    steps.queue(case)
    return steps.events


def _copy_state(case: Case, state: engine.CaseState, now: datetime) -> None:
    if state.due_at != case.due_at and state.due_at is not None and state.due_at > now:
        case.overdue_fired_at = None
    case.state, case.priority, case.due_at = state.state, state.priority, state.due_at
    case.closed_at, case.reopened_count = state.closed_at, state.reopened_count
    case.clock_started_at = state.clock_started_at
    case.updated_at = now


def _set_priority(action: engine.SetPriority, label: str, now: datetime) -> Event:
    due = f"; now due by {long_moment(action.due_at)}" if action.due_at else ""
    return event(
        Event.Kind.PRIORITY,
        at=now,
        label=label,
        note=f"Priority changed from {action.previous} to {action.priority}{due}.",
        data={
            "from": action.previous,
            "to": action.priority,
            "due_at": action.due_at.isoformat() if action.due_at else None,
        },
    )


def _assign_team(case: Case, action: engine.AssignTeam, label: str, now: datetime) -> Event:
    team = Team.objects.filter(organisation_id=case.organisation_id, name=action.team).first()
    if team is None:
        keeps = f"the team {case.team.name}" if case.team_id else "no team"
        return event(
            Event.Kind.RULE,
            at=now,
            label=label,
            note=(
                f"The rule asked for the team “{action.team}”, but the organisation has no "
                f"team of that name, so the case stays with {keeps}. Add the team, or "
                "change the rule."
            ),
            data={"team": action.team, "missing": True},
        )
    case.team = team
    return event(
        Event.Kind.ASSIGNED,
        at=now,
        label=label,
        note=f"Assigned to the team {team.name}.",
        data={"team": team.name, "team_id": team.pk},
    )


def _moved(
    definition: engine.Definition, action: engine.MoveToState, label: str, now: datetime
) -> Event:
    to = definition.workflow.state(action.to_state)
    return event(
        Event.Kind.TRANSITION,
        at=now,
        label=label,
        public=True,
        from_state=action.from_state,
        to_state=action.to_state,
        note="",
        data={"label": to.label, "closes": to.closes},
    )


def queue_notification(*, case: Case, action: engine.Notify, public_note: str = "") -> None:
    """Send the notification by task once the transaction commits (by id: the case may be new)."""
    from commonweal.cases.notifications import send_case_notification

    def enqueue() -> None:
        send_case_notification.enqueue(
            case_id=case.pk,
            template=action.template,
            to=action.to,
            rule=action.rule,
            public_note=public_note,
        )

    transaction.on_commit(enqueue, robust=True)


def _flag_duplicates(
    case: Case, action: engine.FlagDuplicates, label: str, now: datetime
) -> Event | None:
    found = lookups.nearby_open_cases(
        case=case, within_metres=action.within_metres, within_days=action.within_days, now=now
    )
    if not found:
        return None
    references = [reference for reference, _ in found]
    return event(
        Event.Kind.FLAGGED,
        at=now,
        label=label,
        note=(
            f"Possibly the same as {', '.join(references)}: open cases of this service within "
            f"{action.within_metres} m, reported in the last {action.within_days} days."
        ),
        data={
            "cases": [{"reference": ref, "metres": round(m, 1)} for ref, m in found],
            "within_metres": action.within_metres,
            "within_days": action.within_days,
        },
    )


def write_events(case: Case, events: Iterable[Event]) -> list[Event]:
    """Store the events on the case at its current version, in order."""
    rows = list(events)
    for row in rows:
        row.case = case
        row.case_version = case.version
    return writes.insert_events(rows)


def save_change(*, case: Case, events: Iterable[Event]) -> Case:
    """Save the case's changed state and its events (inside the change's transaction)."""
    case.save(update_fields=STATE_FIELDS)
    write_events(case, events)
    return case
