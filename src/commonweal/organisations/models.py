"""Organisations, their areas, teams and the people who work in them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from commonweal.organisations.functions import (
    FUNCTIONS,
    effective_functions,
    unknown_functions,
)


class Kind(models.TextChoices):
    COUNTY = "county", "County council"
    DISTRICT = "district", "District council"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN_DISTRICT = "metropolitan-district", "Metropolitan district council"
    LONDON_BOROUGH = "london-borough", "London borough"
    SCOTTISH_COUNCIL = "scottish-council", "Scottish council"
    WELSH_COUNCIL = "welsh-council", "Welsh principal council"
    NI_DISTRICT = "ni-district", "Northern Ireland district council"
    COMBINED_AUTHORITY = "combined-authority", "Combined authority"
    PARISH = "parish", "Town or parish council"
    NHS_TRUST = "nhs-trust", "NHS trust"
    ICB = "icb", "Integrated care board"
    SCHOOL = "school", "School or academy trust"
    FIRE_AND_RESCUE = "fire-and-rescue", "Fire and rescue service"
    POLICE = "police", "Police force"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    OTHER = "other", "Other public body"


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


# Pages that sit beside an organisation's own at the same place in a path
# (/strategy/route/, /insight/dashboards/platform/, …): an organisation with one of these
# short names could never reach its page. A test checks the list against the URLs.
RESERVED_SLUGS = frozenset({"areas", "framework", "partnerships", "platform", "route"})


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            f"“{value}” is the name of a page, so it cannot be an organisation's short name. "
            "Choose another, such as one with the place's name in it."
        )


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_not_reserved])
    kind = models.CharField(max_length=30, choices=Kind.choices)
    gss_code = models.CharField(
        "GSS code", max_length=9, unique=True, null=True, blank=True,
        help_text="The ONS Government Statistical Service code, such as E07000008.",
    )  # fmt: skip
    ods_code = models.CharField(
        "ODS code", max_length=10, unique=True, null=True, blank=True,
        help_text="The NHS Organisation Data Service code, for NHS bodies.",
    )  # fmt: skip
    nation = models.CharField(max_length=20, choices=Nation.choices)
    parents = models.ManyToManyField(
        "self", symmetrical=False, related_name="children", blank=True,
        help_text="Organisations whose area contains this one's (a district lies within a county).",
    )  # fmt: skip
    functions_added = models.JSONField(default=list, blank=True)
    functions_removed = models.JSONField(default=list, blank=True)
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "nation"])]

    def __str__(self) -> str:
        return self.name

    @property
    def functions(self) -> frozenset[str]:
        return effective_functions(
            kind=self.kind, added=self.functions_added, removed=self.functions_removed
        )

    def function_names(self) -> list[str]:
        return sorted(FUNCTIONS[slug].name for slug in self.functions)

    def clean(self) -> None:
        errors = {}
        for field in ("functions_added", "functions_removed"):
            unknown = unknown_functions(getattr(self, field) or [])
            if unknown:
                errors[field] = (
                    f"Unknown function: {', '.join(unknown)}. "
                    f"Choose from: {', '.join(sorted(FUNCTIONS))}."
                )
        if errors:
            raise ValidationError(errors)


class Area(models.Model):
    """An organisation's boundary as GeoJSON (WGS84), shipped or built from its children."""

    class Source(models.TextChoices):
        REFERENCE = "reference", "Reference data"
        CHILDREN = "children", "Union of the children's areas"
        MANUAL = "manual", "Entered by hand"

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="area")
    geometry = models.JSONField(help_text="A GeoJSON Polygon or MultiPolygon in WGS84.")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.REFERENCE)
    area_km2 = models.FloatField(default=0)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"Area of {self.organisation}"


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_team_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Caseworker"
    SERVICE_OWNER = "service-owner", "Service owner"
    COMMISSIONER = "commissioner", "Commissioner"
    EXECUTIVE = "executive", "Executive"
    ADMIN = "admin", "Organisation administrator"


class Membership(models.Model):
    """A person's role in an organisation, with the job title they hold there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(
        max_length=200, blank=True, help_text="Such as chief executive, finance director or CIO."
    )
    teams = models.ManyToManyField(Team, blank=True, related_name="members")

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"


class ApiClient(models.Model):
    """A system that calls the APIs (an Open311 client), vouched for by an organisation.

    The key itself is never stored: only its first characters, to recognise it, and its
    SHA-256 hash. Keys are 256 random bits, so a fast hash is enough (no guessing attack
    can run through them as it could through passwords).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_clients"
    )
    name = models.CharField(max_length=200, help_text="Who uses the key, such as an app's name.")
    key_prefix = models.CharField(
        max_length=8, unique=True, help_text="The key's first characters, to recognise it."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = "API client"

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation}, key {self.key_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
