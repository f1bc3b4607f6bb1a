"""Which transitions a role may make, and why one is refused. Reopening closed cases.

No role has powers beyond what the definition grants: an organisation administrator may
make a transition only if the definition lists `admin` for it.
"""

from collections.abc import Set as AbstractSet
from datetime import datetime, timedelta

from .checks import near
from .structure import REPORTER, Definition, ReopenRule, Transition


class TransitionRefused(PermissionError):
    """A transition or reopening that may not happen; `reason` is a short code, the text says why.

    Reasons: unknown-state, unknown-transition, wrong-state, role-not-allowed,
    public-note-required, not-closed, cannot-reopen, reopen-too-late.
    """

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        self.message = message
        super().__init__(message)


def _label(definition: Definition, state_id: str) -> str:
    return definition.workflow.state(state_id).label


def _known_state(definition: Definition, state: str) -> None:
    if not definition.workflow.has_state(state):
        raise TransitionRefused("unknown-state", f"The service has no state {state!r}.")


def allowed_transitions(
    *, definition: Definition, state: str, roles: AbstractSet[str]
) -> list[Transition]:
    """The transitions someone holding `roles` may make from `state`, in definition order."""
    _known_state(definition, state)
    roles = frozenset(roles)
    return [
        transition
        for transition in definition.workflow.transitions
        if state in transition.from_states and transition.roles & roles
    ]


def check_transition(
    *,
    definition: Definition,
    state: str,
    transition: str,
    roles: AbstractSet[str],
    public_note: str | None = None,
) -> Transition:
    """The transition, if it may be made now; otherwise raise `TransitionRefused` saying why."""
    _known_state(definition, state)
    roles = frozenset(roles)
    found = next((t for t in definition.workflow.transitions if t.id == transition), None)
    if found is None:
        ids = [t.id for t in definition.workflow.transitions]
        raise TransitionRefused(
            "unknown-transition",
            f"The service has no transition {transition!r}{near(transition, ids)}.",
        )
    if state not in found.from_states:
        starts = ", ".join(_label(definition, s) for s in found.from_states)
        raise TransitionRefused(
            "wrong-state",
            f'"{found.label}" cannot be used while the case is "{_label(definition, state)}"; '
            f"it can be used from: {starts}.",
        )
    if not found.roles & roles:
        raise TransitionRefused(
            "role-not-allowed",
            f'"{found.label}" needs one of these roles: {", ".join(sorted(found.roles))}; '
            f"you have: {', '.join(sorted(roles)) or 'no role'}.",
        )
    if found.public_note_required and not (public_note or "").strip():
        raise TransitionRefused(
            "public-note-required",
            f'"{found.label}" needs a public note telling the resident what was done and why.',
        )
    return found


def reopen_until(*, definition: Definition, closed_at: datetime) -> datetime | None:
    """The last moment a case closed at `closed_at` may be reopened (None: no reopen rule)."""
    rule = definition.workflow.reopen
    return closed_at + timedelta(days=rule.within_days) if rule else None


def check_reopen(
    *,
    definition: Definition,
    state: str,
    closed_at: datetime | None,
    roles: AbstractSet[str],
    now: datetime,
) -> ReopenRule:
    """The reopen rule, if a case in `state` may be reopened now by `roles`; else refuse.

    `roles` may include "reporter" for the resident who made the request. The window is
    `within_days` calendar days from the moment the case closed.
    """
    _known_state(definition, state)
    roles = frozenset(roles)
    if not definition.workflow.state(state).closes:
        raise TransitionRefused("not-closed", "The case is still open, so it cannot be reopened.")
    rule = definition.workflow.reopen
    if rule is None or state not in rule.from_states:
        raise TransitionRefused(
            "cannot-reopen", f'A case that is "{_label(definition, state)}" cannot be reopened.'
        )
    if not rule.roles & roles:
        who = ", ".join(
            "the person who reported it" if r == REPORTER else r for r in sorted(rule.roles)
        )
        raise TransitionRefused("role-not-allowed", f"Only these can reopen this case: {who}.")
    until = reopen_until(definition=definition, closed_at=closed_at) if closed_at else None
    if until is not None and now > until:
        raise TransitionRefused(
            "reopen-too-late",
            f"A case can only be reopened within {rule.within_days} days of being closed. "
            "Make a new request instead.",
        )
    return rule
