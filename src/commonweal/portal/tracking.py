"""What anyone with a reference may see of a case: its status, due date and public timeline.

Only public events, described by the workflow's public state labels and the public
notes staff wrote for the resident. Never who did it (staff are named nowhere on the
public side), never internal notes, never the reporter or the answers.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from commonweal.cases import queries
from commonweal.cases.models import Case, Event
from commonweal.cases.state import long_date, state_label
from commonweal.services import engine

TITLES = {
    Event.Kind.SUBMITTED: "Request sent",
    Event.Kind.NOTE: "Update",
    Event.Kind.REOPENED: "Reopened",
    Event.Kind.MERGED: "Already reported",
}
CASE_FIELDS = (
    "id", "reference", "state", "submitted_at", "due_at", "closed_at", "version",
    "organisation__name", "organisation__slug", "definition_id", "definition__code",
    "definition__name", "definition__status", "definition__published_at", "reporter_id",
)  # fmt: skip


@dataclass(frozen=True)
class Entry:
    title: str
    when: str
    at: str  # ISO 8601, for the <time> element
    status: str
    note: str


def find_case(reference: str) -> Case | None:
    return (
        Case.objects.select_related("organisation", "definition")
        .only(*CASE_FIELDS)
        .filter(reference=reference)
        .first()
    )


def moment(at: datetime) -> str:
    local = timezone.localtime(at)
    return f"{long_date(at)} at {local:%H:%M}"


def timeline(case: Case, definition: engine.Definition) -> list[Entry]:
    """The public events, newest first."""
    entries = []
    for event in queries.case_timeline(case=case, public_only=True):
        status = state_label(definition, event.to_state) if event.to_state else ""
        if event.kind == Event.Kind.TRANSITION:
            title = "Status changed"
        else:
            title = TITLES.get(event.kind, event.get_kind_display())
        entries.append(
            Entry(
                title=title,
                when=moment(event.at),
                at=timezone.localtime(event.at).isoformat(timespec="minutes"),
                status=status,
                note=event.note,
            )
        )
    return entries[::-1]


def due(case: Case) -> str:
    """When the organisation aims to finish, in words; empty once closed or with no deadline."""
    if case.closed_at is not None or case.due_at is None:
        return ""
    return long_date(case.due_at)
