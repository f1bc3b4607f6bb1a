"""The deadline sweep behind `commonweal tick`: fire each overdue case's `overdue` rules once.

Safe to run every minute, and safe to run twice at once: each case is claimed with a
conditional UPDATE (`overdue_fired_at IS NULL` → now) in its own transaction, so only
one sweep fires it; the other updates no row and moves on. The claim also takes the next
case version, so a member of staff working from the old one is told what changed.

Cases are read in keyset batches of ids (due time, id), not through one open cursor, so
no read is held open across the many small write transactions.

When the overdue rules themselves fail (a definition whose rules loop, say), the case is
still marked as fired, with an internal event saying what went wrong, so that one bad
definition does not fail every minute for ever.
"""

import logging
from collections.abc import Iterator
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from commonweal.cases import automation
from commonweal.cases.models import Case, Event
from commonweal.cases.state import case_definition, engine_state, load_case, long_moment, nation
from commonweal.services import engine

logger = logging.getLogger(__name__)
LABEL = "deadline check"


def _overdue(now: datetime):
    return Case.objects.filter(
        closed_at__isnull=True, overdue_fired_at__isnull=True, due_at__lt=now
    )


def overdue_ids(*, now: datetime, batch_size: int = 500) -> Iterator[int]:
    """The ids of open cases due before `now` whose overdue rules have not fired."""
    after: tuple[datetime, int] | None = None
    while True:
        found = _overdue(now).order_by("due_at", "pk")
        if after is not None:
            due, pk = after
            found = found.filter(Q(due_at__gt=due) | Q(due_at=due, pk__gt=pk))
        batch = list(found.values_list("due_at", "pk")[:batch_size])
        yield from (pk for _, pk in batch)
        if len(batch) < batch_size:
            return
        after = batch[-1]


def _claim(pk: int, now: datetime) -> bool:
    return bool(
        _overdue(now)
        .filter(pk=pk)
        .update(overdue_fired_at=now, version=F("version") + 1, updated_at=now)
    )


def fire_one(*, pk: int, now: datetime) -> bool:
    """Claim one case and apply its overdue rules; False when another sweep got there first."""
    with transaction.atomic():
        if not _claim(pk, now):
            return False
        case = load_case(pk)
        definition = case_definition(case)
        outcome = engine.apply_event(
            definition=definition,
            case=engine_state(case),
            event=engine.EngineEvent(kind="overdue"),
            now=now,
            nation=nation(case),
        )
        overdue = automation.event(
            Event.Kind.OVERDUE,
            at=now,
            label=LABEL,
            note=f"Due by {long_moment(case.due_at)} and still open.",
            data={"due_at": case.due_at.isoformat(), "rules_fired": list(outcome.rules_fired)},
        )
        events = [
            overdue,
            *automation.carry_out(case=case, outcome=outcome, definition=definition, now=now),
        ]
        automation.save_change(case=case, events=events)
    return True


def _record_failure(pk: int, now: datetime, error: Exception) -> bool:
    with transaction.atomic():
        if not _claim(pk, now):
            return False
        case = load_case(pk)
        failed = automation.event(
            Event.Kind.RULE,
            at=now,
            label=LABEL,
            note=f"The case became overdue, but its overdue rules could not run: {error}",
            data={"error": type(error).__name__},
        )
        automation.write_events(case, [failed])
    return True


def fire_overdue(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Fire the overdue rules of every case that has become overdue; return how many fired."""
    now = now or timezone.now()
    fired = 0
    for pk in overdue_ids(now=now, batch_size=batch_size):
        try:
            fired += fire_one(pk=pk, now=now)
        except Exception as error:
            logger.exception("Overdue rules failed for case %s", pk)
            fired += _record_failure(pk, now, error)
    return fired
