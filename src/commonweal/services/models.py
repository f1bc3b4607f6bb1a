"""Services: the Local Government Service List, and (later) service definitions and offerings."""

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
