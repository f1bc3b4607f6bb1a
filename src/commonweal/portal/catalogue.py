"""The services a resident can ask for, and what a service's start page says about it.

A service is listed when its latest published definition is run, live, by at least one
organisation: there is no point offering what nobody on Commonweal takes.
"""

from dataclasses import dataclass

from django.http import Http404

from commonweal.organisations.functions import FUNCTIONS
from commonweal.portal.search import Service
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceDefinition, ServiceOffering

PUBLISHED = ServiceDefinition.Status.PUBLISHED
ROW_FIELDS = ("id", "code", "version", "status", "published_at")


def topic(function: str) -> str:
    found = FUNCTIONS.get(function)
    return found.name if found else function.replace("-", " ").capitalize()


def live_services() -> list[Service]:
    """Every service with a live offering somewhere, as its latest published version says."""
    codes = set(
        ServiceOffering.objects.filter(live=True).values_list("service_code", flat=True).distinct()
    )
    rows = ServiceDefinition.objects.filter(code__in=codes, status=PUBLISHED).only(*ROW_FIELDS)
    latest: dict[str, ServiceDefinition] = {}
    for row in rows.order_by("code", "-version"):
        latest.setdefault(row.code, row)
    services = []
    for row in latest.values():
        definition = definitions.engine_definition(row)
        services.append(
            Service(
                code=definition.code,
                name=definition.name,
                description=definition.description,
                synonyms=definition.synonyms,
                topic=topic(definition.function),
            )
        )
    return services


def published(code: str) -> tuple[ServiceDefinition, engine.Definition]:
    """The latest published version of a service and the engine's view of it, or 404."""
    row = (
        ServiceDefinition.objects.filter(code=code, status=PUBLISHED)
        .only(*ROW_FIELDS)
        .order_by("-version")
        .first()
    )
    if row is None:
        raise Http404("No such service")
    return row, definitions.engine_definition(row)


def offered_by(code: str) -> int:
    """How many organisations run the service live."""
    return ServiceOffering.objects.filter(service_code=code, live=True).count()


@dataclass(frozen=True)
class StartPage:
    asked: list[str]
    steps: list[str]
    outcomes: list[str]
    working_days: int
    urgent_days: int | None
    takes_photos: bool


def start_page(definition: engine.Definition) -> StartPage:
    """What the start page says: the questions, the steps and the time it should take."""
    states = definition.workflow.states
    days = definition.sla.working_days
    normal = days.get(definition.sla.default_priority, min(days.values()))
    urgent = days.get("urgent")
    return StartPage(
        asked=[_asked(question) for question in definition.questions],
        steps=[state.label for state in states if not state.closes],
        outcomes=[state.label for state in states if state.closes],
        working_days=normal,
        urgent_days=urgent if urgent is not None and urgent < normal else None,
        takes_photos=any(question.type == "photo" for question in definition.questions),
    )


def _asked(question: engine.Question) -> str:
    return question.label if question.required else f"{question.label} (optional)"


@dataclass(frozen=True)
class Retention:
    service: str
    days: int

    @property
    def period(self) -> str:
        """Like "6 years", or "90 days" when the days are not whole years."""
        years, rest = divmod(self.days, 365)
        if rest or not years:
            return f"{self.days} day{'' if self.days == 1 else 's'}"
        return f"{years} year{'' if years == 1 else 's'}"


def standard_retention() -> list[Retention]:
    """How long each live standard service keeps personal data after a case closes."""
    live = ServiceOffering.objects.filter(live=True, definition__owner__isnull=True)
    codes = set(live.values_list("service_code", flat=True).distinct())
    rows = ServiceDefinition.objects.filter(code__in=codes, status=PUBLISHED, owner__isnull=True)
    latest: dict[str, ServiceDefinition] = {}
    for row in rows.only(*ROW_FIELDS).order_by("code", "-version"):
        latest.setdefault(row.code, row)
    found = [
        Retention(service=definition.name, days=definition.privacy.retention_days)
        for definition in map(definitions.engine_definition, latest.values())
    ]
    return sorted(found, key=lambda retention: retention.service)
