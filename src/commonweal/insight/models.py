"""Insight's stored figures: daily rollups of cases, and how far they have caught up.

Rollups are kept by `insight.rollups` from the cases' append-only event log; dashboards
and the metric registry read them, never raw cases.

The end-of-day backlog is not stored: a close would have to update every day since the
case opened. Each day stores what went into the backlog (`submitted`, `reopened`) and what
came out (`closed`, `closed_before_reopen`); the backlog at the end of a day is the
running sum of those deltas up to it (`BACKLOG_DELTA`).
"""

from django.db import models

# Resolution time (submission to final close, in calendar hours) falls into one of these
# buckets: bucket i holds times up to BUCKET_HOURS[i] hours (and above the one before);
# the last bucket holds everything longer than 90 days.
BUCKET_HOURS: tuple[int, ...] = (
    1, 4, 12, 24, 48, 72, 120, 168, 240, 336, 504, 672, 1008, 1440, 2160,
)  # fmt: skip
BUCKETS = len(BUCKET_HOURS) + 1
SCORES = (1, 2, 3, 4, 5)

HISTOGRAM_FIELDS = tuple(f"resolved_{i:02d}" for i in range(BUCKETS))
RATING_FIELDS = tuple(f"rated_{score}" for score in SCORES)
COUNT_FIELDS: tuple[str, ...] = (
    "submitted",
    "submitted_online",
    "reopened",
    "closed",
    "closed_before_reopen",
    "closed_with_due",
    "closed_in_sla",
    "resolution_seconds",
    *HISTOGRAM_FIELDS,
    *RATING_FIELDS,
)
# The backlog's change over a day: in minus out.
BACKLOG_IN = ("submitted", "reopened")
BACKLOG_OUT = ("closed", "closed_before_reopen")
ONLINE_CHANNELS = ("web", "open311", "api")


def _counts() -> dict[str, models.Field]:
    fields: dict[str, models.Field] = {
        # Plain integers, not positive ones: catch-up adds negative changes in one upsert,
        # and a CHECK would refuse the row it proposes before the conflict makes it an update.
        name: models.IntegerField(default=0)
        for name in COUNT_FIELDS
    }
    fields["resolution_seconds"] = models.BigIntegerField(
        default=0, help_text="Total time from submission to final close of the cases closed."
    )
    return fields


class Counts(models.Model):
    """The figures of one day (see the module docstring and docs/insight.md).

    submitted: new cases; submitted_online: of which on the web, Open311 or the API;
    reopened: reopenings that day; closed: final closes that day (a case closed and later
    reopened counts on the day of its last close only, once it is closed again);
    closed_before_reopen: closes undone by a later reopening, on the day of the close;
    closed_with_due / closed_in_sla: final closes with a due time, and of those the ones
    closed by it; resolution_seconds and resolved_NN: time from submission to final close,
    total and histogram; rated_N: ratings of score N given that day.
    """

    locals().update(_counts())

    class Meta:
        abstract = True


class DailyRollup(Counts):
    """One organisation's figures for one service offering and channel, on one day."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+",
        db_index=False,
    )  # fmt: skip
    offering = models.ForeignKey(
        "services.ServiceOffering", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    channel = models.CharField(max_length=10)
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "day", "offering", "channel"], name="one_rollup_per_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="rollup_day")]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.offering_id}/{self.channel} on {self.day}"


class OrganisationDay(Counts):
    """One organisation's figures for one day, all services and channels together.

    The dashboards' totals read these: at most one row per organisation and day, so their
    cost grows with days, not with cases, services or channels.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+",
        db_index=False,
    )  # fmt: skip
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day"], name="one_total_per_day")
        ]
        indexes = [models.Index(fields=["day"], name="organisation_day_day")]

    def __str__(self) -> str:
        return f"{self.organisation_id} on {self.day}"


class CaseFact(models.Model):
    """What one case adds to the rollups now, kept so that a change can take it back.

    Derived from the case row alone (`insight.rollup_facts`); reopenings and ratings are
    counted from their events instead.
    """

    case_id = models.BigIntegerField(primary_key=True)
    organisation_id = models.BigIntegerField()
    offering_id = models.BigIntegerField()
    channel = models.CharField(max_length=10)
    submitted_on = models.DateField()
    closed_on = models.DateField(null=True)
    has_due = models.BooleanField(default=False)
    in_sla = models.BooleanField(default=False)
    resolution_seconds = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"Case {self.case_id}"


class RollupState(models.Model):
    """The single row saying how far the rollups have read the event log; also the lock.

    `top` is the highest event id applied. Event ids below it that were not yet visible
    when it was read are `PendingEvent` rows, applied if they appear.
    """

    top = models.BigIntegerField(default=0)
    caught_up_at = models.DateTimeField(null=True)
    rebuilt_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"Rollups up to event {self.top}"


class PendingEvent(models.Model):
    """An event id below `RollupState.top` not yet seen: still being written, or never.

    On PostgreSQL ids are taken in one order and committed in another, so a lower id can
    become visible after a higher one was read. Its transaction began before
    `noticed_at`; once no transaction could still be running (`rollups.PATIENCE`) the id
    is taken as rolled back and forgotten.
    """

    event_id = models.BigIntegerField(primary_key=True)
    noticed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Event {self.event_id} pending since {self.noticed_at}"


from commonweal.insight.import_models import ImportRun  # noqa: E402, F401
from commonweal.insight.open_data_models import OpenDataFile  # noqa: E402, F401
