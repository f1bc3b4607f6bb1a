"""Applying an event to a case: the workflow step, then the automatic rules it sets off.

How rules fire:
- An event sets off one trigger: `submitted`, `note-added`, `overdue`; a transition or
  reopening changes the state, which sets off `entered-state` for the new state.
- For a trigger, the rules are tried in definition order. A rule fires when all its
  conditions hold at that moment; its actions then run in order.
- `move-to-state` enters the new state at once: its `entered-state` rules run (nested)
  before the next action. Entered-state rules for a state stop being tried once the case
  has left that state. Moving to the state the case is already in does nothing.
- Leaving a closing state for an open one is a reopening: the count goes up, the SLA
  clock restarts, and the `reopened` rules run after the entered-state rules.
- `set-priority` recomputes the due time from when the clock last started.
- More than MAX_MOVES state changes in one event raise `RuleLoop`.
- Entering the initial state at submission does not fire entered-state; use `submitted`.
"""

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from .calendar import LONDON
from .case import (
    Action,
    AddPublicNote,
    AssignTeam,
    CaseState,
    EngineEvent,
    FlagDuplicates,
    MoveToState,
    Notify,
    Outcome,
    SetPriority,
)
from .sla import sla_due_at
from .structure import ActionSpec, Condition, Definition, Rule
from .workflow import TransitionRefused, check_reopen, check_transition

MAX_MOVES = 10


class RuleLoop(RuntimeError):
    """The automatic rules kept moving the case from state to state."""


def _matches(answer: Any, value: Any) -> bool:
    return answer == value and isinstance(answer, bool) == isinstance(value, bool)


def _ordered(answer: Any, operand: Any) -> bool:
    both_text = isinstance(answer, str) and isinstance(operand, str)
    both_numbers = all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (answer, operand)
    )
    return both_text or both_numbers


def _answer_holds(condition: Condition, answers: Any) -> bool:
    answer = answers.get(condition.question)
    if answer is None:
        return False
    operator, operand = condition.operator, condition.value
    items = answer if isinstance(answer, list) else [answer]
    if operator == "equals":
        return any(_matches(item, operand) for item in items)
    if operator == "in":
        return any(_matches(item, value) for item in items for value in operand)
    if operator == "contains":
        if isinstance(answer, list):
            return operand in answer
        return isinstance(answer, str) and operand.casefold() in answer.casefold()
    if not _ordered(answer, operand):
        return False
    return answer > operand if operator == "gt" else answer < operand


def in_window(moment: datetime, start: str, end: str) -> bool:
    """Whether `moment` (local London time) is in [start, end); the window may wrap midnight."""
    local = moment.astimezone(LONDON).strftime("%H:%M")
    if start < end:
        return start <= local < end
    return local >= start or local < end


def condition_holds(*, condition: Condition, case: CaseState, now: datetime) -> bool:
    if condition.kind == "answer":
        return _answer_holds(condition, case.answers)
    if condition.kind == "priority":
        return case.priority in condition.value
    if condition.kind == "channel":
        return case.channel in condition.value
    return in_window(now, *condition.value)


class _Run:
    """One event's worth of rule firing, collecting the new case and the actions."""

    def __init__(
        self,
        definition: Definition,
        case: CaseState,
        now: datetime,
        nation: str,
        working_days: Mapping[str, int] | None,
    ):
        self.definition, self.case, self.now, self.nation = definition, case, now, nation
        self.working_days = working_days
        self.actions: list[Action] = []
        self.fired: list[str] = []
        self.path: list[str] = [case.state]

    def due(self, case: CaseState) -> datetime:
        return sla_due_at(
            definition=self.definition,
            priority=case.priority,
            start=case.clock_start,
            nation=self.nation,
            working_days=self.working_days,
        )

    def fire(self, on: str, state: str | None = None) -> None:
        for rule in self.definition.rules:
            if on == "entered-state" and self.case.state != state:
                return
            if rule.on == on and (on != "entered-state" or rule.state == state):
                self._try(rule)

    def _try(self, rule: Rule) -> None:
        if all(condition_holds(condition=c, case=self.case, now=self.now) for c in rule.conditions):
            self.fired.append(rule.id)
            for spec in rule.actions:
                self._do(rule.id, spec)

    def _do(self, rule_id: str, spec: ActionSpec) -> None:
        kind, value = spec.kind, spec.value
        if kind == "set-priority":
            previous = self.case.priority
            self.case = replace(self.case, priority=value)
            self.case = replace(self.case, due_at=self.due(self.case))
            self.actions.append(SetPriority(rule_id, value, previous, self.case.due_at))
        elif kind == "assign-team":
            self.case = replace(self.case, team=value)
            self.actions.append(AssignTeam(rule_id, value))
        elif kind == "move-to-state":
            if value != self.case.state:
                self.actions.append(MoveToState(rule_id, self.case.state, value))
                self.enter(value)
        elif kind == "add-public-note":
            self.actions.append(AddPublicNote(rule_id, value))
        elif kind == "notify":
            self.actions.append(Notify(rule_id, value["to"], value["template"]))
        else:
            self.actions.append(
                FlagDuplicates(rule_id, value["within_metres"], value["within_days"])
            )

    def enter(self, state_id: str) -> None:
        """Change state, then fire entered-state (and reopened, when leaving a closed state)."""
        if state_id == self.case.state:
            return
        self.path.append(state_id)
        if len(self.path) - 1 > MAX_MOVES:
            raise RuleLoop(
                f"automatic rules moved the case more than {MAX_MOVES} times in one event "
                f"({' → '.join(self.path)}); check the entered-state rules for a loop"
            )
        workflow = self.definition.workflow
        was_closed = workflow.state(self.case.state).closes
        closes = workflow.state(state_id).closes
        closed_at = None
        if closes:
            closed_at = (self.case.closed_at if was_closed else None) or self.now
        self.case = replace(self.case, state=state_id, closed_at=closed_at)
        reopening = was_closed and not closes
        if reopening:
            self.case = replace(
                self.case, reopened_count=self.case.reopened_count + 1, clock_started_at=self.now
            )
            self.case = replace(self.case, due_at=self.due(self.case))
        self.fire("entered-state", state_id)
        if reopening:
            self.fire("reopened")

    def outcome(self, transition: Any = None) -> Outcome:
        return Outcome(self.case, tuple(self.actions), transition, tuple(self.fired))


def apply_event(
    *,
    definition: Definition,
    case: CaseState,
    event: EngineEvent,
    now: datetime,
    nation: str,
    working_days: Mapping[str, int] | None = None,
) -> Outcome:
    """The case after `event`, with the actions for the caller to carry out.

    `working_days` is the offering's own SLA, if it overrides the definition's. Raises
    `TransitionRefused` when a transition or reopening is not allowed, and `RuleLoop`
    when the rules keep moving the case.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    run = _Run(definition, case, now, nation, working_days)
    if event.kind == "transition":
        transition = check_transition(
            definition=definition,
            state=case.state,
            transition=event.transition or "",
            roles=set(event.roles),
            public_note=event.public_note,
        )
        _check_window(definition, case, transition.to, now)
        run.enter(transition.to)
        return run.outcome(transition)
    if event.kind == "reopen":
        rule = check_reopen(
            definition=definition,
            state=case.state,
            closed_at=case.closed_at,
            roles=set(event.roles),
            now=now,
        )
        run.enter(rule.to)
    elif event.kind in ("submitted", "note-added", "overdue"):
        run.fire(event.kind)
    return run.outcome()


def _check_window(definition: Definition, case: CaseState, to: str, now: datetime) -> None:
    """A transition out of a closing state must respect the reopen rule's time limit."""
    workflow = definition.workflow
    rule = workflow.reopen
    if rule is None or not workflow.state(case.state).closes or workflow.state(to).closes:
        return
    if case.closed_at and now > case.closed_at + timedelta(days=rule.within_days):
        raise TransitionRefused(
            "reopen-too-late",
            f"A case can only be reopened within {rule.within_days} days of being closed.",
        )
