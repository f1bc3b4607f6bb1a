"""Every asset's facets in memory, as arrays, so that counting them takes a millisecond.

Counting six facets in SQL means scanning every visible asset once per facet: at 100,000
assets that is 20 ms or more a facet on SQLite or PostgreSQL. Here each asset is a
position in a few numpy arrays (visibility, a code per scalar facet, pairs of position and
code for the many-valued ones, two orders for sorting); a filter is a boolean mask and a
facet's counts are one `bincount`. The text itself stays in the database's full-text
index (`commons.fulltext`).

The index belongs to the process and is rebuilt when the database's search token
(changed by triggers on assets, adoptions and organisations' kinds) is no longer the one
it was built at, so a search never sees stale facets. A transaction that has written to
PostgreSQL builds its own, since there the token moves only at commit.
"""

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import connections
from django.db.models import Case, Count, F, Value, When

from commonweal.commons import fulltext
from commonweal.commons.models import Adoption, Asset, Visibility

FACETS = ("kind", "stage", "function", "owner_kind", "lgsl", "licence")
MANY_VALUED = {"function": "functions", "lgsl": "lgsl"}  # facet → Asset field
CURRENT_ADOPTION = (Adoption.Status.ADOPTED, Adoption.Status.PILOTING)
PARTNERSHIP, STANDARD = "partnership", "standard"


@dataclass(frozen=True)
class Column:
    """One facet: its values, and each asset's code(s) into them."""

    values: tuple[str, ...]
    codes: dict[str, int]
    per_asset: np.ndarray | None = None  # scalar facets: a code per position
    entry_position: np.ndarray | None = None  # many-valued: (position, code) pairs
    entry_code: np.ndarray | None = None

    def selection(self, chosen: Iterable[str], size: int) -> np.ndarray:
        """Positions having any of the chosen values (none, for values nobody has)."""
        wanted = np.zeros(len(self.values) + 1, dtype=bool)
        wanted[[self.codes[v] for v in chosen if v in self.codes]] = True
        if self.per_asset is not None:
            return wanted[self.per_asset]
        mask = np.zeros(size, dtype=bool)
        mask[self.entry_position[wanted[self.entry_code]]] = True
        return mask

    def counts(self, mask: np.ndarray) -> dict[str, int]:
        """How many of the masked positions have each value (values with none left out)."""
        if self.per_asset is not None:
            found = self.per_asset[mask]
        else:
            found = self.entry_code[mask[self.entry_position]]
        tally = np.bincount(found, minlength=len(self.values))
        return {self.values[code]: int(n) for code, n in enumerate(tally) if n}


@dataclass(frozen=True)
class FacetIndex:
    token: int | None
    ids: np.ndarray  # asset ids, ascending; an asset's position is its index here
    public: np.ndarray
    columns: dict[str, Column]
    adoption_counts: np.ndarray
    newest: np.ndarray  # positions, newest first
    most_adopted: np.ndarray  # positions, most adopted first, then newest
    adopted_rank: np.ndarray  # each position's place in `most_adopted`

    @property
    def size(self) -> int:
        return len(self.ids)

    def visible(self, *, member: bool) -> np.ndarray:
        return np.ones(self.size, dtype=bool) if member else self.public.copy()

    def positions(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """The positions of these ids in their order, leaving out any the index lacks."""
        return positions_of(self.ids, np.asarray(ids, dtype=np.int64))

    def mask(self, positions: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[positions] = True
        return mask


def positions_of(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each wanted id sits in the sorted `ids`, in order; ids not there are left out."""
    found = np.searchsorted(ids, wanted)
    inside = found < len(ids)
    found, wanted = found[inside], wanted[inside]
    return found[ids[found] == wanted]


def _coded(values: Sequence) -> tuple[tuple[str, ...], dict[str, int], np.ndarray]:
    """The distinct values (as text), their codes, and each value's code."""
    codes: dict[str, int] = {}
    coded = [codes.setdefault(str(v), len(codes)) for v in values]
    return tuple(codes), codes, np.asarray(coded, dtype=np.int32)


def _column(values_per_asset: Sequence) -> Column:
    values, codes, per_asset = _coded(values_per_asset)
    return Column(values=values, codes=codes, per_asset=per_asset)


def _many_valued_column(ids: np.ndarray, field: str, using: str) -> Column:
    """From (asset id, value) pairs read with the database's own JSON functions."""
    connection = connections[using]
    table = Asset._meta.db_table
    elements = {
        "sqlite": f"json_each({table}.{field}) AS element",
        "postgresql": f"jsonb_array_elements_text({table}.{field}) AS element(value)",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {table}.id, element.value FROM {table}, {elements}")  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        pairs = cursor.fetchall()
    owners = np.fromiter((pair[0] for pair in pairs), np.int64, len(pairs))
    values, codes, coded = _coded([pair[1] for pair in pairs])
    found = np.searchsorted(ids, owners)
    known = found < len(ids)
    known[known] = ids[found[known]] == owners[known]
    # One entry per asset and value, however the list was written.
    unique = np.unique(found[known] * (len(values) + 1) + coded[known])
    return Column(
        values=values,
        codes=codes,
        entry_position=unique // (len(values) + 1),
        entry_code=(unique % (len(values) + 1)).astype(np.int32),
    )


def build(*, token: int | None, using: str = "default") -> FacetIndex:
    """Read every asset's facets (and adoption counts) from the database."""
    owner_kind = Case(
        When(owner_organisation__isnull=False, then=F("owner_organisation__kind")),
        When(owner_partnership__isnull=False, then=Value(PARTNERSHIP)),
        default=Value(STANDARD),
    )
    assets = Asset.objects.using(using).order_by()
    rows = list(
        assets.annotate(owner_kind_value=owner_kind)
        .order_by("pk")
        .values_list("pk", "visibility", "kind", "stage", "licence", "owner_kind_value")
    )
    columns_of = list(zip(*rows, strict=True)) if rows else [()] * 6
    size = len(rows)
    ids = np.fromiter(columns_of[0], np.int64, size)
    adopted = dict(
        Adoption.objects.using(using)
        .filter(status__in=CURRENT_ADOPTION)
        .order_by()
        .values_list("asset_id")
        .annotate(n=Count("pk"))
        .values_list("asset_id", "n")
    )
    adoption_counts = np.fromiter((adopted.get(pk, 0) for pk in columns_of[0]), np.int64, size)
    newest_ids = assets.order_by("-created_at", "-pk").values_list("pk", flat=True)
    newest = positions_of(ids, np.fromiter(newest_ids, np.int64))
    age = np.full(size, size, dtype=np.int64)
    age[newest] = np.arange(len(newest))
    most_adopted = np.lexsort((age, -adoption_counts))  # the last key sorts first
    adopted_rank = np.empty(size, dtype=np.int64)
    adopted_rank[most_adopted] = np.arange(size)
    columns = {
        "kind": _column(columns_of[2]),
        "stage": _column(columns_of[3]),
        "licence": _column(columns_of[4]),
        "owner_kind": _column(columns_of[5]),
        **{facet: _many_valued_column(ids, field, using) for facet, field in MANY_VALUED.items()},
    }
    return FacetIndex(
        token=token,
        ids=ids,
        public=np.asarray(columns_of[1], dtype=object) == Visibility.PUBLIC,
        columns=columns,
        adoption_counts=adoption_counts,
        newest=newest,
        most_adopted=most_adopted,
        adopted_rank=adopted_rank,
    )


_lock = threading.Lock()
_built: dict[tuple[str, str], FacetIndex] = {}


def current(using: str = "default") -> FacetIndex:
    """The index as the database stands now: the process's own, rebuilt if out of date."""
    token, writing = fulltext.current_token(using)
    trusted = token is not None and not writing
    key = (using, str(connections[using].settings_dict["NAME"]))
    index = _built.get(key)
    if trusted and index is not None and index.token == token:
        return index
    with _lock:
        index = _built.get(key)
        if trusted and index is not None and index.token == token:
            return index
        index = build(token=token, using=using)
        if trusted:
            _built[key] = index
        return index


def forget() -> None:
    """Drop every built index (for benchmarks timing a cold start)."""
    with _lock:
        _built.clear()
