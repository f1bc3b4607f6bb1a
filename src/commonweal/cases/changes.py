"""The machinery every change of a case goes through (see `lifecycle` for the steps).

The refusals a caller may meet, the permission check, the optimistic lock, the engine
call and the saving of the change with its events.
"""

from datetime import datetime

from django.db.models import F

from commonweal.accounts.models import User
from commonweal.cases import automation
from commonweal.cases.models import Case, Event
from commonweal.cases.state import engine_state, load_case, nation
from commonweal.organisations.permissions import can_work_cases, workflow_roles
from commonweal.services import engine


class PermissionRefused(PermissionError):
    """The user may not make this change; `reason` says why, in plain words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class TransitionNotAllowed(PermissionRefused):
    """The workflow does not allow the step; `reason` is the engine's words, `code` its code."""

    def __init__(self, reason: str, code: str = "") -> None:
        super().__init__(reason)
        self.code = code


class StaleCase(Exception):
    """The case changed since the version the change was based on; nothing was saved."""

    def __init__(self, *, case: Case, changes: list[Event]) -> None:
        self.case = case
        self.changes = changes
        kinds = ", ".join(dict.fromkeys(change.get_kind_display().lower() for change in changes))
        super().__init__(
            f"{case.reference} was changed by someone else while you were working on it "
            f"({kinds or 'changed'}). Nothing was saved: check what changed and try again."
        )


class ChangeRefused(ValueError):
    """A change that cannot be made as asked: an empty note, another organisation's team."""


def working_roles(actor: User, case: Case) -> set[str]:
    if not can_work_cases(actor, case.organisation):
        raise PermissionRefused(f"You cannot work on {case.organisation.name}'s cases.")
    return set(workflow_roles(actor, case.organisation))


def claim(case: Case, expected_version: int, now: datetime) -> Case:
    """Take the next version, or raise `StaleCase`. Call inside the change's transaction."""
    won = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=now
    )
    current = load_case(case.pk)
    if not won:
        changes = current.events.filter(case_version__gt=expected_version).select_related("actor")
        raise StaleCase(case=current, changes=list(changes))
    return current


def apply(
    current: Case, definition: engine.Definition, event: engine.EngineEvent, now: datetime
) -> engine.Outcome:
    try:
        return engine.apply_event(
            definition=definition,
            case=engine_state(current),
            event=event,
            now=now,
            nation=nation(current),
        )
    except engine.TransitionRefused as refused:
        raise TransitionNotAllowed(refused.message, refused.reason) from None


def finish(
    current: Case,
    definition: engine.Definition,
    events: list[Event],
    outcome: engine.Outcome | None,
    now: datetime,
    public_note: str = "",
) -> Case:
    if outcome is not None:
        events += automation.carry_out(
            case=current, outcome=outcome, definition=definition, now=now, public_note=public_note
        )
    current.updated_at = now
    return automation.save_change(case=current, events=events)
