"""The outcome measures: what an organisation's reform should change, read from live data.

The catalogue says what each measure means, its unit and which way is better. Targets for
them are set in `strategy.targets`; nobody types a measure's current value in.

`current_values` is the one place that reads the values. For now it counts straight from
the cases and commons tables; when the insight app's metric registry lands, that function
is replaced by a call to it and nothing else here changes.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, F, FloatField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from commonweal.cases.models import Case, Channel, Event
from commonweal.commons.models import Adoption, Asset
from commonweal.organisations.models import Organisation
from commonweal.services.models import ServiceOffering

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


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole) if whole else None


def current_values(
    *, organisation: Organisation, period_start: date, period_end: date
) -> dict[str, Decimal | None]:
    """Every measure's value for the organisation over the period (both days included).

    None where there is nothing to measure yet (no requests, no ratings). This is the seam
    the insight app's metric registry will replace: keep every read of live data in here.
    """
    start, end = _start(period_start), _start(period_end + timedelta(days=1))
    received = Case.objects.filter(organisation=organisation, submitted_at__gte=start)
    received = received.filter(submitted_at__lt=end)
    by_channel = Counter(
        dict(received.values("channel").annotate(n=Count("id")).values_list("channel", "n"))
    )
    total = sum(by_channel.values())
    online = sum(by_channel[channel] for channel in ONLINE_CHANNELS)

    closed = Case.objects.filter(
        organisation=organisation, closed_at__gte=start, closed_at__lt=end, due_at__isnull=False
    ).aggregate(all=Count("id"), on_time=Count("id", filter=Q(closed_at__lte=F("due_at"))))

    satisfaction = Event.objects.filter(
        kind=Event.Kind.RATED, case__organisation=organisation, at__gte=start, at__lt=end
    ).aggregate(mean=Avg(Cast(KT("data__score"), FloatField())))["mean"]

    adopted = Adoption.objects.filter(
        organisation=organisation, status=Adoption.Status.ADOPTED
    ).filter(Q(started_on__isnull=True) | Q(started_on__lte=period_end))
    adoptions = adopted.aggregate(n=Count("id"), saving=Sum("annual_saving_pounds"))
    shared = Asset.objects.filter(owner_organisation=organisation, created_at__lt=end).count()

    return {
        "online-share": _percent(online, total),
        "sla-compliance": _percent(closed["on_time"], closed["all"]),
        "cost-per-transaction": _cost_per_request(received),
        "resident-satisfaction": None if satisfaction is None else Decimal(str(satisfaction)),
        "assets-adopted": Decimal(adoptions["n"]),
        "reuse-savings": Decimal(adoptions["saving"] or 0),
        "assets-shared": Decimal(shared),
    }


def _cost_per_request(received) -> Decimal | None:
    counts = received.values("offering_id", "channel").annotate(n=Count("id"))
    offerings = ServiceOffering.objects.filter(pk__in={row["offering_id"] for row in counts})
    costs = dict(offerings.values_list("pk", "cost_per_transaction"))
    spent, counted = Decimal(0), 0
    for row in counts:
        cost = (costs.get(row["offering_id"]) or {}).get(row["channel"])
        try:
            each = Decimal(str(cost))
        except ArithmeticError:
            continue
        if cost is None or not each.is_finite() or each < 0:
            continue
        spent += each * row["n"]
        counted += row["n"]
    return spent / counted if counted else None
