"""Daily rollups: kept exact from the event log, equal to a rebuild, safe against commit order."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from commonweal.cases.models import Event
from commonweal.insight import rollups
from commonweal.insight.models import COUNT_FIELDS, DailyRollup, OrganisationDay, PendingEvent
from commonweal.insight.tests.factories import (
    at,
    close,
    pothole_council,
    rate,
    reinspect,
    reopen,
    report,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every rollup row's counts, keyed, leaving out rows that are all zero."""
    found = {}
    for model, key in ((DailyRollup, ("organisation_id", "offering_id", "channel", "day")),
                       (OrganisationDay, ("organisation_id", "day"))):  # fmt: skip
        for row in model.objects.values(*key, *COUNT_FIELDS):
            counts = tuple(row[name] for name in COUNT_FIELDS)
            if any(counts):
                found[(model.__name__, *(row[k] for k in key))] = counts
    return found


def day_row(organisation, day: date) -> dict:
    row = OrganisationDay.objects.filter(organisation=organisation, day=day).values().first()
    return row or dict.fromkeys(COUNT_FIELDS, 0)


def backlog_at(organisation, day: date) -> int:
    total = 0
    for row in OrganisationDay.objects.filter(organisation=organisation, day__lte=day).values():
        total += row["submitted"] + row["reopened"] - row["closed"] - row["closed_before_reopen"]
    return total


def test_a_reopened_case_counts_its_final_close_and_the_backlog_keeps_its_history():
    council = pothole_council()
    case = report(council, when=at(2026, 3, 30, 10))
    close(council, case, when=at(2026, 3, 31, 9))
    rollups.catch_up()
    organisation = council.organisation
    assert day_row(organisation, date(2026, 3, 31))["closed"] == 1
    assert backlog_at(organisation, date(2026, 3, 31)) == 0

    reopen(council, case, when=at(2026, 4, 2, 9))
    rollups.catch_up()
    assert day_row(organisation, date(2026, 3, 31))["closed"] == 0
    assert day_row(organisation, date(2026, 3, 31))["closed_before_reopen"] == 1
    assert backlog_at(organisation, date(2026, 3, 31)) == 0
    assert backlog_at(organisation, date(2026, 4, 2)) == 1

    close(council, case, when=at(2026, 4, 8, 15))
    rollups.catch_up()
    final = day_row(organisation, date(2026, 4, 8))
    assert final["closed"] == 1
    assert final["resolution_seconds"] == (at(2026, 4, 8, 15) - at(2026, 3, 30, 10)).total_seconds()
    assert backlog_at(organisation, date(2026, 4, 8)) == 0
    assert backlog_at(organisation, date(2026, 4, 5)) == 1


def test_a_transition_out_of_a_closing_state_reopens_like_a_reopening():
    council = pothole_council()
    case = report(council, when=at(2026, 3, 30, 10))
    close(council, case, when=at(2026, 3, 31, 9))
    reinspect(council, case, when=at(2026, 4, 2, 9))
    rollups.catch_up()
    organisation = council.organisation
    assert day_row(organisation, date(2026, 4, 2))["reopened"] == 1
    assert day_row(organisation, date(2026, 3, 31))["closed_before_reopen"] == 1
    assert backlog_at(organisation, date(2026, 3, 31)) == 0
    assert backlog_at(organisation, date(2026, 4, 2)) == 1
    kept = snapshot()
    rollups.rebuild()
    assert snapshot() == kept


def test_days_are_uk_days():
    council = pothole_council()
    report(council, when=at(2026, 4, 1, 0, 30))  # 23:30 UTC on 31 March
    rollups.catch_up()
    assert day_row(council.organisation, date(2026, 4, 1))["submitted"] == 1
    assert day_row(council.organisation, date(2026, 3, 31))["submitted"] == 0


def test_ratings_are_counted_by_score_on_their_day():
    council = pothole_council()
    case = report(council, when=at(2026, 3, 30, 10))
    close(council, case, when=at(2026, 3, 31, 9))
    rate(case, score=4, when=at(2026, 4, 3, 12))
    rollups.catch_up()
    row = day_row(council.organisation, date(2026, 4, 3))
    assert (row["rated_4"], row["rated_5"], row["rated_1"]) == (1, 0, 0)


def test_catch_up_applies_each_event_once_and_fresh_is_idle_when_nothing_waits():
    council = pothole_council()
    report(council, when=at(2026, 3, 30, 10))
    assert rollups.catch_up() > 0
    assert rollups.catch_up() == 0
    assert rollups.fresh() == 0
    report(council, when=at(2026, 3, 30, 11))
    assert rollups.fresh() > 0
    assert day_row(council.organisation, date(2026, 3, 30))["submitted"] == 2


def test_catch_up_in_small_batches_equals_a_rebuild():
    council = pothole_council()
    cases = [report(council, when=at(2026, 3, 30, 9 + n)) for n in range(4)]
    close(council, cases[0], when=at(2026, 4, 1, 9))
    reopen(council, cases[0], when=at(2026, 4, 2, 9))
    close(council, cases[1], when=at(2026, 4, 1, 10))
    rate(cases[1], score=2, when=at(2026, 4, 2, 9))
    rollups.catch_up(batch=3)
    kept = snapshot()
    rollups.rebuild()
    assert snapshot() == kept
    assert kept


def test_an_event_seen_late_is_applied_when_it_appears():
    """PostgreSQL commit order: a lower id visible only after a higher one was applied."""
    council = pothole_council()
    case = report(council, when=at(2026, 3, 30, 10))
    close(council, case, when=at(2026, 3, 31, 9))
    rating = rate(case, score=5, when=at(2026, 4, 1, 9))
    report(council, when=at(2026, 4, 1, 10))  # events with higher ids than the rating
    held = Event.objects.filter(pk=rating.pk)
    copy = held.values().get()
    held.delete()  # as if its transaction had not committed yet

    rollups.catch_up()
    assert PendingEvent.objects.filter(event_id=rating.pk).exists()
    assert day_row(council.organisation, date(2026, 4, 1))["rated_5"] == 0
    assert rollups.fresh() == 0

    Event.objects.create(**copy)  # it commits, with its old id
    assert rollups.fresh() == 1
    assert day_row(council.organisation, date(2026, 4, 1))["rated_5"] == 1
    assert not PendingEvent.objects.exists()
    kept = snapshot()
    rollups.rebuild()
    assert snapshot() == kept


def test_an_id_missing_for_longer_than_any_transaction_is_forgotten():
    council = pothole_council()
    case = report(council, when=at(2026, 3, 30, 10))
    close(council, case, when=at(2026, 3, 31, 9))
    rating = rate(case, score=5, when=at(2026, 4, 1, 9))
    report(council, when=at(2026, 4, 1, 10))
    Event.objects.filter(pk=rating.pk).delete()  # rolled back: it never appears
    rollups.catch_up()
    assert PendingEvent.objects.count() == 1
    rollups.catch_up(now=timezone.now() + rollups.PATIENCE - timedelta(seconds=5))
    assert PendingEvent.objects.count() == 1
    rollups.catch_up(now=timezone.now() + rollups.PATIENCE + timedelta(seconds=5))
    assert not PendingEvent.objects.exists()


def test_refresh_cases_counts_cases_written_without_events():
    council = pothole_council()
    case = report(council, when=at(2026, 3, 30, 10))
    rollups.catch_up()
    case.events.all().delete()
    case.closed_at = at(2026, 4, 1, 10)
    case.save(update_fields=["closed_at"])
    rollups.refresh_cases(case_ids=[case.pk])
    assert day_row(council.organisation, date(2026, 4, 1))["closed"] == 1


def test_the_command_catches_up_and_rebuilds_with_a_progress_bar():
    from io import StringIO

    from django.core.management import call_command

    council = pothole_council()
    report(council, when=at(2026, 3, 30, 10))
    out = StringIO()
    call_command("rollups", stdout=out)
    assert "Rollups up to date: 1 new event applied." in out.getvalue()
    kept = snapshot()
    out = StringIO()
    call_command("rollups", "--rebuild", stdout=out)
    assert "] 3/3 done" in out.getvalue()
    assert "Rollups rebuilt in" in out.getvalue()
    assert snapshot() == kept
