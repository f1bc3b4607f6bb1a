"""Services: the Local Government Service List, and (later) service definitions and offerings."""

from django.conf import settings
from django.db import models


class ProvidingTier(models.TextChoices):
    ALL = "all", "Every tier"
    DISTRICT_UNITARY = "district-unitary", "District or unitary"
    COUNTY_UNITARY = "county-unitary", "County or unitary"


class LocalService(models.Model):
    """A service from the Local Government Service List (LGSL), as GOV.UK uses it."""

    code = models.PositiveIntegerField(
        "LGSL code", unique=True, help_text="The LGSL number, such as 524."
    )
    description = models.CharField(max_length=300)
    providing_tier = models.CharField(max_length=20, choices=ProvidingTier.choices)
    lgil_codes = models.JSONField(
        "LGIL codes", default=list, blank=True,
        help_text="Interaction types GOV.UK links for it: 0 apply, 4 pay, 8 find out, 17 report.",
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.description}"


class ServiceDefinition(models.Model):
    """One version of a standard service definition. A published version never changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    code = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    function = models.CharField(max_length=40)
    lgsl = models.JSONField("LGSL codes", default=list, blank=True)
    document = models.JSONField(help_text="The checked definition, as data.")
    source_text = models.TextField(help_text="The definition as it was written (YAML or JSON).")
    owner = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="service_definitions",
        help_text="Empty for the platform's standard definitions.",
    )  # fmt: skip
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_definition_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class ServiceOffering(models.Model):
    """An organisation runs a version of a definition, with its own team, SLA and costs."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="offerings"
    )
    service_code = models.SlugField(max_length=80)
    definition = models.ForeignKey(
        ServiceDefinition, on_delete=models.PROTECT, related_name="offerings"
    )
    team = models.ForeignKey("organisations.Team", null=True, blank=True, on_delete=models.SET_NULL)
    live = models.BooleanField(default=False)
    sla_overrides = models.JSONField(
        default=dict, blank=True, help_text="Working days to resolve, by priority."
    )
    cost_per_transaction = models.JSONField(
        default=dict, blank=True, help_text="Pounds per request, by channel."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "service_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service_code"], name="one_offering_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition.name} at {self.organisation}"
