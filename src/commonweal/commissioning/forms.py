"""The forms of the commissioning pages. Domain functions check the values again."""

from datetime import date

from django import forms

from commonweal.commissioning.contracts import version_of
from commonweal.commissioning.models import Contract, Supplier
from commonweal.commissioning.suppliers import NewSupplier
from commonweal.commons.models import Asset
from commonweal.organisations.models import Organisation

ENDING_CHOICES = [
    ("", "Any time"),
    ("3", "In the next 3 months"),
    ("6", "In the next 6 months"),
    ("12", "In the next 12 months"),
    ("24", "In the next 24 months"),
]
SCORES = [(str(n), f"{n}") for n in range(1, 6)]


def _organisation_field(organisations, *, label="Organisation", empty=None) -> forms.ChoiceField:
    choices = [(str(org.pk), org.name) for org in organisations]
    if empty:
        choices = [("", empty), *choices]
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=empty is None,
        error_messages={
            "required": "Choose the organisation",
            "invalid_choice": "Choose an organisation from the list",
        },
    )


class ChoosesOrganisation:
    """Adds an organisation field when the person acts for more than one."""

    def add_organisation(self, organisations: list[Organisation]) -> None:
        self.organisations = {str(org.pk): org for org in organisations}
        if len(organisations) > 1:
            self.fields["organisation"] = _organisation_field(organisations)
            self.order_fields(["organisation", *self.fields])

    def chosen_organisation(self) -> Organisation:
        chosen = self.cleaned_data.get("organisation")
        return self.organisations[chosen] if chosen else next(iter(self.organisations.values()))


class RegisterFilterForm(forms.Form):
    supplier = forms.CharField(label="Supplier", required=False, max_length=100)
    cpv = forms.CharField(label="CPV code or group", required=False, max_length=10)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Contract.Status.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    ending = forms.ChoiceField(
        label="Ending",
        required=False,
        choices=ENDING_CHOICES,
        error_messages={"invalid_choice": "Choose when the contracts end from the list"},
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(
            organisations, label="Organisation", empty="All organisations"
        )
        self.order_fields(["organisation", "supplier", "cpv", "status", "ending"])

    def clean_cpv(self) -> str:
        digits = "".join(ch for ch in self.cleaned_data["cpv"] if ch.isdigit())[:8]
        if self.cleaned_data["cpv"].strip() and len(digits) < 2:
            raise forms.ValidationError("Enter at least the first two digits of a CPV code")
        return digits


class WindowForm(forms.Form):
    within = forms.IntegerField(
        label="End dates within how many months of each other?",
        min_value=1,
        max_value=60,
        initial=6,
        error_messages={
            "required": "Enter a number of months",
            "invalid": "Enter the window as a whole number of months, like 6",
            "min_value": "Choose a window from 1 to 60 months",
            "max_value": "Choose a window from 1 to 60 months",
        },
    )


class InterestForm(ChoosesOrganisation, forms.Form):
    opportunity = forms.CharField(widget=forms.HiddenInput, max_length=60)
    within = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=60)
    note = forms.CharField(
        label="Note for the other organisations (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_organisation(organisations)


class UploadForm(ChoosesOrganisation, forms.Form):
    file = forms.FileField(
        label="Contracts register (CSV file)",
        error_messages={
            "required": "Choose the CSV file to import",
            "empty": "The file is empty. Choose the CSV file to import",
        },
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_organisation(organisations)


class ShareForm(forms.Form):
    partner = forms.ChoiceField(
        label="Let another organisation see this contract",
        error_messages={
            "required": "Choose the organisation to share with",
            "invalid_choice": "Choose an organisation from the list",
        },
    )

    def __init__(self, *args, candidates: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "Choose an organisation")] + [
            (str(org.pk), org.name) for org in candidates
        ]


class ReviewForm(forms.Form):
    period_start = forms.CharField(label="Start of the period", max_length=20)
    period_end = forms.CharField(label="End of the period", max_length=20)
    quality = forms.ChoiceField(label="Quality", choices=SCORES, widget=forms.RadioSelect)
    delivery = forms.ChoiceField(label="Delivery", choices=SCORES, widget=forms.RadioSelect)
    value = forms.ChoiceField(label="Value for money", choices=SCORES, widget=forms.RadioSelect)
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("quality", "delivery", "value"):
            label = self.fields[name].label.lower()
            self.fields[name].error_messages = {
                "required": f"Score the {label} from 1 to 5",
                "invalid_choice": f"Score the {label} from 1 to 5",
            }
        self.fields["period_start"].error_messages = {"required": "Enter the start of the period"}
        self.fields["period_end"].error_messages = {"required": "Enter the end of the period"}


class DateParts(forms.MultiValueField):
    """A GOV.UK date input (day, month, year), given on as the text "31/3/2027" so that the
    date is checked by the same rule as an imported one (`validation.day`)."""

    widget = forms.MultiWidget(
        widgets={"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}
    )

    def __init__(self, *, name: str, **kwargs) -> None:
        self.name = name
        parts = [forms.CharField(required=False) for _ in range(3)]
        super().__init__(fields=parts, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[str]) -> str:
        if not data_list:
            return ""
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            word
            for word, part in zip(("day", "month", "year"), (day, month, year), strict=True)
            if not part
        ]
        if missing:
            raise forms.ValidationError(f"The {self.name} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(
                f"The {self.name} must be written in numbers, like 31 3 2027"
            )
        if len(day) > 2 or len(month) > 2:
            raise forms.ValidationError(f"The {self.name} must be a real date, like 31 3 2027")
        if len(year) != 4:
            raise forms.ValidationError(
                f"The year of the {self.name} must have 4 digits, like 2027"
            )
        return f"{day}/{month}/{year}"


def date_parts(value: date) -> list[str]:
    return [str(value.day), str(value.month), str(value.year)]


class ContractForm(ChoosesOrganisation, forms.Form):
    """A contract typed in by hand. The values go to `contracts.create_contract` or
    `update_contract` as typed: the rules that check an imported row check them. So the
    fields set no length limits of their own: the rules give them, in their own words."""

    EXISTING, NEW = "existing", "new"

    supplier_kind = forms.ChoiceField(
        label="Supplier",
        choices=[(EXISTING, "A supplier already recorded"), (NEW, "A new supplier")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a supplier already recorded, or add a new one",
            "invalid_choice": "Choose a supplier already recorded, or add a new one",
        },
    )
    supplier = forms.ChoiceField(
        label="Choose the supplier",
        required=False,
        error_messages={"invalid_choice": "Choose a supplier from the list"},
    )
    supplier_name = forms.CharField(label="Supplier's name", required=False)
    companies_house_number = forms.CharField(
        label="Companies House number (optional)", required=False
    )
    sme = forms.BooleanField(
        label="The supplier is a small or medium-sized enterprise (SME)", required=False
    )
    title = forms.CharField(label="Title", required=False)
    reference = forms.CharField(label="Your reference (optional)", required=False)
    description = forms.CharField(
        label="Description (optional)", required=False,
        widget=forms.Textarea,
    )  # fmt: skip
    cpv_code = forms.CharField(label="CPV code", required=False)
    annual_value = forms.CharField(label="Annual value", required=False)
    total_value = forms.CharField(label="Total value", required=False)
    start_date = DateParts(name="start date", label="Start date")
    end_date = DateParts(name="end date", label="End date")
    extension_options = forms.CharField(
        label="Extension options (optional)", required=False,
        widget=forms.Textarea,
    )  # fmt: skip
    notice_period_months = forms.CharField(label="Notice period", required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=Contract.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the contract's status",
            "invalid_choice": "Choose the contract's status from the list",
        },
    )
    commons_asset = forms.ChoiceField(
        label="Asset in the commons (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose an asset from the list"},
    )
    seen_version = forms.CharField(required=False, widget=forms.HiddenInput)
    shared_with = forms.MultipleChoiceField(
        label="Partners who may see it (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose partner organisations from the list"},
    )

    def __init__(
        self,
        *args,
        organisations: list[Organisation],
        suppliers: list[Supplier],
        assets: list[Asset],
        partners: list[Organisation],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_organisation(organisations)
        self.fields["supplier"].choices = [("", "Choose a supplier")] + [
            (
                str(s.pk),
                s.name + (f" ({s.companies_house_number})" if s.companies_house_number else ""),
            )
            for s in suppliers
        ]
        self.fields["commons_asset"].choices = [("", "Not linked to an asset")] + [
            (str(a.pk), a.title) for a in assets
        ]
        self.fields["shared_with"].choices = [(str(o.pk), o.name) for o in partners]
        self._suppliers = {str(s.pk): s for s in suppliers}
        self._assets = {str(a.pk): a for a in assets}
        self._partners = {str(o.pk): o for o in partners}

    @classmethod
    def initial_for(cls, contract: Contract) -> dict:
        return {
            "supplier_kind": cls.EXISTING,
            "supplier": str(contract.supplier_id),
            "title": contract.title,
            "reference": contract.reference,
            "description": contract.description,
            "cpv_code": contract.cpv_code,
            "annual_value": f"{contract.annual_value:.2f}",
            "total_value": f"{contract.total_value:.2f}",
            "start_date": date_parts(contract.start_date),
            "end_date": date_parts(contract.end_date),
            "extension_options": contract.extension_options,
            "notice_period_months": str(contract.notice_period_months),
            "status": contract.status,
            "commons_asset": str(contract.commons_asset_id or ""),
            "shared_with": [str(pk) for pk in contract.shared_with.values_list("pk", flat=True)],
            "seen_version": version_of(contract),
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("supplier_kind") == self.EXISTING and not cleaned.get("supplier"):
            self.add_error("supplier", "Choose the supplier from the list, or add a new one")
        return cleaned

    def values(self) -> dict[str, object]:
        """The contract's details as typed, for the domain function (or its checks)."""
        data = self.cleaned_data
        names = (
            "title", "reference", "description", "cpv_code", "annual_value", "total_value",
            "start_date", "end_date", "extension_options", "notice_period_months", "status",
        )  # fmt: skip
        return {name: data[name] for name in names if name in data}

    def chosen(self) -> dict[str, object]:
        """The supplier, asset and partners chosen, as the domain functions take them."""
        data = self.cleaned_data
        return {
            "supplier": self.new_supplier() or self._suppliers[data["supplier"]],
            "commons_asset": self._assets.get(data["commons_asset"]),
            "shared_with": [self._partners[pk] for pk in data["shared_with"]],
        }

    def date_boxes_in_error(self, name: str) -> list[str]:
        """Which boxes of a date to mark: the missing ones, or all three if none is."""
        if not self.is_bound or name not in self.errors:
            return []
        boxes = ("day", "month", "year")
        missing = [box for box in boxes if not str(self.data.get(f"{name}_{box}", "")).strip()]
        return missing if 0 < len(missing) < 3 else list(boxes)

    def new_supplier(self) -> NewSupplier | None:
        """The supplier to add, when "a new supplier" is chosen."""
        data = self.cleaned_data
        if data.get("supplier_kind") != self.NEW:
            return None
        return NewSupplier(
            name=data.get("supplier_name", ""),
            companies_house_number=data.get("companies_house_number", ""),
            sme=bool(data.get("sme")),
        )

    def add_problems(self, problems: dict[str, str]) -> None:
        """Show the domain's messages against their fields (a field not on the form: on top)."""
        for field, message in problems.items():
            if field == "supplier" and self.cleaned_data.get("supplier_kind") == self.NEW:
                field = "supplier_name"
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
            elif field not in self.fields:
                self.add_error(None, message)
