"""The outcome measures: what an organisation's reform should change, read from live data.

The catalogue says what each measure means, its unit and which way is better. Targets for
them are set in `strategy.targets`; nobody types a measure's current value in.

`current_values` is the one place that reads the values: the request measures through the
insight app's metric registry (from the daily rollups, never raw cases), the commons
measures from the adoptions and assets.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum

from commonweal.cases.models import Channel
from commonweal.commons.models import Adoption, Asset
from commonweal.insight import metrics
from commonweal.organisations.models import Organisation

LONDON = ZoneInfo("Europe/London")
HIGHER, LOWER = "higher", "lower"
ONLINE_CHANNELS = (Channel.WEB, Channel.OPEN311, Channel.API)


@dataclass(frozen=True)
class Unit:
    key: str
    label: str  # as a column heading shows it
    places: int  # decimal places shown
    minimum: Decimal
    maximum: Decimal | None


PERCENT = Unit("percent", "per cent", 1, Decimal(0), Decimal(100))
POUNDS = Unit("pounds", "pounds", 2, Decimal(0), None)
POUNDS_A_YEAR = Unit("pounds-a-year", "pounds a year", 0, Decimal(0), None)
COUNT = Unit("count", "number", 0, Decimal(0), None)
OUT_OF_FIVE = Unit("out-of-five", "score out of 5", 1, Decimal(1), Decimal(5))


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    unit: Unit
    direction: str  # HIGHER or LOWER is better
    definition: str

    @property
    def better(self) -> str:
        return "Higher is better" if self.direction == HIGHER else "Lower is better"

    def shown(self, value: Decimal | None) -> str:
        """The value as a page shows it: "62.5%", "£3.40", "£12,000 a year", "4.2 out of 5"."""
        if value is None:
            return "No data yet"
        rounded = value.quantize(Decimal(1).scaleb(-self.unit.places), rounding=ROUND_HALF_UP)
        number = f"{rounded:,.{self.unit.places}f}"
        return {
            "percent": f"{number}%",
            "pounds": f"£{number}",
            "pounds-a-year": f"£{number} a year",
            "count": number,
            "out-of-five": f"{number} out of 5",
        }[self.unit.key]


CATALOGUE: tuple[Measure, ...] = (
    Measure(
        "online-share", "Requests made online", PERCENT, HIGHER,
        "Of the requests the organisation received in the period, the share made on the web "
        "or through an app or system using the APIs, rather than by phone, e-mail, in person "
        "or by import.",
    ),
    Measure(
        "sla-compliance", "Requests closed on time", PERCENT, HIGHER,
        "Of the requests closed in the period that had a deadline, the share closed by it.",
    ),
    Measure(
        "cost-per-transaction", "Cost per request", POUNDS, LOWER,
        "The average cost of handling one request received in the period, from the cost per "
        "channel each service records. Requests to services with no cost recorded for their "
        "channel are left out.",
    ),
    Measure(
        "resident-satisfaction", "Resident satisfaction", OUT_OF_FIVE, HIGHER,
        "The average score residents gave, from 1 to 5, when they rated the outcome of their "
        "request in the period.",
    ),
    Measure(
        "assets-adopted", "Shared assets re-used", COUNT, HIGHER,
        "How many assets from the commons (service definitions, software, data, contracts) "
        "the organisation had adopted by the end of the period.",
    ),
    Measure(
        "reuse-savings", "Savings from re-use", POUNDS_A_YEAR, HIGHER,
        "The yearly savings the organisation reported on the commons assets it had adopted "
        "by the end of the period.",
    ),
    Measure(
        "assets-shared", "Assets shared with others", COUNT, HIGHER,
        "How many assets the organisation had published in the commons for others to re-use "
        "by the end of the period.",
    ),
)  # fmt: skip

MEASURES = {measure.key: measure for measure in CATALOGUE}


def measure(key: str) -> Measure:
    """The measure with this key; KeyError if there is none."""
    return MEASURES[key]


# The measures the insight app's metric registry computes from the daily rollups, and the
# registry's key for each.
FROM_INSIGHT = {
    "online-share": "online-share",
    "sla-compliance": "sla-compliance",
    "cost-per-transaction": "cost-per-transaction",
    "resident-satisfaction": "satisfaction",
}


def current_values(
    *, organisation: Organisation, period_start: date, period_end: date
) -> dict[str, Decimal | None]:
    """Every measure's value for the organisation over the period (both days included).

    None where there is nothing to measure yet (no requests, no ratings). The request
    measures come from insight's metric registry (`insight.metrics.value`, read from the
    daily rollups); the commons measures count the organisation's adoptions and assets as
    they stand at the end of the period.
    """
    scope = metrics.Scope.for_organisation(organisation)
    values = {
        key: metrics.value(metric=metric, scope=scope, start=period_start, end=period_end)
        for key, metric in FROM_INSIGHT.items()
    }
    end = datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=LONDON)
    adopted = Adoption.objects.filter(
        organisation=organisation, status=Adoption.Status.ADOPTED
    ).filter(Q(started_on__isnull=True) | Q(started_on__lte=period_end))
    adoptions = adopted.aggregate(n=Count("id"), saving=Sum("annual_saving_pounds"))
    shared = Asset.objects.filter(owner_organisation=organisation, created_at__lt=end).count()
    return values | {
        "assets-adopted": Decimal(adoptions["n"]),
        "reuse-savings": Decimal(adoptions["saving"] or 0),
        "assets-shared": Decimal(shared),
    }
