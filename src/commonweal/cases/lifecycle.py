"""Changing a case: transition, note, assignment, reopening, merging as a duplicate.

Every change follows the same steps:
1. Permission, from `organisations.permissions` (else `PermissionRefused`). The workflow
   roles then go to the engine, which alone says which transitions a role may make.
2. The optimistic lock: `UPDATE … SET version = version + 1 WHERE id = … AND version =
   expected`, first thing in the transaction. Of two people working from one version,
   one wins; the other updates no row and gets `StaleCase` with the events since. On
   PostgreSQL the second UPDATE waits for the first to commit and then finds the version
   moved on; on SQLite the immediate transaction serialises them the same way.
3. An event for the change, written in the same transaction, then the engine's rules and
   their actions (`automation`). Notifications are sent by task after commit.
Any refusal after step 2 rolls the whole change back, version included.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.cases import automation, changes
from commonweal.cases.changes import (
    ChangeRefused,
    PermissionRefused,
    StaleCase,
    TransitionNotAllowed,
)
from commonweal.cases.merging import merge_duplicate
from commonweal.cases.models import Case, Event
from commonweal.cases.state import case_definition
from commonweal.organisations.models import Membership, Team
from commonweal.organisations.permissions import (
    CASE_WORK_ROLES,
    can_work_cases,
    is_platform_admin,
    workflow_roles,
)
from commonweal.services import engine

__all__ = [
    "ChangeRefused",
    "PermissionRefused",
    "StaleCase",
    "TransitionNotAllowed",
    "add_note",
    "assign",
    "available_transitions",
    "merge_duplicate",
    "reopen",
    "transition",
]
REPORTER_ROLE = "reporter"


def transition(
    *,
    case: Case,
    transition: str,
    actor: User,
    expected_version: int,
    public_note: str = "",
    internal_note: str = "",
) -> Case:
    """Make a workflow transition (the engine checks the role, the state and the note)."""
    roles = changes.working_roles(actor, case)
    public_note, internal_note = public_note.strip(), internal_note.strip()
    now = timezone.now()
    with transaction.atomic():
        current = changes.claim(case, expected_version, now)
        definition = case_definition(current)
        asked = engine.EngineEvent(
            kind="transition", transition=transition, roles=roles, public_note=public_note or None
        )
        outcome = changes.apply(current, definition, asked, now)
        made = outcome.transition
        events = [
            automation.event(
                Event.Kind.TRANSITION,
                at=now,
                actor=actor,
                public=True,
                from_state=current.state,
                to_state=made.to,
                note=public_note,
                data={
                    "transition": made.id,
                    "label": made.label,
                    "rules_fired": list(outcome.rules_fired),
                },
            )
        ]
        if internal_note:
            events.append(
                automation.event(Event.Kind.NOTE, at=now, actor=actor, note=internal_note)
            )
        return changes.finish(current, definition, events, outcome, now, public_note)


def add_note(*, case: Case, actor: User, text: str, public: bool, expected_version: int) -> Case:
    """Add a note, for the resident to see (public) or for staff only; runs note-added rules."""
    changes.working_roles(actor, case)
    text = text.strip()
    if not text:
        raise ChangeRefused("Enter the text of the note.")
    now = timezone.now()
    with transaction.atomic():
        current = changes.claim(case, expected_version, now)
        definition = case_definition(current)
        outcome = changes.apply(current, definition, engine.EngineEvent(kind="note-added"), now)
        note = automation.event(
            Event.Kind.NOTE,
            at=now,
            actor=actor,
            public=public,
            note=text,
            data={"rules_fired": list(outcome.rules_fired)},
        )
        return changes.finish(current, definition, [note], outcome, now, text if public else "")


def assign(
    *, case: Case, actor: User, team: Team | None, assignee: User | None, expected_version: int
) -> Case:
    """Give the case to a team of its organisation and to a person who works its cases.

    None clears either.
    """
    changes.working_roles(actor, case)
    organisation = case.organisation
    if team is not None and team.organisation_id != case.organisation_id:
        raise ChangeRefused(f"The team {team.name} is not part of {organisation.name}.")
    if assignee is not None and not _works_here(assignee, case):
        raise ChangeRefused(f"{_name(assignee)} does not work on {organisation.name}'s cases.")
    now = timezone.now()
    with transaction.atomic():
        current = changes.claim(case, expected_version, now)
        current.team, current.assignee = team, assignee
        who = [f"the team {team.name}" if team else "no team", _name(assignee) if assignee else ""]
        note = automation.event(
            Event.Kind.ASSIGNED,
            at=now,
            actor=actor,
            note="Assigned to " + " and ".join(part for part in who if part) + ".",
            data={
                "team": team.name if team else None,
                "team_id": team.pk if team else None,
                "assignee_id": assignee.pk if assignee else None,
            },
        )
        return changes.finish(current, case_definition(current), [note], None, now)


def _works_here(user: User, case: Case) -> bool:
    if not user.is_active:
        return False
    if is_platform_admin(user):
        return True
    return Membership.objects.filter(
        user=user, organisation_id=case.organisation_id, role__in=CASE_WORK_ROLES
    ).exists()


def _name(user: User) -> str:
    return getattr(user, "full_name", "") or user.get_username()


def reopen(
    *,
    case: Case,
    actor: User | None,
    expected_version: int,
    note: str = "",
    by_reporter: bool = False,
) -> Case:
    """Reopen a closed case, as staff or as the person who reported it (see the workflow).

    `by_reporter` acts in the reporter role: the caller has checked who they are (a
    signed-in reporter must be the one who made the request).
    """
    if by_reporter:
        reporter_user = case.reporter.user_id if case.reporter_id else None
        if actor is not None and actor.pk != reporter_user:
            raise PermissionRefused("Only the person who reported this can reopen it as theirs.")
        roles = {REPORTER_ROLE}
    elif actor is None:
        raise PermissionRefused("Sign in to reopen this case.")
    else:
        roles = changes.working_roles(actor, case)
    note = note.strip()
    now = timezone.now()
    with transaction.atomic():
        current = changes.claim(case, expected_version, now)
        definition = case_definition(current)
        outcome = changes.apply(
            current, definition, engine.EngineEvent(kind="reopen", roles=roles), now
        )
        rule = definition.workflow.reopen
        reopened = automation.event(
            Event.Kind.REOPENED,
            at=now,
            actor=actor,
            label="the reporter" if by_reporter else "",
            public=True,
            from_state=current.state,
            to_state=rule.to if rule else outcome.case.state,
            note=note,
            data={"by_reporter": by_reporter, "rules_fired": list(outcome.rules_fired)},
        )
        return changes.finish(current, definition, [reopened], outcome, now, note)


def available_transitions(*, case: Case, user: User) -> list[engine.Transition]:
    """The transitions this user may make now: exactly the buttons to show on the case page."""
    if not can_work_cases(user, case.organisation):
        return []
    definition = case_definition(case)
    found = engine.allowed_transitions(
        definition=definition,
        state=case.state,
        roles=set(workflow_roles(user, case.organisation)),
    )
    rule = definition.workflow.reopen
    if (
        rule
        and case.closed_at
        and timezone.now() > case.closed_at + timedelta(days=rule.within_days)
    ):
        workflow = definition.workflow
        found = [t for t in found if workflow.state(t.to).closes]
    return found
