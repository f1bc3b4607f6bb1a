"""Where an organisation stands, where it means to be, and the route between.

A theme is named by its key in the framework (`strategy.framework`, kept as data in
`data/framework.yaml`); an assessment records the framework version it was made against.
The rules live in `strategy.assessments`, `strategy.targets`, `strategy.route` and
`strategy.measures`; these models hold the rows and the constraints the database can keep.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from commonweal.commissioning.models import Contract, OpportunityInterest
from commonweal.commons.models import Asset
from commonweal.organisations.models import Organisation

LEVEL_RANGE = Q(level__gte=1, level__lte=5)


class KeyPlayerRole(models.TextChoices):
    CHIEF_EXECUTIVE = "chief-executive", "Chief executive"
    FINANCE_DIRECTOR = "finance-director", "Finance director"
    CIO = "cio", "Chief information officer"
    ELECTED_MEMBER = "elected-member", "Elected or board member"
    SERVICE_DIRECTOR = "service-director", "Service director"
    PARTNER_LEAD = "partner-lead", "Partnership lead"


SINGLE_HOLDER_ROLES = [
    KeyPlayerRole.CHIEF_EXECUTIVE,
    KeyPlayerRole.FINANCE_DIRECTOR,
    KeyPlayerRole.CIO,
]


class KeyPlayer(models.Model):
    """A member of an organisation holding one of the framework's key-player roles."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="key_players"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="key_player_roles"
    )
    role = models.CharField(max_length=20, choices=KeyPlayerRole.choices)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="unique_key_player"
            ),
            models.UniqueConstraint(
                fields=["organisation", "role"],
                condition=Q(role__in=SINGLE_HOLDER_ROLES),
                name="one_holder_of_each_chief_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation}"


class Assessment(models.Model):
    """An organisation's self-assessment against every theme of the framework, on a date."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETE = "complete", "Complete"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments"
    )
    framework_version = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    assessed_on = models.DateField(help_text="The date the scores describe.")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    assessors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "-assessed_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.organisation}: assessment of {self.assessed_on:%-d %B %Y}"


class ThemeScore(models.Model):
    """One theme's level (1 to 5) in an assessment, with the evidence for it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    theme = models.CharField(max_length=40)
    level = models.PositiveSmallIntegerField()
    evidence = models.TextField(blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "theme"], name="one_score_per_theme"),
            models.CheckConstraint(name="theme_score_level_1_to_5", condition=LEVEL_RANGE),
        ]

    def __str__(self) -> str:
        return f"{self.theme}: level {self.level}"


class Target(models.Model):
    """The level an organisation commits to reach in a theme by a date.

    Setting a new target supersedes the current one; superseded targets are kept as history.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="targets")
    theme = models.CharField(max_length=40)
    level = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "theme", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "theme"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_target_per_theme",
            ),
            models.CheckConstraint(name="target_level_1_to_5", condition=LEVEL_RANGE),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.theme} at level {self.level} by {self.due_on}"


class Initiative(models.Model):
    """A piece of work on an organisation's route towards its targets."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Under way"
        COMPLETE = "complete", "Complete"
        STOPPED = "stopped", "Stopped"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    themes = models.JSONField(default=list, blank=True, help_text="Framework theme keys.")
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="initiatives"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_initiatives")
    owner = models.ForeignKey(
        KeyPlayer, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rag = models.CharField("RAG status", max_length=5, choices=Rag.choices, blank=True)
    rag_reason = models.TextField("reason for the RAG status", blank=True)
    annual_cash_benefit = models.DecimalField(
        "cash benefit a year (£)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    other_benefits = models.TextField("benefits not in cash", blank=True)
    assets = models.ManyToManyField(Asset, blank=True, related_name="initiatives")
    contracts = models.ManyToManyField(Contract, blank=True, related_name="initiatives")
    from_interest = models.OneToOneField(
        OpportunityInterest, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="initiative",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lead_organisation__name", "starts_on", "title"]
        indexes = [models.Index(fields=["lead_organisation", "status"])]
        constraints = [
            models.CheckConstraint(
                name="initiative_ends_after_it_starts",
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
            ),
            models.CheckConstraint(
                name="initiative_cash_benefit_not_negative",
                condition=Q(annual_cash_benefit__isnull=True) | Q(annual_cash_benefit__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["initiative", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due_on})"


class OutcomeTarget(models.Model):
    """A value an organisation commits to for an outcome measure (`strategy.measures`) by a
    date. Superseded targets are kept as history."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="outcome_targets"
    )
    measure = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    due_on = models.DateField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "measure", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "measure"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_outcome_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.measure} {self.value} by {self.due_on}"
