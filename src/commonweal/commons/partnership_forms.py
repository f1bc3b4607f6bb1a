"""Forms for managing a partnership's members: adding one, and changing a member's role."""

from django import forms

from commonweal.commons.forms import RefusalShowingForm
from commonweal.commons.models import PartnershipMember
from commonweal.organisations.models import Organisation

ROLE_CHOICES = [
    (PartnershipMember.Role.MEMBER, "Member"),
    (PartnershipMember.Role.LEAD, "Lead: its administrators manage the partnership and its assets"),
]


def role_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose lead or member",
            "invalid_choice": "Choose lead or member",
        },
    )


class RoleForm(RefusalShowingForm):
    role = role_field("Role in the partnership")


class AddMemberForm(RefusalShowingForm):
    """Choose an active organisation that is not a member yet, and its role."""

    organisation = forms.ChoiceField(
        label="Organisation",
        error_messages={
            "required": "Choose the organisation to add",
            "invalid_choice": "Choose an organisation from the list",
        },
    )
    role = role_field("Its role in the partnership")

    def __init__(self, *args, candidates: list[Organisation], **kwargs) -> None:
        kwargs.setdefault("initial", {"role": PartnershipMember.Role.MEMBER})
        super().__init__(*args, **kwargs)
        self.candidates = {str(org.pk): org for org in candidates}
        self.fields["organisation"].choices = [
            ("", "Choose the organisation"),
            *((pk, org.name) for pk, org in self.candidates.items()),
        ]

    def chosen_organisation(self) -> Organisation:
        return self.candidates[self.cleaned_data["organisation"]]
