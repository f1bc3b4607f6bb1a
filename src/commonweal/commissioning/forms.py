"""The forms of the commissioning pages. Domain functions check the values again."""

from django import forms

from commonweal.commissioning.models import Contract
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
