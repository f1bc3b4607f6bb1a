"""A signed-in resident's own requests: those whose reporter is their account."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from commonweal.cases.models import Case, Event
from commonweal.cases.state import long_date, state_label
from commonweal.services import definitions

FIELDS = (
    "id", "reference", "state", "submitted_at", "closed_at", "organisation__name",
    "definition_id", "definition__name", "definition__status", "definition__published_at",
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    reference: str
    url: str
    service: str
    organisation: str
    status: str
    closed: bool
    submitted: str
    may_rate: bool


def cases_of(user) -> QuerySet[Case]:
    return (
        Case.objects.filter(reporter__user=user)
        .select_related("organisation", "definition")
        .only(*FIELDS)
        .order_by("-submitted_at", "-id")
    )


def rows(cases: Iterable[Case]) -> list[Row]:
    cases = list(cases)
    closed = [case.pk for case in cases if case.closed_at]
    rated = set(
        Event.objects.filter(case_id__in=closed, kind=Event.Kind.RATED).values_list(
            "case_id", flat=True
        )
    )
    return [
        Row(
            reference=case.reference,
            url=reverse("portal:case", args=[case.reference]),
            service=case.definition.name,
            organisation=case.organisation.name,
            status=state_label(definitions.engine_definition(case.definition), case.state),
            closed=case.closed_at is not None,
            submitted=long_date(case.submitted_at),
            may_rate=case.closed_at is not None and case.pk not in rated,
        )
        for case in cases
    ]
