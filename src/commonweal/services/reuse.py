"""The re-use map: which organisations run which service definition, at which version.

For a function (waste collection…) or an LGSL service, it groups the offerings by the
definition they run and says how far each organisation is from the latest version, so a
county can see where its districts diverge and what it would take to converge: moving an
offering to a newer version of the same definition is one step (`definitions.
upgrade_offering`); moving to another definition means adopting it in the commons.

A definition belongs to a function or LGSL service as its latest published version says.
People outside the platform see live offerings only; its members see those being set up too.
"""

from dataclasses import dataclass

from commonweal.commons.models import Asset
from commonweal.commons.permissions import is_platform_member
from commonweal.organisations.functions import FUNCTIONS
from commonweal.organisations.models import Organisation
from commonweal.services.models import ServiceDefinition, ServiceOffering

PUBLISHED = ServiceDefinition.Status.PUBLISHED
STANDARD = "Commonweal's standard definitions"


def _organisations(count: int, *, first: bool) -> str:
    if first:
        return f"{count} organisation runs" if count == 1 else f"{count} organisations run"
    return f"{count} runs" if count == 1 else f"{count} run"


@dataclass(frozen=True)
class Running:
    """One organisation's offering of a definition."""

    organisation: Organisation
    version: int
    live: bool
    latest: int

    @property
    def convergence(self) -> str:
        if self.version >= self.latest:
            return "Runs the latest version"
        return f"One step: move to version {self.latest}"


@dataclass(frozen=True)
class VersionCount:
    version: int
    organisations: int


@dataclass(frozen=True)
class DefinitionReuse:
    code: str
    name: str
    owner: str
    asset_slug: str
    latest: int
    running: list[Running]
    by_version: list[VersionCount]  # the newest version first

    @property
    def behind(self) -> list[Running]:
        return [entry for entry in self.running if entry.version < self.latest]

    @property
    def summary(self) -> str:
        """Such as "3 organisations run version 2, 1 runs version 1; moving it to version 2
        is one step"."""
        counts = ", ".join(
            f"{_organisations(count.organisations, first=n == 0)} version {count.version}"
            for n, count in enumerate(self.by_version)
        )
        behind = len(self.behind)
        if not behind:
            return f"{counts}: the latest version."
        if self.by_version[0].version < self.latest:
            counts += f"; version {self.latest} is published"
        them = "it" if behind == 1 else "each of them"
        return f"{counts}; moving {them} to version {self.latest} is one step."


@dataclass(frozen=True)
class ReuseMap:
    definitions: list[DefinitionReuse]  # the most widely run first
    organisations: int  # how many organisations run any of them
    not_running: list[Organisation]  # in the area, holding the function, running none
    live_only: bool

    @property
    def diverges(self) -> bool:
        """Organisations run different definitions for the same thing."""
        return len(self.definitions) > 1


def _latest_rows(*, function: str, lgsl: int | None) -> dict[str, ServiceDefinition]:
    """The latest published version of each definition for the function or LGSL service."""
    published = ServiceDefinition.objects.filter(status=PUBLISHED)
    if function:
        published = published.filter(code__in=published.filter(function=function).values("code"))
    latest: dict[str, ServiceDefinition] = {}
    rows = published.select_related("owner").only(
        "code", "version", "name", "function", "lgsl", "owner__name"
    )
    for row in rows.order_by("code", "-version"):
        latest.setdefault(row.code, row)
    return {
        code: row
        for code, row in latest.items()
        if (not function or row.function == function) and (lgsl is None or lgsl in row.lgsl)
    }


def reuse_map(
    *, user, function: str = "", lgsl: int | None = None, area: Organisation | None = None
) -> ReuseMap:
    """Who runs what for `function` and/or `lgsl`, within `area` (it and the organisations
    in it) if given."""
    latest = _latest_rows(function=function, lgsl=lgsl)
    live_only = not is_platform_member(user)
    offerings = (
        ServiceOffering.objects.filter(service_code__in=latest, organisation__active=True)
        .select_related("organisation", "definition")
        .only("service_code", "live", "organisation", "definition__version")
    )
    if live_only:
        offerings = offerings.filter(live=True)
    within: list[Organisation] = []
    if area is not None:
        within = [area, *area.children.filter(active=True).order_by("name")]
        offerings = offerings.filter(organisation__in=within)
    running: dict[str, list[Running]] = {}
    for offering in offerings.order_by("organisation__name"):
        newest = latest[offering.service_code].version
        running.setdefault(offering.service_code, []).append(
            Running(offering.organisation, offering.definition.version, offering.live, newest)
        )
    slugs = dict(
        Asset.objects.visible_to(user)
        .filter(service_code__in=running)
        .values_list("service_code", "slug")
    )
    found = [
        _definition_reuse(latest[code], entries, slugs.get(code, ""))
        for code, entries in running.items()
    ]
    found.sort(key=lambda item: (-len(item.running), item.name))
    runners = {entry.organisation.pk for item in found for entry in item.running}
    not_running = [
        org for org in within if function and function in org.functions and org.pk not in runners
    ]
    return ReuseMap(found, len(runners), not_running, live_only)


def _definition_reuse(row: ServiceDefinition, entries: list[Running], slug: str) -> DefinitionReuse:
    entries = sorted(entries, key=lambda entry: (-entry.version, entry.organisation.name))
    counts: dict[int, int] = {}
    for entry in entries:
        counts[entry.version] = counts.get(entry.version, 0) + 1
    return DefinitionReuse(
        code=row.code,
        name=row.name,
        owner=row.owner.name if row.owner else STANDARD,
        asset_slug=slug,
        latest=row.version,
        running=entries,
        by_version=[VersionCount(v, n) for v, n in sorted(counts.items(), reverse=True)],
    )


def looked_for(*, function: str, lgsl: int | None, area: Organisation | None) -> str:
    """What the map shows, in words: "Waste collection, LGSL 524, in Cambridgeshire"."""
    parts = []
    if function:
        parts.append(FUNCTIONS[function].name if function in FUNCTIONS else function)
    if lgsl is not None:
        parts.append(f"LGSL {lgsl}")
    words = ", ".join(parts)
    return f"{words}, within the area of {area.name}" if area is not None else words
