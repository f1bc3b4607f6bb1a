"""`commonweal generate` makes the same realistic cases from the same seed, with their events."""

import hashlib
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from commonweal.cases.models import Case, Channel, Event
from commonweal.demo.content import create_demo
from commonweal.demo.generate import generate_cases
from commonweal.insight import rollups
from commonweal.insight.models import OrganisationDay
from commonweal.services.models import ServiceOffering

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

UNTIL = date(2026, 1, 1)


@pytest.fixture
def demo(reference_data) -> None:
    create_demo()


def digest() -> str:
    rows = Case.objects.order_by("id").values_list()
    events = Event.objects.order_by("id").values_list()
    return hashlib.sha256(repr((list(rows), list(events))).encode()).hexdigest()


@pytest.mark.usefixtures("demo")
def test_the_command_adds_the_cases_with_a_progress_bar_and_the_speed():
    out, err = StringIO(), StringIO()
    call_command("generate", cases=2_000, seed=5, stdout=out, stderr=err)
    assert Case.objects.count() == 2_000
    assert "2,000/2,000 cases" in err.getvalue()
    assert "Generated 2,000 cases" in out.getvalue()
    assert "cases/s" in out.getvalue()


@pytest.mark.usefixtures("demo")
def test_the_same_seed_on_the_same_database_gives_the_same_rows():
    generate_cases(count=1_500, seed=9, until=UNTIL)
    first = digest()
    Event.objects.all().delete()
    Case.objects.all().delete()
    generate_cases(count=1_500, seed=9, until=UNTIL)
    assert digest() == first
    Event.objects.all().delete()
    Case.objects.all().delete()
    generate_cases(count=1_500, seed=10, until=UNTIL)
    assert digest() != first


@pytest.mark.usefixtures("demo")
def test_the_mix_of_channels_outcomes_and_organisations():
    made = generate_cases(count=2_000, seed=1, until=UNTIL, years=2)
    cases = Case.objects.all()
    channels = Counter(cases.values_list("channel", flat=True))
    assert set(channels) == set(Channel.values)
    assert channels.most_common(2)[0][0] == "web"
    closed = cases.exclude(closed_at=None).count()
    assert 0.8 < closed / 2_000 < 0.995
    end = datetime.combine(made.until, time(), tzinfo=UTC)
    assert cases.filter(closed_at=None, due_at__lt=end).exists()  # overdue
    assert cases.filter(reopened_count=1).exists()
    live = set(ServiceOffering.objects.filter(live=True).values_list("organisation", flat=True))
    assert set(cases.values_list("organisation", flat=True)) == live
    first = min(cases.values_list("submitted_at", flat=True))
    last = max(cases.values_list("submitted_at", flat=True))
    assert first.date() >= UNTIL - timedelta(days=2 * 365 + 1)
    assert last.date() < UNTIL
    assert made.first == UNTIL - timedelta(days=2 * 365)


@pytest.mark.usefixtures("demo")
def test_potholes_come_in_winter_and_spring_more_than_in_summer():
    generate_cases(count=3_000, seed=2, until=UNTIL)
    months = Counter(
        Case.objects.filter(offering__service_code="pothole").values_list(
            "submitted_at__month", flat=True
        )
    )
    assert months[1] + months[2] + months[3] > 1.8 * (months[6] + months[7] + months[8])


@pytest.mark.usefixtures("demo")
def test_events_are_written_and_the_rollups_count_every_case():
    generate_cases(count=1_000, seed=4, until=UNTIL)
    submitted = Event.objects.filter(kind=Event.Kind.SUBMITTED)
    assert submitted.count() == 1_000
    assert submitted.values("case").distinct().count() == 1_000
    for case in Case.objects.exclude(closed_at=None)[:50]:
        last = case.events.order_by("-id").first()
        assert (last.kind, last.to_state, last.at) == ("transition", case.state, case.closed_at)
        assert last.case_version == case.version
    rollups.catch_up()
    counted = OrganisationDay.objects.aggregate(n=Sum("submitted"), c=Sum("closed"))
    assert counted["n"] == 1_000
    assert counted["c"] == Case.objects.exclude(closed_at=None).count()


def test_with_no_live_offerings_it_says_so_and_fails():
    with pytest.raises(CommandError, match="No organisation runs a live service"):
        call_command("generate", cases=10, stdout=StringIO(), stderr=StringIO())
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"cases": 0}, "--cases must be a whole number of at least 1"),
        ({"cases": -5}, "--cases must be a whole number of at least 1"),
        ({"cases": 10, "years": 0}, "--years must be between 1 and 20"),
    ],
)
def test_bad_arguments_are_refused_clearly(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate", **options, stdout=StringIO(), stderr=StringIO())


def _schema_of_cases_and_events() -> dict:
    """Every index and constraint on the cases' and events' tables, by name."""
    from django.db import connection

    with connection.cursor() as cursor:
        return {
            model._meta.db_table: sorted(
                connection.introspection.get_constraints(cursor, model._meta.db_table)
            )
            for model in (Case, Event)
        }


@pytest.mark.usefixtures("demo")
def test_a_large_batch_sets_the_indexes_and_foreign_keys_aside_and_puts_every_one_back(
    monkeypatch,
):
    """Above the threshold the indexes (and on PostgreSQL the foreign keys) are dropped
    while loading and made again: the schema after equals the schema before."""
    from commonweal.demo import generate

    before = _schema_of_cases_and_events()
    monkeypatch.setattr(generate, "REBUILD_INDEXES_FROM", 100)
    made = generate_cases(count=400, seed=3, until=UNTIL)
    assert made.count == Case.objects.count() == 400
    assert Event.objects.count() == made.events
    assert _schema_of_cases_and_events() == before
    # The references stay unique and the events still point at their cases.
    assert Case.objects.values("reference").distinct().count() == 400
    assert not Event.objects.exclude(case__in=Case.objects.all()).exists()
