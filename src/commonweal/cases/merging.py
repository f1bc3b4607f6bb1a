"""Merging a case into another as its duplicate (`lifecycle.merge_duplicate`)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.cases import automation
from commonweal.cases.changes import ChangeRefused, apply, claim, finish, working_roles
from commonweal.cases.models import Case, Event
from commonweal.cases.state import case_definition, state_label
from commonweal.services import engine


def merge_duplicate(*, case: Case, into: Case, actor: User, expected_version: int) -> Case:
    """Close `case` as a duplicate of `into`, through the definition's own workflow.

    How it closes: by the definition's transition to its closing `duplicate` state (the
    standard definitions' "mark-duplicate"), so the workflow decides from which states
    and by whom, and its entered-state rules (telling the resident) run. A definition
    without such a transition cannot merge. Both timelines get an event.
    """
    roles = working_roles(actor, case)
    if into.pk == case.pk:
        raise ChangeRefused("A case cannot be a duplicate of itself.")
    if into.organisation_id != case.organisation_id or into.offering_id != case.offering_id:
        raise ChangeRefused(
            f"{into.reference} is another service's or another organisation's case: "
            "only cases of the same service can be merged."
        )
    now = timezone.now()
    with transaction.atomic():
        current = claim(case, expected_version, now)
        target = Case.objects.select_for_update().get(pk=into.pk)
        _check_merge(current, target)
        definition = case_definition(current)
        closing = _duplicate_transition(definition, current.state)
        asked = engine.EngineEvent(kind="transition", transition=closing.id, roles=roles)
        outcome = apply(current, definition, asked, now)
        current.duplicate_of = target
        events = [
            automation.event(
                Event.Kind.MERGED,
                at=now,
                actor=actor,
                public=True,
                note=f"Already reported as {target.reference}: it will be dealt with there.",
                data={"into": target.reference},
            ),
            automation.event(
                Event.Kind.TRANSITION,
                at=now,
                actor=actor,
                public=True,
                from_state=current.state,
                to_state=closing.to,
                data={"transition": closing.id, "label": closing.label},
            ),
        ]
        merged = finish(current, definition, events, outcome, now)
        automation.write_events(target, [_merged_into(target, merged, actor, definition, now)])
        return merged


def _check_merge(current: Case, target: Case) -> None:
    if current.duplicate_of_id is not None:
        raise ChangeRefused(f"{current.reference} is already merged into another case.")
    if current.is_closed:
        raise ChangeRefused(f"{current.reference} is closed; reopen it before merging it.")
    if target.duplicate_of_id is not None:
        raise ChangeRefused(
            f"{target.reference} is itself a duplicate: merge into the case it was merged into."
        )
    if target.is_closed:
        raise ChangeRefused(
            f"{target.reference} is closed, so this case would not be dealt with there. "
            "Reopen it first, or deal with this case on its own."
        )
    if current.duplicates.exists():
        raise ChangeRefused(
            f"Other cases are merged into {current.reference}, so it cannot become a duplicate."
        )


def _duplicate_transition(definition: engine.Definition, state: str) -> engine.Transition:
    workflow = definition.workflow
    closing = [
        t
        for t in workflow.transitions
        if workflow.state(t.to).closes and (t.to == "duplicate" or t.id == "mark-duplicate")
    ]
    if not closing:
        raise ChangeRefused(
            f"“{definition.name}” has no transition to a closing “duplicate” state, so its "
            "cases cannot be merged. Add one to the service definition."
        )
    return next((t for t in closing if state in t.from_states), closing[0])


def _merged_into(
    target: Case, merged: Case, actor: User, definition: engine.Definition, now: datetime
) -> Event:
    return automation.event(
        Event.Kind.MERGED,
        at=now,
        actor=actor,
        note=(
            f"{merged.reference} was merged into this case as a duplicate "
            f"({state_label(definition, merged.state)})."
        ),
        data={"duplicate": merged.reference},
    )
