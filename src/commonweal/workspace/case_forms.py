"""The forms on a case page. Each carries the case version the page showed."""

from django import forms

from commonweal.cases.queries import normalise_reference
from commonweal.organisations.models import Organisation
from commonweal.services.engine import Transition
from commonweal.workspace.forms import staff_choices, team_choices

NOTE_MAX = 5000


class CaseForm(forms.Form):
    main_field = "version"  # where a refusal of the change as asked is shown
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "required": "The page is missing the case version: reload the page",
            "invalid": "The page is missing the case version: reload the page",
        },
    )

    extra: dict = {}  # the arguments a subclass needs to be made again

    def with_version(self, version: int) -> "CaseForm":
        """The same form, keeping what was typed, for the case's current version."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        return type(self)(data, prefix=self.prefix, **self.extra)


def _note(label: str, *, required: bool, message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": message,
            "max_length": f"Enter {NOTE_MAX:,} characters or fewer",
        },
    )


class TransitionForm(CaseForm):
    main_field = "public_note"
    public_note = _note("Public note for the resident", required=False)

    def __init__(self, *args, transition: Transition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.transition, self.extra = transition, {"transition": transition}
        if transition.public_note_required:
            self.fields["public_note"] = _note(
                f"Public note for the resident ({transition.label.lower()})",
                required=True,
                message="Enter a public note telling the resident what was done and why",
            )


class NoteForm(CaseForm):
    main_field = "text"
    text = _note("Note", required=True, message="Enter the note")
    visibility = forms.ChoiceField(
        label="Who can see it",
        choices=[
            ("internal", "Staff only (internal)"),
            ("public", "The resident and the public too"),
        ],
        widget=forms.RadioSelect,
        initial="internal",
        error_messages={"required": "Choose who can see the note"},
    )


class AssignForm(CaseForm):
    main_field = "team"
    team = forms.ChoiceField(
        label="Team",
        required=False,
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    assignee = forms.ChoiceField(
        label="Person",
        required=False,
        error_messages={"invalid_choice": "Choose a person from the list"},
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.extra = {"organisation": organisation}
        self.fields["team"].choices = [("", "No team"), *team_choices([organisation.pk])]
        self.fields["assignee"].choices = [("", "Nobody"), *staff_choices([organisation.pk])]


class MergeForm(CaseForm):
    main_field = "into"
    into = forms.CharField(
        label="Reference of the case it repeats",
        max_length=20,
        error_messages={"required": "Enter the reference of the case it repeats"},
    )

    def clean_into(self) -> str:
        reference = normalise_reference(self.cleaned_data["into"])
        if reference is None:
            raise forms.ValidationError("Enter a reference like CW-7K3F-9Q2M")
        return reference


class ReopenForm(CaseForm):
    main_field = "note"
    note = _note("Why it is reopened (optional)", required=False)
