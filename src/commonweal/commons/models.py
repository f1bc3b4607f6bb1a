"""The commons: what organisations build and buy, shared for others to find and re-use.

The rules live in `commons.functions` and `commons.permissions`; these models only hold
the rows and the constraints the database itself can keep.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from commonweal.organisations.models import Organisation


class Partnership(models.Model):
    """A named group of organisations working together, which may own assets jointly."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        Organisation, through="PartnershipMember", related_name="partnerships"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnershipMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        MEMBER = "member", "Member"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnership_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership__name", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="one_membership_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()}, {self.partnership})"


class Kind(models.TextChoices):
    SERVICE_DEFINITION = "service-definition", "Service definition"
    SOFTWARE = "software", "Software or component"
    DATA_SET = "data-set", "Data set"
    CONTRACT = "contract", "Contract or framework agreement"
    PATTERN = "pattern", "Pattern or guidance"
    INFRASTRUCTURE = "infrastructure", "Infrastructure or hosted service"


class Stage(models.TextChoices):
    IDEA = "idea", "Idea"
    ALPHA = "alpha", "Alpha"
    BETA = "beta", "Beta"
    LIVE = "live", "Live"
    RETIRING = "retiring", "Retiring"
    RETIRED = "retired", "Retired"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "The platform's members"


class AssetQuerySet(models.QuerySet["Asset"]):
    def visible_to(self, user) -> "AssetQuerySet":
        """The assets the user may see (commons.permissions.can_view_asset decides)."""
        from commonweal.commons.permissions import is_platform_member

        if is_platform_member(user):
            return self
        return self.filter(visibility=Visibility.PUBLIC)


class Asset(models.Model):
    """Something an organisation or a partnership offers others to re-use.

    Owned by exactly one organisation or one partnership; only the platform's standard
    service definitions have no owner (see `services.definitions`).
    """

    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300, help_text="One or two sentences.")
    description = models.TextField(blank=True, help_text="Markdown, as written.")
    description_html = models.TextField(
        blank=True, editable=False, help_text="The description as sanitised HTML."
    )
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="assets"
    )
    owner_partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="assets"
    )
    licence = models.CharField(
        max_length=40, help_text='An SPDX identifier from commons.licences, or "proprietary".'
    )
    lgsl = models.JSONField("LGSL codes", default=list, blank=True)
    functions = models.JSONField(default=list, blank=True, help_text="Function slugs.")
    tags = models.JSONField(default=list, blank=True)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.IDEA)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    code_url = models.URLField("code", max_length=500, blank=True)
    docs_url = models.URLField("documentation", max_length=500, blank=True)
    contact_url = models.URLField("contact", max_length=500, blank=True)
    forked_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="forks"
    )
    service_code = models.SlugField(
        max_length=80, blank=True, default="",
        help_text="For a service definition: the code its versions are published under.",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["kind", "stage"])]
        constraints = [
            models.CheckConstraint(
                name="asset_has_one_owner",
                condition=(
                    Q(owner_organisation__isnull=False, owner_partnership__isnull=True)
                    | Q(owner_organisation__isnull=True, owner_partnership__isnull=False)
                    | (
                        Q(owner_organisation__isnull=True, owner_partnership__isnull=True)
                        & Q(kind="service-definition")
                        & ~Q(service_code="")
                    )
                ),
            ),
            models.CheckConstraint(
                name="service_code_only_for_definitions",
                condition=Q(kind="service-definition") | Q(service_code=""),
            ),
            models.UniqueConstraint(
                fields=["service_code"],
                condition=~Q(service_code=""),
                name="one_asset_per_service_code",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> Organisation | Partnership | None:
        return self.owner_organisation or self.owner_partnership

    @property
    def is_standard(self) -> bool:
        """One of the platform's standard service definitions, owned by no one."""
        return self.owner_organisation_id is None and self.owner_partnership_id is None


class AssetVersion(models.Model):
    """A release of an asset. Once published it never changes and is never deleted in use."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="versions")
    number = models.CharField(max_length=40, help_text='Such as "3" or "2.1.0".')
    sequence = models.PositiveBigIntegerField(
        editable=False, help_text="The number as one sortable integer (commons.versions)."
    )
    release_notes = models.TextField(blank=True)
    released_on = models.DateField(null=True, blank=True)
    document = models.JSONField(
        null=True, blank=True, help_text="For a service definition: the definition itself."
    )
    service_definition_id = models.PositiveBigIntegerField(
        null=True, blank=True, db_index=True,
        help_text="The services.ServiceDefinition row (an id only: commons knows no services).",
    )  # fmt: skip
    published = models.BooleanField(default=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asset", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "number"], name="unique_asset_version"),
            models.UniqueConstraint(fields=["asset", "sequence"], name="unique_asset_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.asset} {self.number}"


class Adoption(models.Model):
    """An organisation re-uses an asset (at a version, where the asset has versions)."""

    class Status(models.TextChoices):
        INTERESTED = "interested", "Interested"
        PILOTING = "piloting", "Piloting"
        ADOPTED = "adopted", "Adopted"
        STOPPED = "stopped", "Stopped"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="adoptions"
    )
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="adoptions")
    version = models.ForeignKey(
        AssetVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    annual_saving_pounds = models.PositiveIntegerField(
        null=True, blank=True, help_text="Estimated, in whole pounds a year; empty if unknown."
    )
    one_off_cost_pounds = models.PositiveIntegerField(
        null=True, blank=True, help_text="Estimated, in whole pounds; empty if unknown."
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["asset__title", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "asset"], name="one_adoption_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.asset} ({self.get_status_display()})"


class Interest(models.Model):
    """ "We need this too": an organisation tells an asset's owner it wants it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="asset_interests"
    )
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="interests")
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "asset"], name="one_interest_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} needs {self.asset}"


class VersionNotice(models.Model):
    """Tells an adopting organisation that a newer version of what it uses is out.

    Open until the organisation moves to that version (or a later one), stops using the
    asset, dismisses it, or a still newer version's notice replaces it.
    """

    class Closed(models.TextChoices):
        MOVED = "moved", "Moved to it"
        DISMISSED = "dismissed", "Dismissed"
        STOPPED = "stopped", "Stopped using the asset"
        SUPERSEDED = "superseded", "A newer version came out"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="version_notices"
    )
    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="notices")
    version = models.ForeignKey(AssetVersion, on_delete=models.CASCADE, related_name="notices")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_because = models.CharField(max_length=12, choices=Closed.choices, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["adoption", "version"], name="one_notice_per_version")
        ]
        indexes = [models.Index(fields=["organisation", "closed_at"])]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.version} is out"
