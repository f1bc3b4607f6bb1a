"""Forms of the service pages: a definition's text, and running a version."""

from django import forms

from commonweal.organisations.models import Organisation
from commonweal.workspace.forms import team_choices

TEXT_MAX = 200_000


def _organisation_field(organisations: list[Organisation]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Organisation",
        choices=[(str(org.pk), org.name) for org in organisations],
        error_messages={
            "required": "Choose the organisation",
            "invalid_choice": "Choose an organisation from the list",
        },
    )


class DefinitionForm(forms.Form):
    text = forms.CharField(
        label="Service definition (YAML or JSON)",
        max_length=TEXT_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30}),
        error_messages={
            "required": "Enter the service definition",
            "max_length": f"The definition must be {TEXT_MAX:,} characters or fewer",
        },
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(org.pk): org for org in organisations}
        if len(organisations) > 1:
            self.fields["organisation"] = _organisation_field(organisations)

    def chosen_organisation(self) -> Organisation:
        chosen = self.cleaned_data.get("organisation")
        return self.organisations[chosen] if chosen else next(iter(self.organisations.values()))

    def filename(self) -> str:
        """JSON when the text starts with a brace; YAML otherwise."""
        return (
            "definition.json"
            if self.cleaned_data["text"].lstrip().startswith("{")
            else ("definition.yaml")
        )


class RunOfferingForm(forms.Form):
    team = forms.ChoiceField(
        label="Team that handles the requests",
        error_messages={
            "required": "Choose the team that handles the requests",
            "invalid_choice": "Choose a team from the list",
        },
    )
    live = forms.ChoiceField(
        label="Take requests from residents now?",
        choices=[("yes", "Yes, live"), ("no", "No, not yet")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the service takes requests now"},
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(org.pk): org for org in organisations}
        self.fields["team"].choices = [
            ("", "Choose a team"),
            *team_choices([org.pk for org in organisations]),
        ]
        if len(organisations) > 1:
            self.fields["organisation"] = _organisation_field(organisations)
            self.order_fields(["organisation", "team", "live"])

    def chosen_organisation(self) -> Organisation:
        chosen = self.cleaned_data.get("organisation")
        return self.organisations[chosen] if chosen else next(iter(self.organisations.values()))
