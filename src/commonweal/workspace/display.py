"""Display values for the workspace pages, prepared here so the templates only place them."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from commonweal.cases import references
from commonweal.cases.models import Case, Event
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceDefinition

PRIORITY_TAGS = {
    "low": "govuk-tag--grey",
    "normal": "govuk-tag--blue",
    "high": "govuk-tag--orange",
    "urgent": "govuk-tag--red",
}
NOT_ANSWERED = "Not answered"


def short_moment(moment: datetime | None) -> str:
    """Like "27 Mar 2026, 14:05" in UK time; "Not set" when there is none."""
    if moment is None:
        return "Not set"
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y, %H:%M}"


def state_label(case: Case) -> str:
    try:
        definition = definitions.engine_definition(case.definition)
        return definition.workflow.state(case.state).label
    except KeyError:
        return case.state


def is_overdue(case: Case, now: datetime) -> bool:
    return case.closed_at is None and case.due_at is not None and case.due_at < now


def person(user) -> str:
    return (user.full_name or user.email) if user else ""


@dataclass(frozen=True)
class QueueRow:
    reference: str
    url: str
    selection: str  # REFERENCE:VERSION, for bulk assign
    service: str
    state: str
    priority: str
    priority_tag: str
    submitted: str
    due: str
    overdue: bool
    team: str
    assignee: str


def queue_rows(cases: Iterable[Case], *, now: datetime) -> list[QueueRow]:
    cases = list(cases)
    # One query for each related table, not one per row (50 rows made 100 more queries);
    # none for the team and assignee when the page's query joined them. Cases run
    # published definitions, which `engine_definition` keeps built per process,
    # so their stored documents are not read (a draft's would be fetched when needed).
    versions = ServiceDefinition.objects.defer("document", "source_text")
    prefetch_related_objects(cases, Prefetch("definition", versions), "team", "assignee")
    case_url = references.url_maker("workspace:case")
    return [
        QueueRow(
            reference=case.reference,
            url=case_url(case.reference),
            selection=f"{case.reference}:{case.version}",
            service=case.definition.name,
            state=state_label(case),
            priority=case.get_priority_display(),
            priority_tag=PRIORITY_TAGS.get(case.priority, ""),
            submitted=short_moment(case.submitted_at),
            due=short_moment(case.due_at),
            overdue=is_overdue(case, now),
            team=case.team.name if case.team else "",
            assignee=person(case.assignee),
        )
        for case in cases
    ]


@dataclass(frozen=True)
class Answer:
    label: str
    lines: list[str]


def answer_rows(definition: engine.Definition, answers: dict[str, Any]) -> list[Answer]:
    """The questions the resident was asked, in order, with their answers in words."""
    shown = {q.id for q in engine.visible_questions(definition=definition, answers=answers)}
    rows = []
    for question in definition.questions:
        if question.id in answers:
            rows.append(Answer(question.label, answer_lines(question, answers[question.id])))
        elif question.id in shown:
            rows.append(Answer(question.label, [NOT_ANSWERED]))
    return rows


def answer_lines(question: engine.Question, value: Any) -> list[str]:
    labels = {choice.value: choice.label for choice in question.choices}
    if question.type == "single-choice":
        return [labels.get(value, str(value))]
    if question.type == "multiple-choice":
        return [labels.get(item, str(item)) for item in value] or [NOT_ANSWERED]
    if question.type == "yes-no":
        return ["Yes" if value else "No"]
    if question.type == "date":
        try:
            day = date.fromisoformat(str(value))
            return [f"{day.day} {day:%B %Y}"]
        except ValueError:
            return [str(value)]
    if question.type == "location" and isinstance(value, dict):
        return [f"{value.get('lat')}, {value.get('lon')}"]
    if question.type == "photo":
        count = len(value) if isinstance(value, list) else int(value or 0)
        return [f"{count} photo{'' if count == 1 else 's'} (shown under Photos)"]
    if question.type == "long-text":
        return str(value).splitlines() or [NOT_ANSWERED]
    return [str(value)]


@dataclass(frozen=True)
class TimelineEntry:
    title: str
    who: str
    when: str
    public: bool
    note: str


def timeline_entries(events: Iterable[Event], definition: engine.Definition) -> list[TimelineEntry]:
    """Newest first, each marked public or internal."""

    def label(state_id: str) -> str:
        try:
            return definition.workflow.state(state_id).label
        except KeyError:
            return state_id

    entries = []
    for event in events:
        title = event.get_kind_display()
        if event.from_state and event.to_state and event.from_state != event.to_state:
            title = f"{title}: {label(event.from_state)} to {label(event.to_state)}"
        elif event.to_state and event.kind != Event.Kind.NOTE:
            title = f"{title}: {label(event.to_state)}"
        entries.append(
            TimelineEntry(
                title=title,
                who=person(event.actor) or event.actor_label or "Commonweal",
                when=short_moment(event.at),
                public=event.public,
                note=event.note,
            )
        )
    return entries[::-1]
