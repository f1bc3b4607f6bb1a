"""What the browse page shows around the search results: the facets as checkboxes with
their counts, the filters chosen (each with a link that removes it), and the heading."""

from dataclasses import dataclass

from django.http import QueryDict

from commonweal.commons.search import Facet

FACETS: list[tuple[str, str]] = [
    ("kind", "Kind"),
    ("stage", "Stage"),
    ("function", "Function"),
    ("owner_kind", "Owner's kind"),
    ("lgsl", "LGSL service"),
    ("licence", "Licence"),
]
FACET_NAMES = [name for name, _ in FACETS]
# Long facets start folded away (in a details element, which works without JavaScript).
FOLDED = {"function", "lgsl", "licence"}


@dataclass(frozen=True)
class FacetOption:
    id: str
    value: str
    label: str
    count: int
    checked: bool


@dataclass(frozen=True)
class FacetGroup:
    name: str
    legend: str
    options: list[FacetOption]
    folded: bool


@dataclass(frozen=True)
class ChosenFilter:
    legend: str
    label: str
    remove_url: str


def facet_groups(facets: dict[str, list[Facet]], chosen: dict[str, list[str]]) -> list[FacetGroup]:
    """Each facet with a checkbox per value, those chosen ticked; a chosen value the search
    counted nothing for is still shown, so it can be unticked."""
    groups = []
    for name, legend in FACETS:
        found = list(facets.get(name, []))
        counted = {facet.value for facet in found}
        found += [Facet(value, value, 0) for value in chosen.get(name, []) if value not in counted]
        options = [
            FacetOption(
                id=f"{name}-{n}",
                value=facet.value,
                label=facet.label,
                count=facet.count,
                checked=facet.value in chosen.get(name, []),
            )
            for n, facet in enumerate(found)
        ]
        if options:
            folded = name in FOLDED and not any(option.checked for option in options)
            groups.append(FacetGroup(name, legend, options, folded))
    return groups


def chosen_filters(groups: list[FacetGroup], query: QueryDict) -> list[ChosenFilter]:
    """The ticked values, each with the address of the same search without it."""
    chosen = []
    for group in groups:
        for option in group.options:
            if option.checked:
                params = query.copy()
                params.setlist(
                    group.name, [v for v in query.getlist(group.name) if v != option.value]
                )
                params.pop("page", None)
                chosen.append(ChosenFilter(group.legend, option.label, f"?{params.urlencode()}"))
    return chosen


def result_heading(total: int) -> str:
    if total == 0:
        return "No assets found"
    return f"{total:,} asset{'' if total == 1 else 's'} found"


def page_number(value: str | None) -> int:
    """The page asked for, or the first for anything that is not a positive number."""
    return int(value) if value and value.isdigit() and 0 < int(value) < 100_000 else 1
