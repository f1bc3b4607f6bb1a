"""What a dashboard shows, worked out from the metric registry (which reads the rollups,
never cases): headline figures against the previous period, trends, breakdowns by service,
by channel or by organisation, and peer quartiles.

A dashboard is about a `Subject`: one organisation, one of its services, a partnership or
an area (several organisations), or the whole platform. Every chart is built from a spec
on its own, so a CSV download computes just the chart asked for.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.safestring import SafeString

from commonweal.core.db_routers import replica_reads
from commonweal.insight import charts, metrics, rollups
from commonweal.insight.metrics import METRICS, Metric, Scope
from commonweal.insight.periods import Period
from commonweal.organisations.models import Organisation

CASE_HEADLINES = (
    "requests",
    "online-share",
    "sla-compliance",
    "median-resolution",
    "backlog",
    "satisfaction",
    "cost-per-transaction",
)
SHARING_HEADLINES = ("assets-adopted", "reuse-savings", "contract-value-expiring")
TRENDS = ("requests", "sla-compliance", "median-resolution")
BY_SERVICE = ("requests",)  # each breakdown reads DailyRollup: see bench/dashboard.py
BY_CHANNEL = ("requests",)
BY_ORGANISATION = ("requests", "sla-compliance", "median-resolution")
COUNTED = frozenset({"requests"})
PEERS = ("online-share", "sla-compliance", "median-resolution", "satisfaction")

Rows = list[tuple[str, Decimal | None]]


@dataclass(frozen=True)
class Subject:
    """Whose dashboard: `kind` is organisation, service, partnership, area or platform."""

    kind: str
    name: str
    scope: Scope
    organisation: Organisation | None = None  # an organisation's or a service's dashboard
    service: str = ""  # a service's dashboard: the service's name, as breakdowns give it
    members: tuple[Organisation, ...] = ()  # a partnership's or an area's organisations


@dataclass(frozen=True)
class Headline:
    metric: Metric
    value: Decimal | None
    previous: Decimal | None

    @property
    def shown(self) -> str:
        return charts.format_value(self.value, self.metric.unit)

    @property
    def previous_shown(self) -> str:
        return charts.format_value(self.previous, self.metric.unit)

    @property
    def difference(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change(self) -> str:
        """The change in words: "up 12%", "down 2.5 percentage points", "no change"."""
        difference = self.difference
        if difference is None:
            return "no figure to compare with"
        if difference == 0:
            return "no change"
        way = "up" if difference > 0 else "down"
        if self.metric.unit == "percent":
            return f"{way} {abs(difference):.1f} percentage points"
        if self.previous:
            return f"{way} {abs(difference) / abs(self.previous) * 100:.0f}%"
        return f"{way} {charts.format_value(abs(difference), self.metric.unit)}"

    @property
    def verdict(self) -> str:
        """ "better", "worse" or "" (no change, nothing to compare, or a neutral metric)."""
        difference = self.difference
        if not difference or self.metric.direction == "neutral":
            return ""
        return "better" if (difference > 0) == (self.metric.direction == "up") else "worse"


@dataclass(frozen=True)
class Spec:
    key: str
    section: str  # trends, service, channel, organisation, peers
    metric: Metric
    title: str
    heading: str  # the table's first column


@dataclass
class Chart:
    spec: Spec
    rows: Rows
    svg: SafeString
    keys: list[str] = field(default_factory=list)  # machine values for the CSV (ISO dates)
    peer: metrics.Quartiles | None = None

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def table(self) -> list[tuple[str, str]]:
        unit = self.spec.metric.unit
        return [(label, charts.format_value(value, unit)) for label, value in self.rows]


@dataclass
class Dashboard:
    subject: Subject
    period: Period
    previous: Period
    headlines: list[Headline]
    sharing: list[Headline]
    sections: list[tuple[str, str, list[Chart]]]  # (id, heading, charts)


SECTION_HEADINGS = {
    "trends": "Trends",
    "service": "By service",
    "channel": "By channel",
    "organisation": "By organisation",
    "peers": "Compared with similar organisations",
}


def _spec(metric: str, section: str, key: str, title: str, heading: str) -> Spec:
    return Spec(f"{metric}-{key}", section, METRICS[metric], title, heading)


def specs(subject: Subject, period: Period) -> list[Spec]:
    """The charts the subject's dashboard has, in order."""
    step = "week" if period.step == "week" else "month"
    title = {m: METRICS[m].title for m in METRICS}
    found = [
        _spec(m, "trends", "trend", f"{title[m]} by {step}", period.step_heading) for m in TRENDS
    ]
    if subject.kind != "service":
        found += [
            _spec(m, "service", "by-service", f"{title[m]} by service", "Service")
            for m in BY_SERVICE
        ]
        found += [
            _spec(m, "channel", "by-channel", f"{title[m]} by channel", "Channel")
            for m in BY_CHANNEL
        ]
    if subject.members:
        found += [
            _spec(
                m, "organisation", "by-organisation", f"{title[m]} by organisation", "Organisation"
            )
            for m in BY_ORGANISATION
        ]
    if subject.kind == "organisation":
        found += [
            _spec(
                m,
                "peers",
                "peers",
                f"{title[m]}: where you stand among similar organisations",
                "Figure",
            )
            for m in PEERS
        ]
    return found


def build(*, subject: Subject, period: Period) -> Dashboard:
    """The whole dashboard for the period (rollups brought up to date first)."""
    rollups.fresh()
    previous = period.previous()
    sections: dict[str, list[Chart]] = {}
    with replica_reads():  # the catch-up above writes; what follows only reads
        for spec in specs(subject, period):
            sections.setdefault(spec.section, []).append(
                chart(spec=spec, subject=subject, period=period)
            )
        sharing = SHARING_HEADLINES if subject.kind != "service" else ()
        return Dashboard(
            subject=subject,
            period=period,
            previous=previous,
            headlines=[_headline(m, subject, period, previous) for m in CASE_HEADLINES],
            sharing=[_headline(m, subject, period, previous) for m in sharing],
            sections=[(key, SECTION_HEADINGS[key], found) for key, found in sections.items()],
        )


def find_chart(*, subject: Subject, period: Period, key: str) -> Chart | None:
    """One chart by its key (for a CSV download), or None when the dashboard has none such."""
    spec = next((s for s in specs(subject, period) if s.key == key), None)
    if spec is None:
        return None
    rollups.fresh()
    with replica_reads():
        return chart(spec=spec, subject=subject, period=period)


def chart(*, spec: Spec, subject: Subject, period: Period) -> Chart:
    return BUILDERS[spec.section](spec, subject, period)


def _headline(key: str, subject: Subject, period: Period, previous: Period) -> Headline:
    metric = METRICS[key]
    return Headline(
        metric=metric,
        value=_value(key, subject, period.start, period.end),
        previous=_value(key, subject, previous.start, previous.end),
    )


def _value(key: str, subject: Subject, start: date, end: date) -> Decimal | None:
    if subject.kind == "service":
        found = metrics.breakdown(
            metric=key, scope=subject.scope, start=start, end=end, by="service"
        )
        return dict(found).get(subject.service)
    return metrics.value(metric=key, scope=subject.scope, start=start, end=end)


def _trend(spec: Spec, subject: Subject, period: Period) -> Chart:
    key = spec.metric.key
    if subject.kind == "service":
        points = [
            (label, _value(key, subject, first, last)) for label, first, last in period.steps()
        ]
    else:
        points = metrics.series(
            metric=key, scope=subject.scope, start=period.start, end=period.end, step=period.step
        )
    if key in COUNTED:  # no rollup row for a week or month: nothing happened, not unknown
        points = [(day, Decimal(0) if figure is None else figure) for day, figure in points]
    rows = [(period.step_label(day), figure) for day, figure in points]
    svg = charts.line_chart(chart_id=spec.key, title=spec.title, points=rows, unit=spec.metric.unit)
    return Chart(spec=spec, rows=rows, svg=svg, keys=[day.isoformat() for day, _ in points])


def _breakdown(spec: Spec, subject: Subject, period: Period) -> Chart:
    rows = metrics.breakdown(
        metric=spec.metric.key,
        scope=subject.scope,
        start=period.start,
        end=period.end,
        by=spec.section,
    )
    return _bars(spec, rows)


def _by_organisation(spec: Spec, subject: Subject, period: Period) -> Chart:
    rows: Rows = [
        (
            member.name,
            metrics.value(
                metric=spec.metric.key,
                scope=Scope.for_organisation(member),
                start=period.start,
                end=period.end,
            ),
        )
        for member in subject.members
    ]
    return _bars(spec, rows)


def _bars(spec: Spec, rows: Rows) -> Chart:
    svg = charts.bar_chart(chart_id=spec.key, title=spec.title, bars=rows, unit=spec.metric.unit)
    return Chart(spec=spec, rows=list(rows), svg=svg, keys=[label for label, _ in rows])


def _peers(spec: Spec, subject: Subject, period: Period) -> Chart:
    if subject.organisation is None:
        raise ValueError("Peers are compared with one organisation.")
    metric = spec.metric
    found = metrics.peers(
        metric=metric.key, organisation=subject.organisation, start=period.start, end=period.end
    )
    spread = None
    rows: Rows = []
    if found is not None:
        spread = charts.Spread(
            q1=found.lower, median=found.median, q3=found.upper, count=found.organisations
        )
        rows = [
            ("Lower quartile", found.lower),
            ("Median", found.median),
            ("Upper quartile", found.upper),
            ("Your organisation", found.own),
        ]
    svg = charts.quartile_strip(
        chart_id=spec.key,
        title=spec.title,
        spread=spread,
        own=found.own if found else None,
        unit=metric.unit,
        direction=metric.direction,
    )
    keys = ["lower-quartile", "median", "upper-quartile", "own"]
    return Chart(spec=spec, rows=rows, svg=svg, keys=keys[: len(rows)], peer=found)


BUILDERS: dict[str, Callable[[Spec, Subject, Period], Chart]] = {
    "trends": _trend,
    "service": _breakdown,
    "channel": _breakdown,
    "organisation": _by_organisation,
    "peers": _peers,
}
