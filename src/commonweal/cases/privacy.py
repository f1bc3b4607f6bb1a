"""Erasing a resident's personal data: on request, and when a service's retention runs out.

What erasure removes from a case, and why:
- the reporter's name, e-mail address and phone number, their consent, and the link to
  their account (so the case leaves their "my requests" and names nobody);
- every photo, file and row: a photo may show people, homes or number plates;
- the description, and the answers to questions of the types a resident types freely
  or that identify someone: `text`, `long-text`, `email`, `phone` (and `photo`, whose
  answers name the deleted files). Free text is erased whatever it says, because
  nothing can tell a note about a pothole from one naming a neighbour;
- where the definition rounds the location in public (`location_rounding_metres` above
  0, because the place is someone's home), the stored location is rounded the same way
  and the typed address blanked. Other services keep their place: a pothole's position
  is not about a person, and the service's figures need it.

Choices, numbers, dates and yes-or-no answers stay: they say nothing about who asked and
the service's figures are made from them. The case's reference, dates and states stay.

The timeline is append-only, and erasure leaves staff's entries as they are: they hold
no resident's details (staff notes are for the work, and notifications name roles,
never addresses). The one change it makes is to events the resident made themselves
while signed in (sending, rating, reopening): their account is replaced by the label
"the reporter", and their own words there (a reopening's note, a rating's comment) are
blanked; the history still says what happened and when, without saying who or what they
wrote. Scores stay.
Erasure writes an internal `erased` event saying why, what kind of data went and how
much, never the data itself.

Each case is erased in its own short transaction; photos' files are deleted once it
commits. Erasing twice does nothing the second time: the reporter's `erased_at` is
claimed with a conditional UPDATE. A case that never had a reporter is given an empty,
erased one, which marks it as done.
"""

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from commonweal.cases import automation, writes
from commonweal.cases.models import Attachment, Case, Event, Reporter
from commonweal.core.grid import rounded
from commonweal.services import definitions, engine
from commonweal.services.models import ServiceDefinition

logger = logging.getLogger(__name__)

RETENTION = "retention"
REQUEST = "request"
REASONS = {
    RETENTION: "the service's retention period has passed since the case was closed",
    REQUEST: "the resident asked for their personal data to be erased",
}
LABELS = {RETENTION: "retention schedule", REQUEST: "personal data request"}
PERSONAL_TYPES = frozenset({"text", "long-text", "email", "phone", "photo"})
REPORTER_LABEL = "the reporter"


def erase_reporter(
    *, reporter: Reporter, reason: str, actor=None, now: datetime | None = None
) -> bool:
    """Erase the reporter's details and their case's personal data; False if already erased."""
    case = Case.objects.filter(reporter_id=reporter.pk).select_related("definition").first()
    return _erase(reporter_id=reporter.pk, case=case, reason=reason, actor=actor, now=now)


def erase_case(*, case: Case, reason: str, actor=None, now: datetime | None = None) -> bool:
    """Erase the personal data of a case, with or without a reporter; False if already done."""
    return _erase(reporter_id=case.reporter_id, case=case, reason=reason, actor=actor, now=now)


def _erase(
    *, reporter_id: int | None, case: Case | None, reason: str, actor, now: datetime | None
) -> bool:
    if reason not in REASONS:
        raise ValueError(f"Unknown reason for erasure: {reason!r}")
    now = now or timezone.now()
    account = None
    with transaction.atomic():
        if reporter_id is None:
            if case is None or not _claim_anonymous(case, now):
                return False
        else:
            user_id = Reporter.objects.filter(pk=reporter_id).values_list("user_id", flat=True)
            account = next(iter(user_id), None)
            if not _claim(reporter_id, now):
                return False
        if case is not None:
            blanked = _forget_account(case, account)
            files = _erase_case_content(
                case, reason=reason, actor=actor, now=now, own_words=blanked
            )
            transaction.on_commit(lambda: _delete_files(files))
    return True


def _claim(reporter_id: int, now: datetime) -> bool:
    """Blank the reporter unless someone already has: the erasure's one-time claim."""
    return bool(
        Reporter.objects.filter(pk=reporter_id, erased_at__isnull=True).update(
            name="", email="", phone="", user=None, consent_to_contact=False, erased_at=now
        )
    )


def _claim_anonymous(case: Case, now: datetime) -> bool:
    """Give a case that had no reporter an empty, erased one (the mark that it is done)."""
    marker = writes.insert_reporter(Reporter(erased_at=now))
    if Case.objects.filter(pk=case.pk, reporter__isnull=True).update(reporter=marker):
        return True
    marker.delete()
    return False


def _forget_account(case: Case, user_id: int | None) -> int:
    """Events the resident made: "the reporter" for their account, their own words blanked.

    Returns how many notes or rating comments were blanked.
    """
    if user_id is None:
        return 0
    blanked = 0
    for row in Event.objects.filter(case_id=case.pk, actor_id=user_id):
        words = bool(row.note) + bool(row.data.get("comment"))
        row.actor, row.actor_label, row.note = None, REPORTER_LABEL, ""
        if row.data.get("comment"):
            row.data = {**row.data, "comment": ""}
        row.save(update_fields=["actor", "actor_label", "note", "data"])
        blanked += words
    return blanked


def _erase_case_content(
    case: Case, *, reason: str, actor, now: datetime, own_words: int = 0
) -> list[str]:
    """Blank the case's free text and photos; write the `erased` event. Returns the files."""
    definition = definitions.engine_definition(case.definition)
    answers, removed = erased_answers(case.answers, definition)
    photos = list(Attachment.objects.filter(case_id=case.pk).values_list("pk", "file"))
    Attachment.objects.filter(pk__in=[pk for pk, _ in photos]).delete()
    metres = definition.privacy.location_rounding_metres
    changes: dict = {"answers": answers, "description": ""}
    if metres > 0:
        changes["address"] = ""
        if case.lat is not None and case.lon is not None:
            changes["lat"], changes["lon"] = rounded(case.lat, case.lon, metres)
        _round_location_answers(answers, definition, metres)
    Case.objects.filter(pk=case.pk).update(**changes, version=F("version") + 1, updated_at=now)
    case.refresh_from_db()
    erased = automation.event(
        Event.Kind.ERASED,
        at=now,
        actor=actor,
        label=LABELS[reason],
        note=f"Personal data erased: {REASONS[reason]}.",
        data={
            "reason": reason,
            "answers": sorted(removed),
            "photos": len(photos),
            "location_rounded_to_metres": metres,
            "own_words_in_timeline": own_words,
        },
    )
    automation.write_events(case, [erased])
    return [name for _, name in photos if name]


def erased_answers(answers: dict, definition: engine.Definition) -> tuple[dict, list[str]]:
    """The answers without those of personal types; and the ids of the ones taken out.

    An answer to a question the definition does not know is taken out too: nothing says
    what it holds.
    """
    types = {question.id: question.type for question in definition.questions}
    kept, removed = {}, []
    for key, value in answers.items():
        if types.get(key, "text") in PERSONAL_TYPES:
            removed.append(key)
        else:
            kept[key] = value
    return kept, removed


def _round_location_answers(answers: dict, definition: engine.Definition, metres: int) -> None:
    for question in definition.questions:
        value = answers.get(question.id)
        if question.type == "location" and isinstance(value, dict) and "lat" in value:
            lat, lon = rounded(float(value["lat"]), float(value["lon"]), metres)
            answers[question.id] = {**value, "lat": lat, "lon": lon}


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("An erased photo's file could not be deleted")


# The retention sweep.


def retention_periods() -> dict[int, int]:
    """Days to keep personal data after closure, by published definition version id.

    Only published versions run, so only they have cases.
    """
    rows = ServiceDefinition.objects.filter(status=ServiceDefinition.Status.PUBLISHED).only(
        "id", "status", "published_at"
    )
    return {row.pk: definitions.engine_definition(row).privacy.retention_days for row in rows}


def due_ids(*, now: datetime, batch_size: int = 500) -> Iterator[int]:
    """Ids of closed cases whose retention has run out and whose data is not yet erased.

    One indexed query per definition version (its own cut-off), read in keyset batches.
    """
    for definition_id, days in sorted(retention_periods().items()):
        found = Case.objects.filter(
            Q(reporter__isnull=True) | Q(reporter__erased_at__isnull=True),
            definition_id=definition_id,
            closed_at__lte=now - timedelta(days=days),
        ).order_by("pk")
        after = 0
        while True:
            batch = list(found.filter(pk__gt=after).values_list("pk", flat=True)[:batch_size])
            yield from batch
            if len(batch) < batch_size:
                break
            after = batch[-1]


def erase_due(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Erase every case whose service's retention has passed since closure; return how many."""
    now = now or timezone.now()
    erased = 0
    for pk in due_ids(now=now, batch_size=batch_size):
        case = Case.objects.select_related("definition").get(pk=pk)
        try:
            erased += erase_case(case=case, reason=RETENTION, now=now)
        except Exception:
            logger.exception("Erasing the personal data of case %s failed", pk)
    return erased
