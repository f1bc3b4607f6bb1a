"""What the engine knows of a case, the events it is given, and the actions it hands back.

The engine changes nothing itself: `apply_event` returns a new `CaseState` and a list of
actions; the caller saves the state, writes an event for each action and carries out the
side effects (notify, add the note, look for duplicates).
"""

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .structure import Transition

EVENT_KINDS = ("submitted", "transition", "note-added", "overdue", "reopen")


@dataclass(frozen=True)
class CaseState:
    state: str
    priority: str
    channel: str
    answers: Mapping[str, Any]
    submitted_at: datetime
    due_at: datetime | None = None
    team: str | None = None
    closed_at: datetime | None = None
    reopened_count: int = 0
    clock_started_at: datetime | None = None  # when the SLA clock last started

    @property
    def clock_start(self) -> datetime:
        return self.clock_started_at or self.submitted_at


@dataclass(frozen=True)
class EngineEvent:
    """Something that happened to a case.

    kind: submitted, transition (give `transition` and `roles`, and `public_note` when
    needed), note-added, overdue, or reopen (give `roles`; "reporter" for the resident).
    """

    kind: str
    transition: str | None = None
    roles: AbstractSet[str] = frozenset()
    public_note: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}; use one of: {EVENT_KINDS}")
        if self.kind == "transition" and not self.transition:
            raise ValueError("a transition event needs the transition's id")
        object.__setattr__(self, "roles", frozenset(self.roles))


@dataclass(frozen=True)
class SetPriority:
    rule: str
    priority: str
    previous: str
    due_at: datetime | None


@dataclass(frozen=True)
class AssignTeam:
    rule: str
    team: str


@dataclass(frozen=True)
class MoveToState:
    rule: str
    from_state: str
    to_state: str


@dataclass(frozen=True)
class AddPublicNote:
    rule: str
    text: str


@dataclass(frozen=True)
class Notify:
    rule: str
    to: str  # reporter, team or service-owner
    template: str


@dataclass(frozen=True)
class FlagDuplicates:
    """Look for open cases of the same service within this distance and these days."""

    rule: str
    within_metres: int
    within_days: int


Action = SetPriority | AssignTeam | MoveToState | AddPublicNote | Notify | FlagDuplicates


@dataclass(frozen=True)
class Outcome:
    case: CaseState
    actions: tuple[Action, ...]
    transition: Transition | None = None  # the transition made, for transition events
    rules_fired: tuple[str, ...] = ()
