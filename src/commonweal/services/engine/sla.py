"""Deadlines from a definition's SLA (or an offering's own working days), and a new case."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .calendar import due_at
from .case import CaseState
from .structure import CHANNELS, Definition


def working_days_for(
    *, definition: Definition, priority: str, working_days: Mapping[str, int] | None = None
) -> int:
    """Working days to resolve a case of this priority; `working_days` overrides the SLA."""
    days = {**definition.sla.working_days, **(working_days or {})}
    if priority not in days:
        raise ValueError(
            f"the service has no deadline for priority {priority!r}; it has {', '.join(days)}"
        )
    return days[priority]


def sla_due_at(
    *,
    definition: Definition,
    priority: str,
    start: datetime,
    nation: str,
    working_days: Mapping[str, int] | None = None,
) -> datetime:
    """When a case of this priority whose clock started at `start` is due."""
    days = working_days_for(definition=definition, priority=priority, working_days=working_days)
    return due_at(start=start, working_days=days, nation=nation)


def new_case(
    *,
    definition: Definition,
    answers: Mapping[str, Any],
    channel: str,
    now: datetime,
    nation: str,
    working_days: Mapping[str, int] | None = None,
) -> CaseState:
    """A new case in the initial state at the default priority, with its due time.

    `answers` should already be cleaned (`clean_answers`); `working_days` is the
    offering's own SLA, overriding the definition's for the priorities it names.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; use one of: {', '.join(CHANNELS)}")
    priority = definition.sla.default_priority
    return CaseState(
        state=definition.workflow.initial,
        priority=priority,
        channel=channel,
        answers=dict(answers),
        submitted_at=now,
        due_at=sla_due_at(
            definition=definition,
            priority=priority,
            start=now,
            nation=nation,
            working_days=working_days,
        ),
        clock_started_at=now,
    )
