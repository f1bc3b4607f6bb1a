"""What an organisation's progress page shows, gathered in one place.

Per theme: the latest completed level against the current target, the levels of earlier
assessments (the trend) and an anonymous benchmark against active organisations of the
same kind. Then the outcome measures against their targets, and the initiatives it leads
or joins, by status. The benchmark names nobody and appears only when at least
`BENCHMARK_MINIMUM` other organisations have completed an assessment.
"""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from commonweal.organisations.models import Organisation
from commonweal.strategy import assessments, measures, targets
from commonweal.strategy.framework import load_framework
from commonweal.strategy.models import Assessment, Initiative, ThemeScore

BENCHMARK_MINIMUM = 3
TREND_LENGTH = 5
MEASURE_PERIOD_DAYS = 365


@dataclass(frozen=True)
class Benchmark:
    organisations: int
    lower_quartile: float
    median: float
    upper_quartile: float


@dataclass(frozen=True)
class ThemeRow:
    key: str
    title: str
    group: str
    current: int | None
    target: int | None
    due_on: date | None
    trend: tuple[int | None, ...]  # oldest first, one per assessment in `Progress.trend_dates`
    benchmark: Benchmark | None

    @property
    def gap(self) -> int | None:
        if self.current is None or self.target is None:
            return None
        return max(self.target - self.current, 0)


@dataclass(frozen=True)
class MeasureRow:
    measure: measures.Measure
    value: Decimal | None
    target: Decimal | None
    due_on: date | None

    @property
    def value_shown(self) -> str:
        return self.measure.shown(self.value)

    @property
    def target_shown(self) -> str:
        return "No target set" if self.target is None else self.measure.shown(self.target)

    @property
    def met(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        if self.measure.direction == measures.HIGHER:
            return self.value >= self.target
        return self.value <= self.target


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    initiatives: list[Initiative]


@dataclass(frozen=True)
class Progress:
    organisation: Organisation
    latest: Assessment | None
    themes: list[ThemeRow]
    trend_dates: list[date]
    trend_averages: list[float]
    measures: list[MeasureRow]
    period_start: date
    period_end: date
    initiatives: list[StatusGroup]
    benchmark_peers: int  # other organisations of the kind with a completed assessment
    benchmark_shown: bool
    in_progress: Assessment | None = None


def _levels(assessment_ids: list[int]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {pk: {} for pk in assessment_ids}
    rows = ThemeScore.objects.filter(assessment_id__in=assessment_ids)
    for assessment_id, theme, level in rows.values_list("assessment_id", "theme", "level"):
        found[assessment_id][theme] = level
    return found


def benchmark(*, organisation: Organisation) -> tuple[int, dict[str, Benchmark]]:
    """How many peers have a completed assessment, and the quartiles of their latest levels
    per theme (empty when fewer than `BENCHMARK_MINIMUM` have one)."""
    peers = Organisation.objects.filter(kind=organisation.kind, active=True).exclude(
        pk=organisation.pk
    )
    completed = Assessment.objects.filter(
        organisation__in=peers, status=Assessment.Status.COMPLETE
    ).order_by("organisation_id", "-assessed_on", "-id")
    latest: dict[int, int] = {}
    for organisation_id, pk in completed.values_list("organisation_id", "pk"):
        latest.setdefault(organisation_id, pk)
    if len(latest) < BENCHMARK_MINIMUM:
        return len(latest), {}
    by_theme: dict[str, list[int]] = {}
    for levels in _levels(list(latest.values())).values():
        for theme, level in levels.items():
            by_theme.setdefault(theme, []).append(level)
    result = {}
    for theme, levels in by_theme.items():
        if len(levels) < BENCHMARK_MINIMUM:
            continue
        lower, median, upper = statistics.quantiles(levels, n=4, method="inclusive")
        result[theme] = Benchmark(len(levels), lower, median, upper)
    return len(latest), result


def _initiatives(organisation: Organisation) -> list[StatusGroup]:
    found = (
        Initiative.objects.filter(Q(lead_organisation=organisation) | Q(partners=organisation))
        .distinct()
        .select_related("lead_organisation")
        .order_by("starts_on", "title")
    )
    grouped: dict[str, list[Initiative]] = {status: [] for status in Initiative.Status.values}
    for initiative in found:
        grouped[initiative.status].append(initiative)
    return [
        StatusGroup(status, label, grouped[status]) for status, label in Initiative.Status.choices
    ]


def progress(*, organisation: Organisation, today: date | None = None) -> Progress:
    """Everything the progress page shows for the organisation."""
    framework = load_framework()
    today = today or timezone.localdate()
    completed = list(reversed(assessments.history(organisation=organisation)[:TREND_LENGTH]))
    levels = _levels([a.pk for a in completed])
    latest = completed[-1] if completed else None
    current_targets = targets.current_targets(organisation=organisation)
    peers, quartiles = benchmark(organisation=organisation)
    groups = {group.key: group.title for group in framework.groups}
    rows = []
    for theme in framework.themes:
        target = current_targets.get(theme.key)
        rows.append(
            ThemeRow(
                key=theme.key,
                title=theme.title,
                group=groups.get(theme.group, theme.group),
                current=levels[latest.pk].get(theme.key) if latest else None,
                target=target.level if target else None,
                due_on=target.due_on if target else None,
                trend=tuple(levels[a.pk].get(theme.key) for a in completed),
                benchmark=quartiles.get(theme.key),
            )
        )
    averages = [
        round(sum(levels[a.pk].values()) / len(levels[a.pk]), 1) if levels[a.pk] else 0.0
        for a in completed
    ]
    period_start = today - timedelta(days=MEASURE_PERIOD_DAYS - 1)
    values = measures.current_values(
        organisation=organisation, period_start=period_start, period_end=today
    )
    outcome_targets = targets.current_outcome_targets(organisation=organisation)
    measure_rows = [
        MeasureRow(
            measure=m,
            value=values.get(m.key),
            target=outcome_targets[m.key].value if m.key in outcome_targets else None,
            due_on=outcome_targets[m.key].due_on if m.key in outcome_targets else None,
        )
        for m in measures.CATALOGUE
    ]
    return Progress(
        organisation=organisation,
        latest=latest,
        themes=rows,
        trend_dates=[a.assessed_on for a in completed],
        trend_averages=averages,
        measures=measure_rows,
        period_start=period_start,
        period_end=today,
        initiatives=_initiatives(organisation),
        benchmark_peers=peers,
        benchmark_shown=bool(quartiles),
        in_progress=assessments.in_progress(organisation=organisation),
    )
