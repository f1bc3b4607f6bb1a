"""Finding assets: words, six facets with counts, three orders, one page at a time.

`search_assets` is the one way in, for the pages, the API and related assets alike. Words
go to the database's own full-text index (`commons.fulltext`: SQLite FTS5 ranked by bm25,
PostgreSQL tsvector ranked by ts_rank; a title match counts most), as plain words: any
query syntax is dropped, so no input can make the search fail. Facets are counted in
memory (`commons.search_index`), the standard faceted way: each facet's counts apply the
words and every *other* facet's choices, so choosing a kind still shows how many there are
of the other kinds. Within a facet, choices widen (any of them); across facets, they narrow.

Only the assets the person may see are searched or counted: public ones for everyone,
members-only ones too for the platform's members (`commons.permissions`).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from commonweal.commons import fulltext, permissions, search_index
from commonweal.commons.licences import LICENCES
from commonweal.commons.models import Adoption, Asset, Interest, Kind, Stage
from commonweal.organisations.functions import FUNCTIONS
from commonweal.organisations.models import Kind as OrganisationKind
from commonweal.organisations.permissions import AnyUser

SORTS = ("relevance", "most-adopted", "newest")
FACETS = search_index.FACETS
MAX_PAGE_SIZE = 100
CURRENT_ADOPTION = search_index.CURRENT_ADOPTION

LABELS: dict[str, dict[str, str]] = {
    "kind": dict(Kind.choices),
    "stage": dict(Stage.choices),
    "function": {slug: function.name for slug, function in FUNCTIONS.items()},
    "owner_kind": {
        **dict(OrganisationKind.choices),
        search_index.PARTNERSHIP: "Partnership",
        search_index.STANDARD: "Platform standard",
    },
    "licence": dict(LICENCES),
}
IN_CHOICE_ORDER = ("kind", "stage")  # the rest: most first


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    assets: list[Asset]  # this page, each with `adoption_count` and `interest_count`
    total: int
    facets: dict[str, list[Facet]]  # keyed by FACETS


def search_assets(
    *,
    user: AnyUser,
    words: str = "",
    kind: Sequence[str] = (),
    stage: Sequence[str] = (),
    function: Sequence[str] = (),
    owner_kind: Sequence[str] = (),
    lgsl: Sequence[int] = (),
    licence: Sequence[str] = (),
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
) -> SearchResult:
    """One page of the assets the person may see that match, and the facet counts.

    `relevance` puts the best matches for the words first; with no words it is the same as
    `most-adopted` (adopted or piloting, then newest). A value nobody has matches nothing.
    Raises ValueError for an unknown sort or a page or page size out of range.
    """
    if sort not in SORTS:
        raise ValueError(f"Sort by one of: {', '.join(SORTS)}.")
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"Pages start at 1 and hold 1 to {MAX_PAGE_SIZE} assets.")
    chosen = {
        "kind": [str(v) for v in kind],
        "stage": [str(v) for v in stage],
        "function": [str(v) for v in function],
        "owner_kind": [str(v) for v in owner_kind],
        "lgsl": [str(int(v)) for v in lgsl],
        "licence": [str(v) for v in licence],
    }
    index = search_index.current()
    base = index.visible(member=permissions.is_platform_member(user))
    ranked = None
    if search_terms := fulltext.terms(words):
        found = fulltext.matches(search_terms, ranked=sort == "relevance")
        ranked = index.positions(found.ids)
        if found.scores is not None:
            scores = found.scores[np.isin(found.ids, index.ids[ranked])]
            # Best first; equal scores as most adopted, then newest.
            ranked = ranked[np.lexsort((index.adopted_rank[ranked], scores))]
        base &= index.mask(ranked)
    selections = {
        facet: index.columns[facet].selection(values, index.size)
        for facet, values in chosen.items()
        if values
    }
    facets = {}
    for facet in FACETS:
        mask = base
        for other, selected in selections.items():
            if other != facet:
                mask = mask & selected
        facets[facet] = _facets(facet, index.columns[facet].counts(mask), chosen[facet])
    matches = base
    for selected in selections.values():
        matches = matches & selected
    if sort == "relevance" and ranked is not None:
        order = ranked  # as scored
    else:
        order = index.newest if sort == "newest" else index.most_adopted
    ordered = order[matches[order]]
    start = (page - 1) * page_size
    page_ids = index.ids[ordered[start : start + page_size]].tolist()
    return SearchResult(
        assets=_assets(user, page_ids), total=int(np.count_nonzero(matches)), facets=facets
    )


def _facets(facet: str, counts: dict[str, int], chosen: list[str]) -> list[Facet]:
    """The values found, with any chosen value that has none left (so it can be unchosen)."""
    labels = LABELS.get(facet)
    values = set(counts) | {v for v in chosen if labels is None or v in labels}
    found = [
        Facet(value=v, label=labels.get(v, v) if labels else f"LGSL {v}", count=counts.get(v, 0))
        for v in values
    ]
    if facet in IN_CHOICE_ORDER:
        position = {value: n for n, value in enumerate(labels)}
        return sorted(found, key=lambda f: position.get(f.value, len(position)))
    if facet == "lgsl":
        return sorted(found, key=lambda f: (-f.count, int(f.value)))
    return sorted(found, key=lambda f: (-f.count, f.label.lower()))


def with_counts(assets):
    """Annotate a queryset of assets with `adoption_count` (adopted or piloting) and
    `interest_count`."""
    adoptions = (
        Adoption.objects.filter(asset=OuterRef("pk"), status__in=CURRENT_ADOPTION)
        .order_by()
        .values("asset")
        .annotate(n=Count("pk"))
        .values("n")
    )
    interests = (
        Interest.objects.filter(asset=OuterRef("pk"))
        .order_by()
        .values("asset")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return assets.annotate(
        adoption_count=Coalesce(Subquery(adoptions, output_field=IntegerField()), Value(0)),
        interest_count=Coalesce(Subquery(interests, output_field=IntegerField()), Value(0)),
    )


def _assets(user, ids: list[int]) -> list[Asset]:
    if not ids:
        return []
    rows = with_counts(
        Asset.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("owner_organisation", "owner_partnership")
    )
    by_id = {asset.pk: asset for asset in rows}
    return [by_id[pk] for pk in ids if pk in by_id]
