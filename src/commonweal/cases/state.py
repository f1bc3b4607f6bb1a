"""Between a stored case and the engine: the definition it runs under, its state, its nation."""

import dataclasses
from datetime import datetime

from django.utils import timezone

from commonweal.cases.models import Case
from commonweal.services import definitions, engine

CASE_RELATIONS = ("offering", "definition", "organisation", "team")


def load_case(pk: int) -> Case:
    """A case with what the engine needs joined in (the definition's document is cached)."""
    return (
        Case.objects.select_related(*CASE_RELATIONS)
        .defer("definition__document", "definition__source_text")
        .get(pk=pk)
    )


def case_definition(case: Case) -> engine.Definition:
    """The version the case was made under, with its offering's own SLA overrides.

    An offering may move to a newer version; its open cases keep the workflow they began
    with, and follow the offering's current deadlines.
    """
    definition = definitions.engine_definition(case.definition)
    overrides = case.offering.sla_overrides
    if not overrides:
        return definition
    days = {**definition.sla.working_days, **overrides}
    return dataclasses.replace(
        definition, sla=dataclasses.replace(definition.sla, working_days=days)
    )


def nation(case: Case) -> str:
    return case.organisation.nation


def engine_state(case: Case) -> engine.CaseState:
    return engine.CaseState(
        state=case.state,
        priority=case.priority,
        channel=case.channel,
        answers=case.answers,
        submitted_at=case.submitted_at,
        due_at=case.due_at,
        team=case.team.name if case.team_id else None,
        closed_at=case.closed_at,
        reopened_count=case.reopened_count,
        clock_started_at=case.clock_started_at,
    )


def state_label(definition: engine.Definition, state_id: str) -> str:
    try:
        return definition.workflow.state(state_id).label
    except KeyError:
        return state_id


def long_date(moment: datetime) -> str:
    """Like "Monday 16 March 2026", in UK time."""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}"


def long_moment(moment: datetime) -> str:
    """Like "17:00 on Monday 16 March 2026", in UK time."""
    return f"{timezone.localtime(moment):%H:%M} on {long_date(moment)}"
