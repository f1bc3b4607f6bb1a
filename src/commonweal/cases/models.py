"""Cases: one request for a service, its reporter (kept apart), its timeline and its photos."""

from django.conf import settings
from django.db import models

from commonweal.organisations.models import Organisation, Team
from commonweal.organisations.permissions import is_platform_admin, organisations_with_cases


class Channel(models.TextChoices):
    WEB = "web", "Web"
    OPEN311 = "open311", "Open311"
    API = "api", "API"
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    IN_PERSON = "in-person", "In person"
    IMPORT = "import", "Import"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class Reporter(models.Model):
    """The person who asked: personal data, held only here and in attachments."""

    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports",
    )  # fmt: skip
    consent_to_contact = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Reporter {self.pk}"


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user) -> "CaseQuerySet":
        """The cases a member of staff may see (organisations.permissions decides whose)."""
        if is_platform_admin(user):
            return self
        return self.filter(organisation_id__in=organisations_with_cases(user))


class Case(models.Model):
    reference = models.CharField(max_length=12, unique=True)
    # No single-column index on offering, organisation, team or assignee: the composite
    # indexes in Meta lead with them, and every index costs each new case a write.
    offering = models.ForeignKey(
        "services.ServiceOffering", on_delete=models.PROTECT, related_name="cases",
        db_index=False,
    )  # fmt: skip
    definition = models.ForeignKey(
        "services.ServiceDefinition", on_delete=models.PROTECT, related_name="cases",
        help_text="The definition version the case was made under.",
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    state = models.CharField(max_length=50)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    answers = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    submitted_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    overdue_fired_at = models.DateTimeField(null=True, blank=True)
    clock_started_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the SLA clock last started (submission or reopening).",
    )
    reopened_count = models.PositiveIntegerField(default=0)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, db_index=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_cases", db_index=False,
    )  # fmt: skip
    # Indexed in Meta for the few cases that are duplicates only.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        db_index=False,
    )  # fmt: skip
    reporter = models.OneToOneField(
        Reporter, null=True, blank=True, on_delete=models.SET_NULL, related_name="case"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["lat", "lon"], name="case_lat_lon"),
            models.Index(fields=["organisation", "-submitted_at", "-id"]),
            models.Index(fields=["organisation", "state", "-submitted_at"]),
            models.Index(fields=["organisation", "due_at"]),
            models.Index(fields=["offering", "-submitted_at", "-id"], name="case_offering_newest"),
            models.Index(fields=["team", "-submitted_at"]),
            # Indexes on columns most cases leave empty hold only the cases that fill them
            # (`assignee_id = x` implies NOT NULL, so both databases use them): a case just
            # submitted, or imported without an assignee, costs no write in either.
            models.Index(
                fields=["assignee", "-submitted_at"],
                condition=models.Q(assignee__isnull=False),
                name="case_assigned_newest",
            ),
            models.Index(
                fields=["duplicate_of"],
                condition=models.Q(duplicate_of__isnull=False),
                name="case_duplicate_of",
            ),
            models.Index(fields=["due_at", "closed_at"]),
            models.Index(fields=["-submitted_at", "-id"]),
            # The staff queue's open cases (the default view): small partial indexes that
            # keep "oldest first", "due soonest" and "overdue" off the closed majority.
            models.Index(
                fields=["organisation", "-submitted_at", "-id"],
                condition=models.Q(closed_at__isnull=True),
                name="case_open_newest",
            ),
            models.Index(
                fields=["organisation", "due_at", "id"],
                condition=models.Q(closed_at__isnull=True),
                name="case_open_due",
            ),
            # Every open case, newest first (a platform admin's queue, Open311 without a
            # jurisdiction): with table statistics SQLite otherwise sorts all open cases.
            models.Index(
                fields=["-submitted_at", "-id"],
                condition=models.Q(closed_at__isnull=True),
                name="case_open_submitted",
            ),
            # A service's open cases, newest first (Open311 lists, the queue by service):
            # without it PostgreSQL reads every open case of the organisation to find them.
            models.Index(
                fields=["offering", "-submitted_at", "-id"],
                condition=models.Q(closed_at__isnull=True),
                name="case_open_offering_newest",
            ),
            # Possible duplicates: a small box of latitude and longitude among one offering's
            # open cases, checked in the index without reading the whole latitude band;
            # closed cases (most of them) are never candidates, so they are not in it.
            models.Index(
                fields=["offering", "lat", "lon"],
                condition=models.Q(closed_at__isnull=True),
                name="case_open_offering_lat_lon",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Event(models.Model):
    """One entry of a case's append-only history: who or what did what, and when."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        TRANSITION = "transition", "State changed"
        NOTE = "note", "Note added"
        ASSIGNED = "assigned", "Assigned"
        PRIORITY = "priority", "Priority changed"
        REOPENED = "reopened", "Reopened"
        MERGED = "merged", "Merged as a duplicate"
        OVERDUE = "overdue", "Became overdue"
        FLAGGED = "flagged", "Flagged as a possible duplicate"
        NOTIFIED = "notified", "Notification sent"
        RULE = "rule", "Automatic rule applied"
        RATED = "rated", "Rated by the reporter"
        ERASED = "erased", "Personal data erased"

    # Indexed by (case, at) in Meta, which also serves lookups by case alone.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(
        max_length=100,
        blank=True,
        help_text="Who or what acted when no user did: a rule, a channel.",
    )
    public = models.BooleanField(default=False)
    from_state = models.CharField(max_length=50, blank=True)
    to_state = models.CharField(max_length=50, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    case_version = models.PositiveIntegerField(
        default=1,
        help_text="The case's version once this happened: what changed since version N is "
        "every event with a higher one.",
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} at {self.at:%Y-%m-%d %H:%M}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.case_id}/{instance.token}.jpg"


class Attachment(models.Model):
    """A photo, re-encoded as JPEG without EXIF. It may show people: personal data."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    bytes = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Photo {self.token} of {self.case}"
