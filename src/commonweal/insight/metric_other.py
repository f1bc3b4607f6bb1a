"""The metrics that do not come from cases: re-use (commons), contracts, maturity (strategy).

Each function gives its figure for a set of organisations (None: the platform) over a
period, either as one total (`per_organisation=False`, key None) or by organisation.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db.models import Q, Sum

from commonweal.commissioning.models import Contract
from commonweal.commons.models import Adoption

Figures = dict[int | None, Decimal | None]
TWO_DECIMALS = Decimal("0.01")
DAYS_A_YEAR = Decimal(365)


def _in_scope(organisations: tuple[int, ...] | None, field: str = "organisation_id") -> Q:
    return Q() if organisations is None else Q(**{f"{field}__in": organisations})


def assets_adopted(
    organisations: tuple[int, ...] | None, start: date, end: date, per_organisation: bool
) -> Figures:
    """Adoptions that reached "adopted" with a start date in the period."""
    found = Adoption.objects.filter(
        _in_scope(organisations),
        status=Adoption.Status.ADOPTED,
        started_on__gte=start,
        started_on__lte=end,
    )
    if not per_organisation:
        return {None: Decimal(found.count())}
    counts: Figures = {}
    for organisation_id in found.values_list("organisation_id", flat=True):
        counts[organisation_id] = (counts.get(organisation_id) or Decimal(0)) + 1
    return counts


def reuse_savings(
    organisations: tuple[int, ...] | None, start: date, end: date, per_organisation: bool
) -> Figures:
    """Reported annual savings of adoptions in effect, pro rata to the days of the period.

    An adoption is in effect from its start date to its end date (or on), when it is
    "adopted", or "stopped" with an end date; adoptions with no reported saving add nothing.
    """
    found = Adoption.objects.filter(
        _in_scope(organisations),
        Q(status=Adoption.Status.ADOPTED)
        | Q(status=Adoption.Status.STOPPED, ended_on__isnull=False),
        started_on__isnull=False,
        started_on__lte=end,
        annual_saving_pounds__isnull=False,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    saved: dict[int | None, Decimal] = defaultdict(Decimal)
    rows = found.values_list("organisation_id", "started_on", "ended_on", "annual_saving_pounds")
    for organisation_id, started_on, ended_on, annual in rows:
        first, last = max(start, started_on), min(end, ended_on or end)
        days = (last - first).days + 1
        if days > 0:
            saved[organisation_id if per_organisation else None] += annual * days / DAYS_A_YEAR
    if not per_organisation:
        return {None: saved[None].quantize(TWO_DECIMALS)}
    return {key: pounds.quantize(TWO_DECIMALS) for key, pounds in saved.items()}


def contract_value_expiring(
    organisations: tuple[int, ...] | None, start: date, end: date, per_organisation: bool
) -> Figures:
    """The annual value of contracts whose end date falls in the period (planned ones aside)."""
    found = Contract.objects.filter(
        _in_scope(organisations), end_date__gte=start, end_date__lte=end
    ).exclude(status=Contract.Status.PLANNED)
    if not per_organisation:
        total = found.aggregate(value=Sum("annual_value"))["value"]
        return {None: Decimal(total or 0).quantize(TWO_DECIMALS)}
    return {
        row["organisation_id"]: Decimal(row["value"]).quantize(TWO_DECIMALS)
        for row in found.values("organisation_id").annotate(value=Sum("annual_value")).order_by()
    }


def maturity_average(
    organisations: tuple[int, ...] | None, start: date, end: date, per_organisation: bool
) -> Figures:
    """The mean theme level (1 to 5) of each organisation's latest complete self-assessment
    made by the end of the period, averaged over the organisations that have one.

    None when the strategy app is not installed.
    """
    if not apps.is_installed("commonweal.strategy"):
        return {None: None} if not per_organisation else {}
    from commonweal.strategy.models import Assessment, ThemeScore

    latest: dict[int, int] = {}
    assessments = (
        Assessment.objects.filter(
            _in_scope(organisations), status=Assessment.Status.COMPLETE, assessed_on__lte=end
        )
        .order_by("organisation_id", "assessed_on", "id")
        .values_list("organisation_id", "id")
    )
    for organisation_id, pk in assessments:
        latest[organisation_id] = pk  # the last one in date order wins
    levels: dict[int, list[int]] = defaultdict(list)
    scores = ThemeScore.objects.filter(assessment_id__in=latest.values())
    owner = {pk: organisation_id for organisation_id, pk in latest.items()}
    for assessment_id, level in scores.values_list("assessment_id", "level"):
        levels[owner[assessment_id]].append(level)
    means = {key: Decimal(sum(got)) / len(got) for key, got in levels.items() if got}
    if per_organisation:
        return {key: mean.quantize(TWO_DECIMALS) for key, mean in means.items()}
    if not means:
        return {None: None}
    return {None: (sum(means.values()) / len(means)).quantize(TWO_DECIMALS)}
