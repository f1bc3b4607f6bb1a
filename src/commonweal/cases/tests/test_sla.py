"""commonweal tick: fires each overdue case's overdue rules once, never for closed cases."""

import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from commonweal.cases import lifecycle, sla
from commonweal.cases.tests.conftest import LONDON, MONDAY
from commonweal.services import engine

pytestmark = pytest.mark.django_db
DUE = datetime(2026, 3, 16, 17, 0, tzinfo=LONDON)  # ten working days after MONDAY
AFTER = DUE + timedelta(hours=1)


def tick() -> str:
    """The sweep's first line, about overdue rules (the second is about retention)."""
    out = io.StringIO()
    call_command("tick", stdout=out)
    return out.getvalue().splitlines()[0]


@pytest.fixture
def cases(council, report):
    with time_machine.travel(MONDAY, tick=False):
        late, closed = report(), report(location={"lat": 52.3, "lon": 0.2})
        lifecycle.transition(
            case=closed,
            transition="no-action",
            actor=council.caseworker,
            expected_version=1,
            public_note="This is private land.",
        )
    late.refresh_from_db()
    assert late.due_at == DUE
    return late, closed


def test_tick_fires_each_overdue_case_once(council, cases, django_capture_on_commit_callbacks):
    late, closed = cases
    with time_machine.travel(DUE - timedelta(minutes=1), tick=False):
        assert tick() == "Overdue rules fired for 0 cases."
    with time_machine.travel(AFTER, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert tick() == "Overdue rules fired for 1 case."
        assert tick() == "Overdue rules fired for 0 cases."
    with time_machine.travel(AFTER + timedelta(days=30), tick=False):
        assert tick() == "Overdue rules fired for 0 cases."

    late.refresh_from_db()
    assert late.overdue_fired_at == AFTER
    overdue = late.events.filter(kind="overdue")
    assert overdue.count() == 1
    assert overdue.get().note == "Due by 17:00 on Monday 16 March 2026 and still open."
    assert not overdue.get().public
    assert not closed.events.filter(kind="overdue").exists()
    # The definition's overdue rule tells the service owners.
    assert [m.subject for m in mail.outbox] == [f"Overdue: pothole {late.reference}"]
    assert mail.outbox[0].to == [council.owner.email]


def test_two_sweeps_at_once_fire_a_case_once(cases):
    late, _ = cases
    with time_machine.travel(AFTER, tick=False):
        seen_by_both = list(sla.overdue_ids(now=AFTER))
        assert seen_by_both == [late.pk]
        first = [sla.fire_one(pk=pk, now=AFTER) for pk in seen_by_both]
        second = [sla.fire_one(pk=pk, now=AFTER) for pk in seen_by_both]
    assert (first, second) == ([True], [False])
    assert late.events.filter(kind="overdue").count() == 1


def test_firing_takes_a_version_so_stale_forms_see_it(council, cases):
    late, _ = cases
    with time_machine.travel(AFTER, tick=False):
        sla.fire_overdue()
        with pytest.raises(lifecycle.StaleCase) as stale:
            lifecycle.transition(
                case=late, transition="triage", actor=council.caseworker, expected_version=1
            )
    assert [event.kind for event in stale.value.changes] == ["overdue"]


def test_batches_cover_every_case(council, report):
    with time_machine.travel(MONDAY, tick=False):
        made = [report(location={"lat": 52 + n / 100, "lon": 0.1}) for n in range(5)]
    with time_machine.travel(AFTER, tick=False):
        assert sorted(sla.overdue_ids(now=AFTER, batch_size=2)) == sorted(c.pk for c in made)
        assert sla.fire_overdue(batch_size=2) == 5


def test_overdue_rules_that_fail_are_recorded_once_not_retried_for_ever(cases, monkeypatch):
    late, _ = cases

    def loop(**kwargs):
        raise engine.RuleLoop("automatic rules moved the case more than 10 times")

    monkeypatch.setattr(engine, "apply_event", loop)
    with time_machine.travel(AFTER, tick=False):
        assert sla.fire_overdue() == 1
        assert sla.fire_overdue() == 0
    failed = late.events.get(kind="rule")
    assert failed.note.startswith("The case became overdue, but its overdue rules could not run")
    assert not late.events.filter(kind="overdue").exists()
