"""Forms on an asset page: adopting it, recording interest in it, forking it, and picking
which of the person's organisations a one-button action (upgrading, withdrawing) is for;
and the forms on an adoption's own pages: updating it and stopping it.

Each form offers only the organisations the person may act for there; with one, the
choice is made for them and the field is left out.
"""

import re

from django import forms

from commonweal.commons.forms import RefusalShowingForm
from commonweal.commons.models import Adoption
from commonweal.organisations.models import Organisation, Team

Status = Adoption.Status
# A service code as service definitions have it (services/schema): lower-case words joined
# by hyphens, 60 characters at most.
SERVICE_CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SERVICE_CODE_RULE = (
    "Enter a service code of lower-case letters and numbers joined by hyphens, "
    "like wessex-missed-bin (60 characters or fewer)"
)


def parse_pounds(value: str, *, what: str) -> int | None:
    """A whole number of pounds as typed ("£12,000" is 12000); None when left empty."""
    text = value.replace("£", "").replace(",", "").strip()
    if not text:
        return None
    if text.startswith("-") and text[1:].strip().isdigit():
        raise forms.ValidationError(f"The {what} cannot be negative: enter 0 or more pounds")
    if not text.isdigit():
        raise forms.ValidationError(f"Enter the {what} in whole pounds, like 12000")
    return int(text)


class ForOrganisationForm(RefusalShowingForm):
    """Says which organisation acts: a choice among several, or the only one."""

    organisation_label = "Organisation"

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(org.pk): org for org in organisations}
        if len(organisations) > 1:
            self.fields["organisation"] = forms.ChoiceField(
                label=self.organisation_label,
                choices=[("", "Choose the organisation"), *self._organisation_choices()],
                error_messages={
                    "required": "Choose the organisation",
                    "invalid_choice": "Choose an organisation from the list",
                },
            )
            self.order_fields(["organisation"])

    def _organisation_choices(self) -> list[tuple[str, str]]:
        return [(pk, org.name) for pk, org in self.organisations.items()]

    def chosen_organisation(self) -> Organisation:
        chosen = self.cleaned_data.get("organisation")
        return self.organisations[chosen] if chosen else next(iter(self.organisations.values()))


class AdoptForm(ForOrganisationForm):
    """Adopting an asset. For a service definition, `teams` lists each organisation's teams
    so the one that will handle the requests can be chosen (where there are any)."""

    organisation_label = "Which organisation is adopting it?"

    status = forms.ChoiceField(
        label="How far have you got?",
        choices=[
            (Status.ADOPTED, "We use it"),
            (Status.PILOTING, "We are trying it out in a pilot"),
        ],
        initial=Status.ADOPTED,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you use it or are trying it out",
            "invalid_choice": "Choose whether you use it or are trying it out",
        },
    )
    annual_saving_pounds = forms.CharField(
        label="Estimated saving a year, in pounds (optional)", required=False
    )
    one_off_cost_pounds = forms.CharField(
        label="Estimated one-off cost, in pounds (optional)", required=False
    )

    def __init__(self, *args, teams: dict[int, list[Team]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.teams = teams or {}
        several = len(self.organisations) > 1
        offered = [
            (str(team.pk), f"{team.name} ({org.name})" if several else team.name)
            for org in self.organisations.values()
            for team in self.teams.get(org.pk, [])
        ]
        if offered:
            self.fields["team"] = forms.ChoiceField(
                label="Team that will handle the requests",
                choices=[("", "Choose a team"), *offered],
                required=False,
                error_messages={"invalid_choice": "Choose a team from the list"},
            )
            self.order_fields(["organisation", "team"])

    def clean_annual_saving_pounds(self) -> int | None:
        return parse_pounds(self.cleaned_data["annual_saving_pounds"], what="saving")

    def clean_one_off_cost_pounds(self) -> int | None:
        return parse_pounds(self.cleaned_data["one_off_cost_pounds"], what="cost")

    def clean(self) -> dict:
        cleaned = super().clean()
        if "team" not in self.fields or self.has_error("organisation"):
            return cleaned
        organisation = self.chosen_organisation()
        its_teams = {str(team.pk): team for team in self.teams.get(organisation.pk, [])}
        chosen = cleaned.get("team")
        if its_teams and not chosen and not self.has_error("team"):
            self.add_error("team", "Choose the team that will handle the requests")
        elif chosen and chosen not in its_teams:
            self.add_error("team", f"Choose one of {organisation.name}'s teams")
        return cleaned

    def chosen_team(self) -> Team | None:
        organisation = self.chosen_organisation()
        chosen = self.cleaned_data.get("team")
        return next((t for t in self.teams.get(organisation.pk, []) if str(t.pk) == chosen), None)

    def adoption_values(self) -> dict[str, object]:
        return {
            "status": self.cleaned_data["status"],
            "annual_saving_pounds": self.cleaned_data["annual_saving_pounds"],
            "one_off_cost_pounds": self.cleaned_data["one_off_cost_pounds"],
        }


class InterestForm(ForOrganisationForm):
    organisation_label = "Which organisation needs it?"

    note = forms.CharField(
        label="What would you use it for? (optional)", required=False, widget=forms.Textarea
    )


class ForkForm(ForOrganisationForm):
    """Forking an asset; a service definition's copy needs a service code of its own."""

    organisation_label = "Which organisation will own the copy?"

    title = forms.CharField(label="Title of your copy (optional)", required=False)

    def __init__(self, *args, needs_code: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if needs_code:
            self.fields["service_code"] = forms.CharField(
                label="Service code for your copy",
                error_messages={"required": "Enter a service code for your copy"},
            )

    def clean_service_code(self) -> str:
        code = self.cleaned_data["service_code"].strip()
        if len(code) > 60 or not SERVICE_CODE.match(code):
            raise forms.ValidationError(SERVICE_CODE_RULE)
        return code

    def fork_values(self) -> dict[str, str]:
        values = {"title": self.cleaned_data["title"]}
        if "service_code" in self.fields:
            values["service_code"] = self.cleaned_data["service_code"]
        return values


STATUS_WORDS = {
    Status.INTERESTED: "We are interested in it",
    Status.PILOTING: "We are trying it out in a pilot",
    Status.ADOPTED: "We use it",
}


class AdoptionForm(RefusalShowingForm):
    """Updating an adoption: how far it has got (when it can move on) and what it saves."""

    annual_saving_pounds = forms.CharField(
        label="Estimated saving a year, in pounds", required=False
    )
    one_off_cost_pounds = forms.CharField(label="Estimated one-off cost, in pounds", required=False)
    notes = forms.CharField(
        label="How you worked the figures out (optional)", required=False, widget=forms.Textarea
    )

    def __init__(self, *args, adoption: Adoption, statuses: list[str], **kwargs) -> None:
        kwargs.setdefault("initial", initial_for_adoption(adoption))
        super().__init__(*args, **kwargs)
        self.adoption = adoption
        if len(statuses) > 1:
            self.fields["status"] = forms.ChoiceField(
                label="How far have you got?",
                choices=[(status, STATUS_WORDS[status]) for status in statuses],
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Choose how far you have got",
                    "invalid_choice": "Choose how far you have got from the list",
                },
            )
            self.order_fields(["status"])

    def clean_annual_saving_pounds(self) -> int | None:
        return parse_pounds(self.cleaned_data["annual_saving_pounds"], what="saving")

    def clean_one_off_cost_pounds(self) -> int | None:
        return parse_pounds(self.cleaned_data["one_off_cost_pounds"], what="cost")

    def adoption_values(self) -> dict[str, object]:
        return {
            "status": self.cleaned_data.get("status") or self.adoption.status,
            "annual_saving_pounds": self.cleaned_data["annual_saving_pounds"],
            "one_off_cost_pounds": self.cleaned_data["one_off_cost_pounds"],
            "notes": self.cleaned_data["notes"],
        }


def initial_for_adoption(adoption: Adoption) -> dict[str, object]:
    def typed(amount: int | None) -> str:
        return "" if amount is None else str(amount)

    return {
        "status": adoption.status,
        "annual_saving_pounds": typed(adoption.annual_saving_pounds),
        "one_off_cost_pounds": typed(adoption.one_off_cost_pounds),
        "notes": adoption.notes,
    }


class StopForm(RefusalShowingForm):
    reason = forms.CharField(
        label="Why are you stopping? (optional)", required=False, widget=forms.Textarea
    )


class ChosenOrganisationForm(ForOrganisationForm):
    """A one-button action: the organisation comes from a hidden field (or is the only one)."""
