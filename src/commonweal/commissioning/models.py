"""What organisations buy: suppliers, contracts, reviews of suppliers' work, and interest in
buying together.

The rules live in `commissioning.contracts`, `commissioning.opportunities`,
`commissioning.imports` and `commissioning.permissions`; these models hold the rows and the
constraints the database itself can keep.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from commonweal.commons.models import Asset
from commonweal.organisations.models import Organisation


class Supplier(models.Model):
    """A company or other body that organisations buy from, shared by all of them."""

    name = models.CharField(max_length=200)
    companies_house_number = models.CharField(
        "Companies House number", max_length=8, blank=True, default="",
        help_text="8 characters: digits, or 2 letters and 6 digits (SC123456). Empty if none.",
    )  # fmt: skip
    sme = models.BooleanField("small or medium-sized enterprise", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["companies_house_number"],
                condition=~Q(companies_house_number=""),
                name="one_supplier_per_company_number",
            )
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class ContractQuerySet(models.QuerySet["Contract"]):
    def visible_to(self, user) -> "ContractQuerySet":
        """The contracts the user may see (commissioning.permissions.can_view_contract)."""
        from commonweal.commissioning.permissions import visible_contract_filter

        return self.filter(visible_contract_filter(user))


class Contract(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        EXTENDED = "extended", "Extended"
        ENDED = "ended", "Ended"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contracts"
    )
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts")
    reference = models.CharField(
        max_length=60, blank=True, default="", help_text="The organisation's own reference."
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    cpv_code = models.CharField("CPV code", max_length=10, help_text="Such as 90511000-2.")
    cpv_group = models.CharField(
        "CPV group", max_length=3, editable=False, help_text="The code's first three digits."
    )
    annual_value = models.DecimalField("annual value (£)", max_digits=14, decimal_places=2)
    total_value = models.DecimalField("total value (£)", max_digits=14, decimal_places=2)
    start_date = models.DateField()
    end_date = models.DateField()
    extension_options = models.TextField(
        blank=True, help_text="Such as “two further years, one at a time”."
    )
    notice_period_months = models.PositiveSmallIntegerField(default=0)
    notice_date = models.DateField(
        editable=False, help_text="The end date less the notice period: decide by then."
    )
    commons_asset = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts",
        help_text="The asset in the commons that this contract provides or could be replaced by.",
    )  # fmt: skip
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    shared_with = models.ManyToManyField(
        Organisation, blank=True, related_name="contracts_shared_with",
        help_text="Partner organisations that the owner lets see this contract.",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Who last changed the contract's details.",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["end_date", "title"]
        indexes = [
            models.Index(fields=["organisation", "end_date"]),
            models.Index(fields=["cpv_group", "end_date"]),
            models.Index(fields=["supplier", "end_date"]),
            models.Index(fields=["notice_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="contract_values_not_negative",
                condition=Q(annual_value__gte=0) & Q(total_value__gte=0),
            ),
            models.CheckConstraint(
                name="contract_ends_after_it_starts", condition=Q(end_date__gte=F("start_date"))
            ),
            models.CheckConstraint(
                name="contract_notice_period_sensible", condition=Q(notice_period_months__lte=120)
            ),
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                condition=~Q(reference=""),
                name="one_contract_per_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SupplierReview(models.Model):
    """How a supplier did over a period, scored 1 (poor) to 5 (excellent) by an organisation.

    About one contract, or about the supplier's work for the organisation in general.
    """

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="reviews")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="supplier_reviews"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    quality = models.PositiveSmallIntegerField()
    delivery = models.PositiveSmallIntegerField()
    value = models.PositiveSmallIntegerField("value for money")
    notes = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["supplier", "period_start"]
        constraints = [
            models.CheckConstraint(
                name="review_scores_1_to_5",
                condition=Q(quality__gte=1, quality__lte=5)
                & Q(delivery__gte=1, delivery__lte=5)
                & Q(value__gte=1, value__lte=5),
            ),
            models.CheckConstraint(
                name="review_period_in_order", condition=Q(period_end__gte=F("period_start"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier}, {self.period_start} to {self.period_end}"


class OpportunityInterest(models.Model):
    """An organisation wants to buy together with the others in an opportunity.

    An opportunity is found afresh each time (`commissioning.opportunities`), so the
    interest keeps what identifies it: its basis (the same CPV group or the same supplier),
    the key (the group's digits or the supplier's id), the first end date of its window,
    and the contracts it held when the interest was registered.
    """

    class Basis(models.TextChoices):
        CPV_GROUP = "cpv-group", "Same category"
        SUPPLIER = "supplier", "Same supplier"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="opportunity_interests"
    )
    basis = models.CharField(max_length=10, choices=Basis.choices)
    key = models.CharField(max_length=20, help_text="The CPV group's digits or the supplier id.")
    window_start = models.DateField(help_text="The earliest end date of the contracts.")
    window_end = models.DateField(help_text="The latest end date of the contracts.")
    contracts = models.ManyToManyField(Contract, related_name="interests", blank=True)
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
                fields=["organisation", "basis", "key", "window_start"],
                name="one_interest_per_opportunity",
            )
        ]

    def __str__(self) -> str:
        basis = self.get_basis_display()
        return f"{self.organisation}: {basis} {self.key} from {self.window_start}"
