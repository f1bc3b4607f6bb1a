"""Which assets in the commons might replace the contracts of an opportunity.

Kept deliberately simple, and explainable on the page. An asset is suggested when:

1. a contract in the opportunity is already linked to it (`Contract.commons_asset`); or
2. it serves a function (`organisations.functions`) that the contracts' CPV group buys
   for, by the table below (CPV group 905, refuse and waste, serves waste collection and
   waste disposal); or
3. it carries a tag naming the CPV group or division, such as `cpv:905` or `cpv:90`.

Retired assets, and those the viewer may not see, are never suggested. At most
`MAX_SUGGESTIONS` per opportunity: linked ones first, then live before beta before alpha.
"""

from collections.abc import Iterable

from commonweal.commissioning.models import Contract
from commonweal.commons.models import Asset, Stage

MAX_SUGGESTIONS = 5

# CPV prefix (group or finer) → the functions whose services those purchases provide.
# The longest matching prefix wins; a group with no entry suggests by tags and links only.
CPV_FUNCTIONS: dict[str, frozenset[str]] = {
    prefix: frozenset(functions)
    for prefix, functions in {
        "905": {"waste-collection", "waste-disposal"},
        "90511": {"waste-collection"},
        "90512": {"waste-collection"},
        "90513": {"waste-disposal"},
        "90514": {"waste-disposal"},
        "906": {"street-cleansing"},
        "90620": {"highways"},
        "90630": {"highways"},
        "90640": {"highways", "flood-risk"},
        "452": {"highways"},
        "502": {"highways", "street-lighting"},
        "50232": {"street-lighting"},
        "349": {"highways", "street-lighting"},
        "773": {"parks"},
        "853": {"social-care"},
        "851": {"health-care"},
        "801": {"education"},
        "802": {"education"},
        "925": {"libraries", "leisure"},
        "926": {"leisure"},
        "601": {"transport"},
        "983": {"parking"},
        "75251": {"fire-and-rescue"},
        "75241": {"policing"},
        "79940": {"council-tax"},
        "907": {"environmental-health"},
        "9092": {"environmental-health"},
    }.items()
}
_STAGE_ORDER = {Stage.LIVE: 0, Stage.BETA: 1, Stage.ALPHA: 2, Stage.IDEA: 3, Stage.RETIRING: 4}


def functions_for(code_or_group: str) -> frozenset[str]:
    """The functions a CPV code or group buys for (longest prefix in the table)."""
    for length in range(len(code_or_group[:8]), 2, -1):
        found = CPV_FUNCTIONS.get(code_or_group[:length])
        if found is not None:
            return found
    return frozenset()


def contract_groups(contract_ids: Iterable[int]) -> dict[int, str]:
    ids = list(contract_ids)
    return dict(Contract.objects.filter(pk__in=ids).values_list("pk", "cpv_group")) if ids else {}


class Replacements:
    """Suggests assets for one page or command: reads the commons once, when first asked."""

    def __init__(self, viewer=None) -> None:
        self.viewer = viewer
        self._assets: list[Asset] | None = None

    def _candidates(self) -> list[Asset]:
        if self._assets is None:
            assets = Asset.objects.exclude(stage=Stage.RETIRED)
            if self.viewer is not None:
                assets = assets.visible_to(self.viewer)
            self._assets = list(
                assets.only("pk", "title", "slug", "kind", "stage", "functions", "tags")
            )
        return self._assets

    def suggest(self, *, cpv_groups: set[str], linked_asset_ids: Iterable[int]) -> list[Asset]:
        linked = set(linked_asset_ids)
        functions = frozenset().union(*(functions_for(group) for group in cpv_groups))
        tags = {f"cpv:{group}" for group in cpv_groups} | {
            f"cpv:{group[:2]}" for group in cpv_groups
        }
        chosen = [
            asset
            for asset in self._candidates()
            if asset.pk in linked
            or functions.intersection(asset.functions or [])
            or tags.intersection(asset.tags or [])
        ]
        chosen.sort(key=lambda a: (a.pk not in linked, _STAGE_ORDER.get(a.stage, 9), a.title))
        return chosen[:MAX_SUGGESTIONS]
