"""Assets related to an asset: others that serve the same functions or LGSL services."""

from commonweal.commons.models import Asset
from commonweal.commons.search import search_assets

RELATED_SHOWN = 5


def related_assets(asset: Asset, user, *, limit: int = RELATED_SHOWN) -> list[Asset]:
    """Up to `limit` other assets the person may see sharing a function or an LGSL code with
    `asset`, the most adopted first (each annotated with `adoption_count`)."""
    found: dict[int, Asset] = {}
    for filters in ({"function": tuple(asset.functions)}, {"lgsl": tuple(asset.lgsl)}):
        if not any(filters.values()):
            continue
        result = search_assets(user=user, sort="most-adopted", page_size=limit + 1, **filters)
        for candidate in result.assets:
            if candidate.pk != asset.pk:
                found.setdefault(candidate.pk, candidate)
    ranked = sorted(found.values(), key=lambda item: (-item.adoption_count, item.title))
    return ranked[:limit]
