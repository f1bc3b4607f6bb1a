"""The metrics computed from daily rollups: sums of a scope's days, then a figure from the sums.

Only rollup tables are read here, never cases. Totals for a scope and period come from
`OrganisationDay` (one row per organisation and day); breakdowns by service or channel
and the cost per transaction come from `DailyRollup`.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from commonweal.core import rawsql
from commonweal.core.db_routers import reading
from commonweal.insight.models import (
    BACKLOG_IN,
    BACKLOG_OUT,
    BUCKET_HOURS,
    COUNT_FIELDS,
    HISTOGRAM_FIELDS,
    RATING_FIELDS,
    SCORES,
    DailyRollup,
    OrganisationDay,
)

Totals = Mapping[str, int]
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")
# Grouping keys: a column of the rollup tables.
GROUP_COLUMNS = {"organisation": "organisation_id", "day": "day", "service": "offering_id",
                 "channel": "channel"}  # fmt: skip


@dataclass(frozen=True)
class Rows:
    """Which rollup rows: organisations (None: all), days start..end (start None: from the
    first), optionally some offerings; `detailed` reads DailyRollup, else OrganisationDay."""

    organisations: tuple[int, ...] | None
    start: date | None
    end: date
    detailed: bool = False
    offerings: tuple[int, ...] | None = None

    def where(self) -> tuple[str, list]:
        clauses, params = ["day <= %s"], [self.end]
        if self.start is not None:
            clauses.append("day >= %s")
            params.append(self.start)
        for column, ids in (("organisation_id", self.organisations),
                            ("offering_id", self.offerings)):  # fmt: skip
            if ids is not None:
                clauses.append(f"{column} IN ({rawsql.placeholders(ids) or 'NULL'})")
                params.extend(ids)
        return " AND ".join(clauses), params

    def table(self) -> str:
        return rawsql.table(DailyRollup if self.detailed else OrganisationDay)


def rows(
    organisations: tuple[int, ...] | None,
    start: date | None,
    end: date,
    *,
    detailed: bool = False,
) -> Rows:
    """The rollup rows of these organisations (all when None) from start to end, inclusive."""
    return Rows(organisations, start, end, detailed)


def _select(found: Rows, columns: str, by: str | None, extra: str = "") -> list[tuple]:
    """Hand-written SQL: the ORM costs more to build these sums than SQLite takes to add."""
    where, params = found.where()
    group = GROUP_COLUMNS[by] if by else None
    head = f"{group}, " if group else ""
    sql = f"SELECT {head}{columns} FROM {found.table()} WHERE {where}{extra}"  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
    if group:
        sql += f" GROUP BY {group}"
    with reading(DailyRollup).cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The counts each figure needs: summing only these keeps a read at a million cases cheap.
FIELDS_FOR = {
    "requests": ("submitted",),
    "online-share": ("submitted", "submitted_online"),
    "sla-compliance": ("closed_in_sla", "closed_with_due"),
    "median-resolution": tuple(HISTOGRAM_FIELDS),
    "p90-resolution": tuple(HISTOGRAM_FIELDS),
    "satisfaction": tuple(RATING_FIELDS),
}


def fields_for(metric: str) -> tuple[str, ...]:
    return FIELDS_FOR.get(metric, tuple(COUNT_FIELDS))


def totals(
    found: Rows, by: str | None, fields: tuple[str, ...] = tuple(COUNT_FIELDS)
) -> dict[object, dict[str, int]]:
    """Sums of the counts over the rows, in one query, by a column (None: one total)."""
    sums_sql = ", ".join(f"SUM({name})" for name in fields)
    result = {}
    for row in _select(found, sums_sql, by):
        key, sums = (None, row) if by is None else (row[0], row[1:])
        if sums[0] is None:
            continue
        result[_key(by, key)] = {name: n or 0 for name, n in zip(fields, sums, strict=True)}
    return result


def backlog(found: Rows, by: str | None) -> dict[object, int]:
    """Open cases at the end of the last day: the running sum of every day's in minus out."""
    delta = f"SUM({' + '.join(BACKLOG_IN)} - {' - '.join(BACKLOG_OUT)})"
    result = {}
    for row in _select(found, delta, by):
        key, value = (None, row[0]) if by is None else row
        if value is not None:
            result[_key(by, key)] = value
    return result


def _key(by: str | None, key: object) -> object:
    """Days come back from SQLite as text."""
    if by == "day" and isinstance(key, str):
        return date.fromisoformat(key)
    return key


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(ONE_DECIMAL)


def quantile_days(counts: Totals, share: float) -> Decimal | None:
    """An estimate of a quantile of resolution time, in days, from the histogram.

    The quantile falls in one bucket; it is placed by straight-line interpolation between
    the bucket's bounds. In the open-ended last bucket (over 90 days) it is that bound.
    """
    histogram = [counts[name] for name in HISTOGRAM_FIELDS]
    total = sum(histogram)
    if not total:
        return None
    wanted = share * total
    below = 0
    lower = 0.0
    for count, upper in zip(histogram, (*BUCKET_HOURS, None), strict=True):
        if count and below + count >= wanted:
            within = 0 if upper is None else (upper - lower) * (wanted - below) / count
            hours = lower + within
            return (Decimal(hours) / 24).quantize(ONE_DECIMAL)
        below += count
        lower = float(upper) if upper is not None else lower
    return (Decimal(lower) / 24).quantize(ONE_DECIMAL)


def satisfaction(counts: Totals) -> Decimal | None:
    ratings = [counts[name] for name in RATING_FIELDS]
    if not sum(ratings):
        return None
    score = sum(s * n for s, n in zip(SCORES, ratings, strict=True))
    return (Decimal(score) / sum(ratings)).quantize(TWO_DECIMALS)


def from_totals(metric: str, counts: Totals) -> Decimal | None:
    """A rollup metric's figure from summed counts (backlog and cost are not computed here)."""
    if metric == "requests":
        return Decimal(counts["submitted"])
    if metric == "online-share":
        return percent(counts["submitted_online"], counts["submitted"])
    if metric == "sla-compliance":
        return percent(counts["closed_in_sla"], counts["closed_with_due"])
    if metric == "median-resolution":
        return quantile_days(counts, 0.5)
    if metric == "p90-resolution":
        return quantile_days(counts, 0.9)
    if metric == "satisfaction":
        return satisfaction(counts)
    raise ValueError(f"{metric} is not computed from summed counts")


def cost_per_transaction(
    found: Rows, costs: Mapping[int, Mapping[str, object]], by: str | None
) -> dict[object, Decimal | None]:
    """Average cost of a request: each offering's cost for its channel, weighted by requests.

    Requests whose offering gives no cost for their channel are left out; None when no
    request has a cost.
    """
    spent: dict[object, Decimal] = defaultdict(Decimal)
    counted: dict[object, int] = defaultdict(int)
    where, params = found.where()
    sql = (
        f"SELECT organisation_id, offering_id, channel, SUM(submitted) FROM {found.table()} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"WHERE {where} GROUP BY organisation_id, offering_id, channel"
    )
    with reading(DailyRollup).cursor() as cursor:
        cursor.execute(sql, params)
        grouped = cursor.fetchall()
    position = {"organisation": 0, "service": 1, "channel": 2}
    for row in grouped:
        pounds = _pounds(costs.get(row[1], {}).get(row[2]))
        key = None if by is None else row[position[by]]
        counted.setdefault(key, 0)
        if pounds is None or not row[3]:
            continue
        spent[key] += pounds * row[3]
        counted[key] += row[3]
    return {
        key: (spent[key] / n).quantize(TWO_DECIMALS) if n else None for key, n in counted.items()
    }


def _pounds(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def merge(
    groups: Iterable[Totals], fields: tuple[str, ...] = tuple(COUNT_FIELDS)
) -> dict[str, int]:
    merged = dict.fromkeys(fields, 0)
    for counts in groups:
        for name in fields:
            merged[name] += counts[name]
    return merged


def any_costs(costs: Mapping[int, Mapping[str, object]]) -> bool:
    """Whether any offering gives a cost for any channel (else there is nothing to read)."""
    return any(
        _pounds(value) is not None for per in costs.values() for value in (per or {}).values()
    )
