"""The metric registry: every figure the dashboards show, defined once, for any scope and period.

A metric is computed for an organisation, a group of organisations or the whole platform
(`Scope`), over a period of whole days (`start` to `end`, both included, in UK time).
Case metrics read the daily rollups only, never cases, so their cost grows with days and
not with cases; each call first brings the rollups up to date (`rollups.fresh`).
"""

import dataclasses
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from commonweal.insight import metric_other, metric_rollup, rollups
from commonweal.organisations.models import Organisation
from commonweal.services.models import ServiceOffering

__all__ = ["METRICS", "Metric", "Quartiles", "Scope", "breakdown", "peers", "series", "value"]


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    unit: str  # "count", "percent", "pounds", "days", "score"
    direction: str  # "up" (higher is better), "down" (lower is better), "neutral"
    definition: str


def _metrics(*found: Metric) -> dict[str, Metric]:
    return {metric.key: metric for metric in found}


METRICS: dict[str, Metric] = _metrics(
    Metric(
        "requests", "Requests", "count", "neutral",
        "The number of requests made in the period, by every channel.",
    ),
    Metric(
        "online-share", "Requests made online", "percent", "up",
        "The share of the period's requests made on the web, through Open311 or through "
        "the API (channel shift), rather than by phone, e-mail, in person or import.",
    ),
    Metric(
        "sla-compliance", "Closed on time", "percent", "up",
        "Of the requests closed in the period that had a due date, the share closed by it. "
        "Due dates count working days, so bank holidays are not counted. A reopened request "
        "counts once, on its final close, against the due date it has then.",
    ),
    Metric(
        "median-resolution", "Median time to close", "days", "down",
        "Half the requests closed in the period took less than this, from submission to "
        "final close, in calendar days. Estimated from a histogram of close times.",
    ),
    Metric(
        "p90-resolution", "Time to close 9 in 10 requests", "days", "down",
        "Nine in ten requests closed in the period took less than this, from submission to "
        "final close, in calendar days. Estimated from a histogram of close times.",
    ),
    Metric(
        "backlog", "Open requests", "count", "down",
        "The requests still open at the end of the period's last day (reopened ones "
        "included).",
    ),
    Metric(
        "cost-per-transaction", "Cost per request", "pounds", "down",
        "The average cost of the period's requests, each costed at its service's cost for "
        "the channel it came by. Requests with no cost given for their channel are left out.",
    ),
    Metric(
        "satisfaction", "Satisfaction", "score", "up",
        "The average score, from 1 (poor) to 5 (very good), that residents gave their "
        "closed requests in the period.",
    ),
    Metric(
        "assets-adopted", "Assets adopted", "count", "up",
        "Shared assets (service designs, software, data, contracts) adopted from the "
        "commons, counted on the date the adoption started.",
    ),
    Metric(
        "reuse-savings", "Savings from re-use", "pounds", "up",
        "The annual savings organisations report for the assets they have adopted, "
        "counted for the days of the period each adoption was in use.",
    ),
    Metric(
        "contract-value-expiring", "Contract value expiring", "pounds", "neutral",
        "The annual value of contracts that end in the period: the spending due to be "
        "bought again, perhaps together with others.",
    ),
    Metric(
        "maturity-average", "Maturity", "score", "up",
        "The average level, from 1 to 5, across the themes of each organisation's latest "
        "complete self-assessment, averaged over the organisations in scope.",
    ),
)  # fmt: skip

ROLLUP_METRICS = frozenset(
    {
        "requests",
        "online-share",
        "sla-compliance",
        "median-resolution",
        "p90-resolution",
        "backlog",
        "cost-per-transaction",
        "satisfaction",
    }
)
OTHER_METRICS: dict[str, Callable[..., metric_other.Figures]] = {
    "assets-adopted": metric_other.assets_adopted,
    "reuse-savings": metric_other.reuse_savings,
    "contract-value-expiring": metric_other.contract_value_expiring,
    "maturity-average": metric_other.maturity_average,
}
STEPS = ("week", "month")
BREAKDOWNS = ("service", "channel")


@dataclass(frozen=True)
class Scope:
    """Whose figures: some organisations (by id), or the whole platform (None)."""

    organisations: tuple[int, ...] | None

    @classmethod
    def for_organisation(cls, organisation: Organisation | int) -> "Scope":
        return cls((_pk(organisation),))

    @classmethod
    def for_organisations(cls, organisations: Iterable[Organisation | int]) -> "Scope":
        return cls(tuple(sorted({_pk(o) for o in organisations})))

    @classmethod
    def platform(cls) -> "Scope":
        return cls(None)


@dataclass(frozen=True)
class Quartiles:
    """Where an organisation stands among its peers (same kind, active, with a figure)."""

    lower: Decimal
    median: Decimal
    upper: Decimal
    organisations: int
    own: Decimal | None


def _pk(organisation: Organisation | int) -> int:
    return organisation if isinstance(organisation, int) else organisation.pk


def _check(metric: str, start: date, end: date) -> None:
    if metric not in METRICS:
        raise ValueError(f"Unknown metric {metric!r}; known: {', '.join(METRICS)}.")
    if end < start:
        raise ValueError(f"The period ends ({end}) before it starts ({start}).")


def value(*, metric: str, scope: Scope, start: date, end: date) -> Decimal | None:
    """The metric's figure for the scope over the period; None when there is no data."""
    _check(metric, start, end)
    return _compute(metric, scope.organisations, start, end, by=None).get(None)


def series(
    *, metric: str, scope: Scope, start: date, end: date, step: str = "month"
) -> list[tuple[date, Decimal | None]]:
    """The figure for each week (from Monday) or calendar month that overlaps the period.

    Each point is labelled with the first day of its week or month; the first and last
    periods are cut to the period asked for.
    """
    _check(metric, start, end)
    if step not in STEPS:
        raise ValueError(f"step must be one of {', '.join(STEPS)}, not {step!r}.")
    periods = list(_periods(start, end, step))
    if metric in ROLLUP_METRICS and metric not in ("backlog", "cost-per-transaction"):
        rollups.fresh()
        found = metric_rollup.rows(scope.organisations, start, end)
        days = metric_rollup.totals(found, by="day", fields=metric_rollup.fields_for(metric))
        return [
            (label, _rollup_figure(metric, [c for d, c in days.items() if first <= d <= last]))
            for label, first, last in periods
        ]
    if metric == "backlog":
        return _backlog_series(scope.organisations, start, periods)
    return [(label, value(metric=metric, scope=scope, start=a, end=b)) for label, a, b in periods]


def breakdown(
    *, metric: str, scope: Scope, start: date, end: date, by: str
) -> list[tuple[str, Decimal | None]]:
    """The figure by service (its name) or by channel, for the case metrics only."""
    _check(metric, start, end)
    if metric not in ROLLUP_METRICS:
        raise ValueError(f"{metric} cannot be broken down: it does not come from requests.")
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {', '.join(BREAKDOWNS)}, not {by!r}.")
    figures = _compute(metric, scope.organisations, start, end, by=by)
    if by == "channel":
        labels = {key: _channel_label(key) for key in figures}
        return sorted(((labels[k], v) for k, v in figures.items()), key=lambda kv: kv[0])
    return _by_service_name(metric, scope.organisations, start, end, figures)


def peers(*, metric: str, organisation: Organisation, start: date, end: date) -> Quartiles | None:
    """Quartiles of the figure among active organisations of the same kind; None under four."""
    _check(metric, start, end)
    group = tuple(
        Organisation.objects.filter(kind=organisation.kind, active=True).values_list(
            "pk", flat=True
        )
    )
    figures = _compute(metric, group, start, end, by="organisation")
    found = sorted(v for v in figures.values() if v is not None)
    if len(found) < 4:
        return None
    lower, median, upper = statistics.quantiles(found, n=4, method="inclusive")
    return Quartiles(
        lower=Decimal(lower),
        median=Decimal(median),
        upper=Decimal(upper),
        organisations=len(found),
        own=figures.get(organisation.pk),
    )


def _compute(
    metric: str, organisations: tuple[int, ...] | None, start: date, end: date, by: str | None
) -> dict:
    """The figure keyed by group (None when not grouped; an id or channel otherwise)."""
    if metric in OTHER_METRICS:
        if by not in (None, "organisation"):
            raise ValueError(f"{metric} cannot be broken down by {by}.")
        return OTHER_METRICS[metric](organisations, start, end, per_organisation=by is not None)
    rollups.fresh()
    detailed = by in BREAKDOWNS or metric == "cost-per-transaction"
    if metric == "backlog":
        # Every day up to the end counts: the backlog is the running sum of in minus out.
        found = metric_rollup.rows(organisations, None, end, detailed=detailed)
        return {k: Decimal(v) for k, v in metric_rollup.backlog(found, by).items()}
    found = metric_rollup.rows(organisations, start, end, detailed=detailed)
    if metric == "cost-per-transaction":
        # An organisation's cases are all on its own offerings: their costs are all that
        # can apply, and when none gives a cost the rollups need not be read at all.
        offerings = ServiceOffering.objects.all()
        if organisations is not None:
            offerings = offerings.filter(organisation_id__in=organisations)
        costs = dict(offerings.values_list("pk", "cost_per_transaction"))
        if not metric_rollup.any_costs(costs):
            return {}
        return metric_rollup.cost_per_transaction(found, costs, by)
    fields = metric_rollup.fields_for(metric)
    return {
        key: metric_rollup.from_totals(metric, counts)
        for key, counts in metric_rollup.totals(found, by, fields).items()
    }


def _rollup_figure(metric: str, days: list) -> Decimal | None:
    if not days:
        return None
    fields = metric_rollup.fields_for(metric)
    return metric_rollup.from_totals(metric, metric_rollup.merge(days, fields))


def _backlog_series(
    organisations: tuple[int, ...] | None, start: date, periods: list[tuple[date, date, date]]
) -> list[tuple[date, Decimal | None]]:
    rollups.fresh()
    end = periods[-1][2]
    before = metric_rollup.backlog(
        metric_rollup.rows(organisations, None, start - timedelta(days=1)), by=None
    )
    deltas = metric_rollup.backlog(metric_rollup.rows(organisations, start, end), by="day")
    running = before.get(None)
    points: list[tuple[date, Decimal | None]] = []
    for label, first, last in periods:
        moved = [delta for day, delta in deltas.items() if first <= day <= last]
        if moved:
            running = (running or 0) + sum(moved)
        points.append((label, None if running is None else Decimal(running)))
    return points


def _periods(start: date, end: date, step: str):
    """(label, first day, last day) of each week or month overlapping start..end."""
    label = start - timedelta(days=start.weekday()) if step == "week" else start.replace(day=1)
    while label <= end:
        if step == "week":
            following = label + timedelta(days=7)
        else:
            following = (label.replace(day=28) + timedelta(days=4)).replace(day=1)
        yield label, max(label, start), min(following - timedelta(days=1), end)
        label = following


def _channel_label(channel: str) -> str:
    from commonweal.cases.models import Channel

    try:
        return str(Channel(channel).label)
    except ValueError:
        return channel


def _by_service_name(
    metric: str, organisations: tuple[int, ...] | None, start: date, end: date, figures: dict
) -> list[tuple[str, Decimal | None]]:
    """Figures by offering, merged by service (offerings of one service in several places)."""
    names = dict(
        ServiceOffering.objects.filter(pk__in=list(figures)).values_list("pk", "definition__name")
    )
    if organisations is not None and len(organisations) == 1:
        return sorted(((names.get(k, str(k)), v) for k, v in figures.items()), key=_first)
    # Several organisations: recompute by service, summing the offerings of each.
    by_name: dict[str, list[int]] = {}
    for pk, name in names.items():
        by_name.setdefault(name, []).append(pk)
    result = []
    for name, offering_ids in by_name.items():
        result.append((name, _for_offerings(metric, organisations, start, end, offering_ids)))
    return sorted(result, key=_first)


def _for_offerings(
    metric: str,
    organisations: tuple[int, ...] | None,
    start: date,
    end: date,
    offering_ids: list[int],
) -> Decimal | None:
    first = None if metric == "backlog" else start
    found = dataclasses.replace(
        metric_rollup.rows(organisations, first, end, detailed=True), offerings=tuple(offering_ids)
    )
    if metric == "backlog":
        got = metric_rollup.backlog(found, None).get(None)
        return None if got is None else Decimal(got)
    if metric == "cost-per-transaction":
        costs = dict(
            ServiceOffering.objects.filter(pk__in=offering_ids).values_list(
                "pk", "cost_per_transaction"
            )
        )
        if not metric_rollup.any_costs(costs):
            return None
        return metric_rollup.cost_per_transaction(found, costs, None).get(None)
    counts = metric_rollup.totals(found, None, metric_rollup.fields_for(metric)).get(None)
    return None if counts is None else metric_rollup.from_totals(metric, counts)


def _first(pair: tuple) -> str:
    return pair[0]
