"""The portal's forms: the directory's filters, contact details, tracking, ratings, nearby."""

from django import forms

from commonweal.cases import references
from commonweal.cases.submission import ReporterDetails, reporter_errors
from commonweal.organisations.models import Kind, Nation

SCORE_CHOICES = [
    (5, "5: very satisfied"),
    (4, "4: satisfied"),
    (3, "3: neither satisfied nor dissatisfied"),
    (2, "2: dissatisfied"),
    (1, "1: very dissatisfied"),
]
RADIUS_CHOICES = [(250, "250 metres"), (500, "500 metres"), (1000, "1 kilometre"),
                  (2000, "2 kilometres"), (5000, "5 kilometres")]  # fmt: skip
DEFAULT_RADIUS = 1000


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", max_length=200, required=False, strip=True)
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Any kind"), *Kind.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a kind of organisation from the list"},
    )
    nation = forms.ChoiceField(
        label="Nation",
        choices=[("", "Any nation"), *Nation.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a nation from the list"},
    )


class ContactForm(forms.Form):
    """The resident's contact details: each optional; checked by intake's own rules."""

    name = forms.CharField(label="Full name (optional)", max_length=200, required=False)
    email = forms.CharField(label="E-mail address (optional)", max_length=254, required=False)
    phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)
    consent = forms.BooleanField(
        label="You may contact me if you need to know more about this request", required=False
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        details = ReporterDetails(
            name=cleaned.get("name", ""),
            email=cleaned.get("email", ""),
            phone=cleaned.get("phone", ""),
            consent=cleaned.get("consent", False),
        )
        for key, messages in reporter_errors(details).items():
            for message in messages:
                self.add_error(key.removeprefix("reporter."), message)
        return cleaned


class TrackForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        max_length=40,
        error_messages={"required": "Enter your reference, like CW-7K3F-9Q2M"},
    )

    def clean_reference(self) -> str:
        text = self.cleaned_data["reference"]
        if not references.is_reference(text):
            raise forms.ValidationError(
                "Enter a reference in the right form: CW, then 2 groups of 4 letters and "
                "numbers, like CW-7K3F-9Q2M"
            )
        return references.normalise(text)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label="How satisfied are you with the outcome?",
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how satisfied you are, from 1 to 5",
            "invalid_choice": "Select how satisfied you are, from 1 to 5",
        },
    )
    comment = forms.CharField(
        label="Tell us more (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "Enter a comment of 2,000 characters or fewer"},
    )


class NearbyForm(forms.Form):
    """Where to look for reports, and which ones: read from the query string."""

    lat = forms.FloatField(
        label="Latitude",
        min_value=-90,
        max_value=90,
        error_messages={
            "required": "Enter the latitude, like 52.2053",
            "invalid": "The latitude must be a number, like 52.2053",
            "min_value": "The latitude must be between -90 and 90",
            "max_value": "The latitude must be between -90 and 90",
        },
    )
    lon = forms.FloatField(
        label="Longitude",
        min_value=-180,
        max_value=180,
        error_messages={
            "required": "Enter the longitude, like 0.1218",
            "invalid": "The longitude must be a number, like 0.1218",
            "min_value": "The longitude must be between -180 and 180",
            "max_value": "The longitude must be between -180 and 180",
        },
    )
    radius = forms.TypedChoiceField(
        label="Within",
        choices=RADIUS_CHOICES,
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS,
        error_messages={"invalid_choice": "Choose a distance from the list"},
    )
    service = forms.ChoiceField(
        label="Service",
        required=False,
        error_messages={"invalid_choice": "Choose a service from the list"},
    )
    status = forms.ChoiceField(
        label="Open or closed",
        choices=[("", "Open and closed"), ("open", "Open"), ("closed", "Closed")],
        required=False,
        error_messages={"invalid_choice": "Choose open, closed, or both"},
    )

    def __init__(self, *args, services: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "Any service"), *services]
